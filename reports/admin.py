"""Staff configure each cycle's report requests here, with their questions inline. A new
request with no questions gets the society's standard impact measures; the action "Add
the standard impact measures" adds the missing ones to existing requests in one click.
Reports are shown for reference: their state moves through reports.services only."""

from django.contrib import admin, messages

from reports.models import Report, ReportEvent, ReportQuestion, ReportRequest
from reports.services import add_standard_measures


class ReportQuestionInline(admin.TabularInline):
    model = ReportQuestion
    extra = 1
    fields = [
        "position",
        "label",
        "kind",
        "measure",
        "required",
        "minimum",
        "maximum",
        "unit",
        "choices",
        "help_text",
    ]


@admin.register(ReportRequest)
class ReportRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "kind", "due_on", "due_days_after_acceptance"]
    list_filter = ["cycle", "kind"]
    inlines = [ReportQuestionInline]
    actions = ["add_measures"]
    fieldsets = [
        (None, {"fields": ["cycle", "kind", "title", "instructions"]}),
        (
            "Due",
            {
                "fields": ["due_on", "due_days_after_acceptance"],
                "description": "Give exactly one: a fixed date, or days after the grantee accepts.",
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.questions.exists():
            add_standard_measures(form.instance)
            messages.info(request, "The standard impact measures were added to the new request.")

    @admin.action(description="Add the standard impact measures")
    def add_measures(self, request, queryset):
        added = sum(len(add_standard_measures(report_request)) for report_request in queryset)
        self.message_user(request, f"{added} standard question(s) added.")


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "name", "source", "target", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["request", "application", "state", "due_on", "submitted_at"]
    list_filter = ["state", "request__cycle"]
    readonly_fields = ["request", "application", "state", "submitted_at", "accepted_at"]
    fields = [*readonly_fields, "due_on", "changes_note"]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False
