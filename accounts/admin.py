from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PractitionerVerification, SecurityEvent, User


class PractitionerVerificationInline(admin.TabularInline):
    """The audit of a person's verification: read only; changes go through the office page."""

    model = PractitionerVerification
    fk_name = "practitioner"
    fields = ["created_at", "action", "actor", "source", "listing", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-created_at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [PractitionerVerificationInline]
    readonly_fields = ["listing_verified_at", "listing_verified_by"]
    ordering = ["email"]
    list_display = ["email", "full_name", "role_list", "is_active", "date_joined"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["email", "full_name", "listing"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Person",
            {
                "fields": [
                    "full_name",
                    "credentials",
                    "city",
                    "region",
                    "country",
                    "listing",
                    "listing_verified_at",
                    "listing_verified_by",
                    "phone",
                    "wants_reminders",
                    "email_verified_at",
                ]
            },
        ),
        (
            "Roles",
            {
                "fields": ["groups", "is_active", "is_staff", "is_superuser"],
                "description": "Roles are the groups Applicant, Reviewer, Board and Staff.",
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="Roles")
    def role_list(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


# django-otp's device admins: its `config` and `qrcode` views answered 500 for a missing id
# and 403 for a real one (so ids could be probed) and show the key. Here both are a 404.
class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    def config_view(self, request, pk):
        raise Http404

    def qrcode_view(self, request, pk):
        raise Http404


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "kind", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
