"""Staff configure cycles and their extra questions here. Applications are shown for
reference and small corrections only: their state moves through grants.services, never
through a form here, so every change is checked and audited."""

from django import forms
from django.contrib import admin

from accounts.plain_words import PlainMessages
from grants.letters import CATALOGUE, LetterKind, placeholder_list
from grants.models import (
    Answer,
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Cycle,
    CycleLetter,
    CycleQuestion,
)


class CycleQuestionInline(admin.TabularInline):
    model = CycleQuestion
    extra = 1
    fields = ["position", "label", "kind", "choices", "required", "help_text"]


class LetterText(forms.CharField):
    """Browsers send line breaks as CRLF: an untouched default must compare equal."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class CycleLetterForm(PlainMessages, forms.ModelForm):
    body = LetterText(
        required=False, strip=True, widget=forms.Textarea(attrs={"rows": 12, "cols": 80})
    )

    class Meta:
        model = CycleLetter
        fields = ["kind", "subject", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.initial.get("kind") or self.instance.kind
        if kind in LetterKind.values:
            spec = CATALOGUE[LetterKind(kind)]
            self.fields["body"].help_text = (
                f"{spec.when} Placeholders: {placeholder_list(kind)}. "
                + CycleLetter._meta.get_field("body").help_text
            )
        self.fields["body"].label = "Body"

    def clean(self):
        # A text equal to the default is stored blank, so it keeps following the default.
        data = super().clean()
        kind = data.get("kind")
        if kind in LetterKind.values:
            spec = CATALOGUE[LetterKind(kind)]
            if data.get("subject", "").strip() == spec.subject:
                data["subject"] = ""
            if data.get("body", "").strip() == spec.body.strip():
                data["body"] = ""
        return data


class LetterFormSet(forms.BaseInlineFormSet):
    """Every kind the cycle has no text of yet is offered with its default text filled
    in; an untouched one is not saved, so the cycle keeps using the default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_extra = [
            {"kind": kind, "subject": CATALOGUE[kind].subject, "body": CATALOGUE[kind].body.strip()}
            for kind in missing_kinds(self.instance)
        ]


def missing_kinds(cycle) -> list[LetterKind]:
    have = set(cycle.letters.values_list("kind", flat=True)) if cycle.pk else set()
    return [kind for kind in LetterKind if kind not in have]


class CycleLetterInline(admin.StackedInline):
    model = CycleLetter
    form = CycleLetterForm
    formset = LetterFormSet
    fields = ["kind", "subject", "body"]
    max_num = len(LetterKind)
    verbose_name = "decision letter"
    verbose_name_plural = (
        "Decision letters (the text of each letter this cycle sends; delete one to go back "
        "to the default)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        return len(missing_kinds(obj)) if obj else len(LetterKind)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "time_zone", "total_budget", "max_request"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["decisions_released_at", "reviewer_comments_shared", "created_at"]
    inlines = [CycleQuestionInline, CycleLetterInline]
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
        (
            "After the award",
            {
                "fields": ["acceptance_deadline", "agreement_text"],
                "description": (
                    "The agreement a grantee signs to accept an award. Each decision "
                    "letter's text is below, with the cycle's questions."
                ),
            },
        ),
        (
            "Record",
            {"fields": ["decisions_released_at", "reviewer_comments_shared", "created_at"]},
        ),
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
