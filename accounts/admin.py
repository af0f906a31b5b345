from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
                    "phone",
                    "wants_reminders",
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

    @admin.display(description="Roles")
    def role_list(self, obj):
        return ", ".join(group.name for group in obj.groups.all())
