"""A cycle's own text for one kind of decision letter (grants.letters has the defaults)."""

from django.core.exceptions import ValidationError
from django.db import models

from grants.letters import CATALOGUE, LetterKind, placeholder_list
from grants.markdown import placeholder_problems


class CycleLetter(models.Model):
    """Staff's subject and body for one kind of letter in one cycle; blank = the default."""

    cycle = models.ForeignKey("grants.Cycle", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    subject = models.CharField(
        max_length=200, blank=True, help_text="One line. Leave blank for the default subject."
    )
    body = models.TextField(
        blank=True,
        help_text=(
            "Markdown: paragraphs, **bold**, lists, links. No raw HTML. Leave blank for the "
            "default text. The greeting, the link and the reason-for-this-email footer are "
            "added to every letter."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="cycle_letter_once"),
        ]

    def __str__(self) -> str:
        return f"{LetterKind(self.kind).label} letter of {self.cycle}"

    def clean(self):
        super().clean()
        if self.kind not in LetterKind.values:
            return  # the field's own choice check says so
        known = CATALOGUE[LetterKind(self.kind)].placeholders
        errors = {}
        for field in ("subject", "body"):
            problems = placeholder_problems(getattr(self, field), known)
            if problems:
                errors[field] = [
                    *problems,
                    f"The {LetterKind(self.kind).label.lower()} letter may use: "
                    f"{placeholder_list(self.kind)}.",
                ]
        if errors:
            raise ValidationError(errors)
