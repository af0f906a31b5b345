"""Which real object fills each URL's parameters in the URL-wide tests.

Keyed by URL name; a name with a variant in brackets ("reviews:review [recused]")
requests the same URL pattern with other objects. Built from tests.security.world.
"""

from tests.reports.matrix import report_url_kwargs


def url_kwargs(world) -> dict:
    open_slug = {"slug": world.open_cycle.slug}
    closed_slug = {"slug": world.closed_cycle.slug}
    draft = {"pk": world.draft.pk}
    submitted = {"pk": world.submitted.pk}
    return {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "not-a-valid-token"},
        "accounts:two_factor_enrol_confirm": {"token": "not-a-valid-token"},
        "accounts:unlock": {"token": "not-a-valid-token"},
        "accounts:verify_email": {"token": "not-a-valid-token"},
        "grants:cycle_detail": open_slug,
        "grants:apply": open_slug,
        "grants:application_detail": draft,
        "grants:application_detail [submitted]": submitted,
        "grants:application_edit": draft,
        "grants:application_check": draft,
        "grants:application_autosave": draft,
        "grants:application_submitted": submitted,
        "grants:submit": draft,
        "grants:withdraw": draft,
        "grants:withdraw [submitted]": submitted,
        "grants:offer": draft,
        "grants:decline_offer": draft,
        "grants:agreement": draft,
        "grants:attachment_download": {**draft, "attachment_pk": world.attachment.pk},
        "grants:attachment_download [submitted]": {
            **submitted,
            "attachment_pk": world.submitted_attachment.pk,
        },
        "grants:attachment_delete": {**draft, "attachment_pk": world.attachment.pk},
        "grants:office_applications": closed_slug,
        "grants:office_application": submitted,
        "grants:office_return": submitted,
        "grants:office_extend": draft,
        "grants:office_start_review": submitted,
        "grants:office_complete_review": submitted,
        "grants:office_verify": {"pk": world.owner.pk},
        "grants:office_unverify": {"pk": world.owner.pk},
        "grants:office_verify [unknown]": {"pk": 10**9},  # no such account
        "reviews:review": {"pk": world.assignment.pk},
        "reviews:review [recused]": {"pk": world.recused_assignment.pk},
        "reviews:declare": {"pk": world.assignment.pk},
        "reviews:declare [recused]": {"pk": world.recused_assignment.pk},
        "reviews:attachment": {
            "pk": world.assignment.pk,
            "attachment_id": world.submitted_attachment.pk,
        },
        "reviews:attachment [recused]": {
            "pk": world.recused_assignment.pk,
            "attachment_id": world.submitted_attachment.pk,
        },
        "reviews:assignments": closed_slug,
        "reviews:auto_assign": closed_slug,
        "reviews:conflicts": closed_slug,
        "reviews:ranking": closed_slug,
        "reviews:remove_known_conflict": {"pk": world.known_conflict.pk},
        "reviews:board_application": submitted,
        "reviews:unassign": {"pk": world.assignment.pk},
        "decisions:desk": closed_slug,
        "decisions:bulk": closed_slug,
        "decisions:release": closed_slug,
        "decisions:export_xlsx": closed_slug,
        "decisions:export_csv": closed_slug,
        "decisions:application": {**closed_slug, **submitted},
        "decisions:decide": {**closed_slug, **submitted},
        "decisions:print": {**closed_slug, **submitted},
        "decisions:declare_conflict": {**closed_slug, **submitted},
        "decisions:correct": {**closed_slug, **submitted},
        "decisions:rescind": {**closed_slug, **submitted},
        "decisions:offer_next": closed_slug,
        "payments:award": submitted,
        "payments:payee": submitted,
        "notifications:mark_read": {"pk": world.owner_notice.pk},
        **report_url_kwargs(world),
    }
