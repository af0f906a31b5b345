"""Forms of the review pages. They read and check input; the rules live in services."""

from django import forms

from accounts.models import User
from grants.forms_fields import LimitedTextField, PlainMessages, long_text
from reviews.models import Criterion, Recommendation
from reviews.services import ScoreInput

NA = "na"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ReviewForm(PlainMessages, forms.Form):
    """One radio group and one comment per criterion, then the overall comment and, when
    the rubric asks, a recommendation. `action` says which button was pressed."""

    SUBMIT_ACTIONS = ("submit", "submit_next")

    overall_comment = forms.CharField(
        label="Overall comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "What the board should know: strengths, concerns, questions. The board may share "
            "comments with a declined applicant, never with your name or scores."
        ),
    )
    recommendation = forms.ChoiceField(
        label="Your recommendation",
        required=False,
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, criteria: list[Criterion], asks_recommendation: bool, **kwargs):
        self.action = kwargs.pop("action", "draft")
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [
                (str(value), f"{value} — {text}" if text else str(value))
                for value, text in criterion.levels
            ]
            if criterion.allows_na:
                choices.append((NA, "N/A — does not apply to this application"))
            self.fields[self.score_name(criterion)] = forms.ChoiceField(
                label=f"{criterion.name} (scale {criterion.scale_min} to {criterion.scale_max})",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=criterion.guidance,
            )
            self.fields[self.comment_name(criterion)] = forms.CharField(
                label=f"Comment on {criterion.name.lower()} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if not asks_recommendation:
            del self.fields["recommendation"]
        # Keep the criteria first, in rubric order.
        order = [n for c in criteria for n in (self.score_name(c), self.comment_name(c))]
        self.order_fields(order)

    @staticmethod
    def score_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    @staticmethod
    def comment_name(criterion) -> str:
        return f"comment_{criterion.pk}"

    @classmethod
    def initial_from(cls, review) -> dict:
        if review is None:
            return {}
        initial = {"overall_comment": review.overall_comment}
        if review.recommendation:
            initial["recommendation"] = review.recommendation
        for score in review.scores.all():
            key = f"criterion_{score.criterion_id}"
            if score.is_na:
                initial[key] = NA
            elif score.value is not None:
                initial[key] = str(score.value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    @property
    def groups(self):
        """(criterion, score field, comment field) for the template, in rubric order."""
        return [(c, self[self.score_name(c)], self[self.comment_name(c)]) for c in self.criteria]

    @property
    def submitting(self) -> bool:
        return self.action in self.SUBMIT_ACTIONS

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                name = self.score_name(criterion)
                if name not in self.errors and not cleaned.get(name):
                    or_na = " or N/A" if criterion.allows_na else ""
                    self.add_error(name, f"Choose a score{or_na} before submitting.")
            if "recommendation" in self.fields and not cleaned.get("recommendation"):
                self.add_error("recommendation", "Choose a recommendation before submitting.")
        return cleaned

    def scores(self) -> dict[int, ScoreInput]:
        result = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(self.score_name(criterion)) or ""
            comment = self.cleaned_data.get(self.comment_name(criterion)) or ""
            result[criterion.pk] = ScoreInput(
                value=int(raw) if raw and raw != NA else None,
                is_na=raw == NA,
                comment=comment.strip(),
            )
        return result


class ConflictForm(PlainMessages, forms.Form):
    reason = long_text(
        label="What is the conflict?",
        rows=3,
        help_text="A few words are enough, for example: “a close friend” or “we share a clinic”. "
        "Only the board reads this.",
        max_length=2000,
    )


class AssignReviewersForm(PlainMessages, forms.Form):
    """Several reviewers for one application."""

    reviewers = PeopleChoiceField(
        label="Reviewers to add",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = pool


class AssignApplicationsForm(PlainMessages, forms.Form):
    """One reviewer for several applications (ticked in the matrix)."""

    reviewer = PersonChoiceField(label="Reviewer", queryset=User.objects.none())
    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": "Tick at least one application in the table."},
    )

    def __init__(self, *args, pool, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = pool
        self.fields["applications"].queryset = applications


class AutoAssignForm(PlainMessages, forms.Form):
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**31 - 1,
        help_text="The same seed with the same data always gives the same plan.",
    )
    max_per_reviewer = forms.IntegerField(
        label="Most reviews per reviewer in this cycle (optional)",
        min_value=1,
        max_value=10_000,
        required=False,
    )
    exclude_applicants_in_cycle = forms.BooleanField(
        label="Leave out reviewers who applied in this cycle",
        required=False,
        initial=True,
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)


class KnownConflictForm(PlainMessages, forms.Form):
    reviewer = PersonChoiceField(label="Reviewer", queryset=User.objects.none())
    applicant_email = forms.EmailField(
        label="Applicant's email address",
        help_text="The reviewer will never be assigned to this person's applications.",
    )
    reason = LimitedTextField(label="Reason (optional)", max_length=300, required=False)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = pool

    def clean_applicant_email(self):
        email = self.cleaned_data["applicant_email"]
        applicant = User.objects.filter(email__iexact=email).first()
        if applicant is None:
            raise forms.ValidationError(
                "Nobody has an account with this email address. Check the spelling."
            )
        self.cleaned_data["applicant"] = applicant
        return email
