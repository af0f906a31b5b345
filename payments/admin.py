from django.contrib import admin

from payments.models import PayeeDetails, Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: payments are recorded on the treasurer's page, which checks the award."""

    list_display = ("application", "amount", "paid_on", "method", "recorded_by", "recorded_at")
    list_filter = ("method", "application__cycle")
    search_fields = ("application__title", "reference")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PayeeDetails)
class PayeeDetailsAdmin(admin.ModelAdmin):
    list_display = ("application", "legal_name", "tax_form_received", "updated_at")
    readonly_fields = ("application", "updated_at")

    def has_add_permission(self, request):
        return False
