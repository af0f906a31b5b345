"""The signed award agreement: what the grantee read, and how and when they signed it."""

from django.db import models

from grants.money import MONEY


class AwardAgreement(models.Model):
    """One grantee's acceptance of their award: the filled text they signed, kept as signed."""

    application = models.OneToOneField(
        "grants.Application", on_delete=models.CASCADE, related_name="agreement"
    )
    text = models.TextField(help_text="The agreement in Markdown, as it read when signed.")
    amount = models.DecimalField(**MONEY)
    signed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    # Where the signature came from (REMOTE_ADDR as the proxy passes it on).
    signed_from = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"Agreement for {self.application} signed by {self.signed_name}"
