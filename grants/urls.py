from django.urls import path

from grants.views import applicant, autosave, offer, office, public, verification

app_name = "grants"

urlpatterns = [
    path("cycles/", public.cycle_list, name="cycle_list"),
    path("cycles/<slug:slug>/", public.cycle_detail, name="cycle_detail"),
    path("cycles/<slug:slug>/apply/", applicant.apply, name="apply"),
    path("applications/", applicant.dashboard, name="dashboard"),
    path("applications/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applicant.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/autosave/",
        autosave.application_autosave,
        name="application_autosave",
    ),
    path("applications/<int:pk>/check/", applicant.application_check, name="application_check"),
    path("applications/<int:pk>/submit/", applicant.submit, name="submit"),
    path(
        "applications/<int:pk>/submitted/",
        applicant.application_submitted,
        name="application_submitted",
    ),
    path("applications/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("applications/<int:pk>/offer/", offer.offer, name="offer"),
    path("applications/<int:pk>/offer/decline/", offer.decline_offer, name="decline_offer"),
    path("applications/<int:pk>/agreement/", offer.agreement, name="agreement"),
    path(
        "applications/<int:pk>/documents/<int:attachment_pk>/",
        applicant.attachment_download,
        name="attachment_download",
    ),
    path(
        "applications/<int:pk>/documents/<int:attachment_pk>/delete/",
        applicant.attachment_delete,
        name="attachment_delete",
    ),
    path("office/", office.office_cycles, name="office_cycles"),
    path("office/cycles/<slug:slug>/", office.office_applications, name="office_applications"),
    path("office/applications/<int:pk>/", office.office_application, name="office_application"),
    path("office/applications/<int:pk>/return/", office.office_return, name="office_return"),
    path("office/applications/<int:pk>/extend/", office.office_extend, name="office_extend"),
    path(
        "office/applications/<int:pk>/start-review/",
        office.office_start_review,
        name="office_start_review",
    ),
    path(
        "office/applications/<int:pk>/complete-review/",
        office.office_complete_review,
        name="office_complete_review",
    ),
    path("office/practitioners/", verification.office_practitioners, name="office_practitioners"),
    path(
        "office/practitioners/import/",
        verification.office_directory_import,
        name="office_directory_import",
    ),
    path(
        "office/practitioners/<int:pk>/verify/",
        verification.office_verify,
        name="office_verify",
    ),
    path(
        "office/practitioners/<int:pk>/unverify/",
        verification.office_unverify,
        name="office_unverify",
    ),
]
