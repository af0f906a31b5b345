"""The outbox for staff: every email with its status and error, filters, and "resend"."""

from django.contrib import admin, messages

from notifications import delivery
from notifications.models import Email, Notice, ReminderLog


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to_address", "subject", "event", "status", "attempts", "sent_at"]
    list_filter = ["status", "event", "cycle", "created_at"]
    search_fields = ["to_address", "subject", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["resend"]
    # The outbox is a record: nothing in a row is edited by hand, only resent.
    readonly_fields = [
        "recipient",
        "to_address",
        "subject",
        "event",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "created_at",
        "sent_at",
        "cycle",
        "application",
        "related_ref",
        "resend_of",
        "body_text",
        "body_html",
    ]
    fieldsets = [
        (None, {"fields": ["recipient", "to_address", "subject", "event"]}),
        (
            "Delivery",
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "claimed_at",
                    "created_at",
                    "sent_at",
                    "resend_of",
                ]
            },
        ),
        ("About", {"fields": ["cycle", "application", "related_ref"]}),
        ("Content", {"fields": ["body_text", "body_html"]}),
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Resend the selected emails", permissions=["change"])
    def resend(self, request, queryset):
        counts = delivery.resend(queryset.order_by("pk"))
        self.message_user(
            request,
            f"Queued again: {counts['requeued']}. Sent ones copied and queued: "
            f"{counts['copied']}. Left alone while sending: {counts['skipped']}.",
            messages.SUCCESS,
        )


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "event", "read_at"]
    list_filter = ["event", "created_at"]
    search_fields = ["title", "user__email", "user__full_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "event", "title", "body", "url", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "object_id", "recipient"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    readonly_fields = ["kind", "object_id", "recipient", "email", "sent_at"]

    def has_add_permission(self, request):
        return False
