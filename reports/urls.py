from django.urls import path

from reports import office_views, views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.report_edit, name="edit"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/documents/<int:answer_pk>/", views.document, name="document"),
    path("office/", office_views.office_cycles, name="office"),
    path("office/cycles/<slug:slug>/", office_views.cycle_reports, name="cycle"),
    path("office/<int:pk>/", office_views.review, name="review"),
    path("impact/", office_views.impact_page, name="impact"),
    path("impact/reports/", office_views.impact_reports, name="impact_reports"),
    path("impact.csv", office_views.impact_csv, name="impact_csv"),
]
