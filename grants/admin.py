"""Staff configure cycles and their extra questions here. Applications are shown for
reference and small corrections only: their state moves through grants.services, never
through a form here, so every change is checked and audited."""

from django.contrib import admin

from grants.models import (
    Answer,
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Cycle,
    CycleQuestion,
)


class CycleQuestionInline(admin.TabularInline):
    model = CycleQuestion
    extra = 1
    fields = ["position", "label", "kind", "choices", "required", "help_text"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "time_zone", "total_budget", "max_request"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["decisions_released_at", "created_at"]
    inlines = [CycleQuestionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "description",
                    "eligibility",
                    "requires_verified_practitioner",
                ]
            },
        ),
        (
            "Dates",
            {
                "fields": ["opens_at", "closes_at", "time_zone"],
                "description": (
                    "Open from “opens at” up to, not including, “closes at”, on the server's "
                    "clock. Everyone sees the dates in the cycle's time zone."
                ),
            },
        ),
        ("Money", {"fields": ["currency", "total_budget", "max_request"]}),
        (
            "Review",
            {
                "fields": [
                    "reviewers_per_application",
                    "reviews_due_at",
                    "blind_review",
                    "reviewers_see_other_reviews",
                    "disagreement_spread",
                ]
            },
        ),
        ("Record", {"fields": ["decisions_released_at", "created_at"]}),
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = readonly_fields = ["position", "description", "amount"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = readonly_fields = ["question", "value"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = ["created_at", "name", "source", "target", "actor", "note"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "applicant", "state", "amount_requested", "submitted_at"]
    list_filter = ["cycle", "state", "purpose"]
    search_fields = ["title", "applicant__email", "applicant__full_name"]
    list_select_related = ["cycle", "applicant"]
    # State and decisions change only through grants.services (checked and audited).
    readonly_fields = [
        "cycle",
        "applicant",
        "state",
        "submitted_at",
        "returned_note",
        "deadline_extended_until",
        "awarded_amount",
        "decision_note",
        "decided_by",
        "decided_at",
        "unsaved_input",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["cycle", "applicant", "state", "submitted_at"]}),
        (
            "Content",
            {
                "fields": [
                    "title",
                    "purpose",
                    "summary",
                    "need_and_plan",
                    "beneficiaries",
                    "timeline",
                    "amount_requested",
                    "eligibility_confirmed",
                ]
            },
        ),
        (
            "Office",
            {"fields": ["returned_note", "deadline_extended_until", "unsaved_input"]},
        ),
        (
            "Decision",
            {"fields": ["awarded_amount", "decision_note", "decided_by", "decided_at"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [BudgetLineInline, AnswerInline, AttachmentInline, ApplicationEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
