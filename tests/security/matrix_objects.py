"""Which real object fills each URL's parameters in the URL-wide tests.

Keyed by URL name; a name with a variant in brackets ("reviews:review [recused]")
requests the same URL pattern with other objects. Built from tests.security.world.
"""

def url_kwargs(world) -> dict:
    open_slug = {"slug": world.open_cycle.slug}
    closed_slug = {"slug": world.closed_cycle.slug}
    draft = {"pk": world.draft.pk}
    submitted = {"pk": world.submitted.pk}
    return {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "not-a-valid-token"},
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
        "reviews:desk": closed_slug,
        "reviews:desk_bulk": closed_slug,
        "reviews:desk_release": closed_slug,
        "reviews:desk_export_xlsx": closed_slug,
        "reviews:desk_export_csv": closed_slug,
        "reviews:desk_application": {**closed_slug, **submitted},
        "reviews:desk_decide": {**closed_slug, **submitted},
        "reviews:application_print": {**closed_slug, **submitted},
        "notifications:mark_read": {"pk": world.owner_notice.pk},
    }
