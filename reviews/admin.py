"""Admin for the review models.

Rubrics are edited here by staff. Assignments, known conflicts and reviews are mostly
read-only: changing them goes through the board's pages (reviews.services), so object
permissions, conflicts and application states stay consistent.
"""

from django.contrib import admin

from reviews.models import (
    Assignment,
    Criterion,
    KnownConflict,
    Review,
    ReviewRevision,
    Rubric,
    Score,
)

LOCKED_SCALE_FIELDS = ("scale_min", "scale_max")


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = (
        "position",
        "name",
        "guidance",
        "weight",
        "scale_min",
        "scale_max",
        "level_descriptions",
        "allows_na",
    )

    def get_readonly_fields(self, request, obj=None):
        # Once a review exists, stored scores depend on the scales; weights may still change.
        if obj is not None and obj.is_locked:
            return LOCKED_SCALE_FIELDS
        return ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ("cycle", "criteria_count", "asks_recommendation", "locked")
    list_select_related = ("cycle",)
    inlines = [CriterionInline]
    search_fields = ("cycle__title",)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(criteria_total=Count("criteria"))

    @admin.display(description="criteria", ordering="criteria_total")
    def criteria_count(self, obj):
        return obj.criteria_total

    @admin.display(boolean=True, description="scales locked")
    def locked(self, obj):
        return obj.is_locked

    def get_readonly_fields(self, request, obj=None):
        return ("cycle",) if obj is not None else ()


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("application", "reviewer", "status", "due_at", "assigned_at")
    list_filter = ("status", "application__cycle")
    list_select_related = ("application", "reviewer")
    search_fields = ("reviewer__email", "reviewer__full_name", "application__title")
    readonly_fields = (
        "application",
        "reviewer",
        "assigned_by",
        "assigned_at",
        "status",
        "no_conflict_declared_at",
        "conflict_declared_at",
        "conflict_reason",
    )

    def has_add_permission(self, request):
        # Assign on the board's assignment page: it grants the object permission too.
        return False


@admin.register(KnownConflict)
class KnownConflictAdmin(admin.ModelAdmin):
    list_display = ("reviewer", "applicant", "reason", "recorded_by", "recorded_at")
    list_select_related = ("reviewer", "applicant", "recorded_by")
    search_fields = ("reviewer__email", "applicant__email", "reason")
    readonly_fields = ("reviewer", "applicant", "recorded_by", "recorded_at")

    def has_add_permission(self, request):
        # Record conflicts on the board's conflicts page: it also recuses pending work.
        return False


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ("criterion", "value", "is_na", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RevisionInline(admin.TabularInline):
    model = ReviewRevision
    extra = 0
    can_delete = False
    fields = (
        "revised_by",
        "revised_at",
        "old_scores",
        "new_scores",
        "old_recommendation",
        "new_recommendation",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reviewer", "recommendation", "submitted_at")
    list_filter = ("assignment__application__cycle", "recommendation")
    list_select_related = ("assignment__reviewer",)
    readonly_fields = ("assignment", "overall_comment", "recommendation", "submitted_at")
    inlines = [ScoreInline, RevisionInline]

    @admin.display(description="reviewer")
    def reviewer(self, obj):
        return obj.assignment.reviewer

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Reviews belong to their reviewers; the admin only shows them.
        return False
