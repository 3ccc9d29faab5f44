"""Read-mostly admin: runs and results are written by the services, never by hand."""

from django.contrib import admin

from careerhub.core.admin import AccessLoggedAdmin
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchRound,
    PlanConstraint,
    PlanRun,
    RecommendationRun,
)


class ReadOnlyAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecommendationRun)
class RecommendationRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "subject",
        "trainee",
        "posting",
        "considered",
        "duration_ms",
        "created_at",
    )
    list_filter = ("subject",)
    raw_id_fields = ("trainee", "posting")


@admin.register(PlanRun)
class PlanRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "cohort",
        "course",
        "status",
        "placed_count",
        "trainee_count",
        "requested_by",
        "created_at",
    )
    list_filter = ("status", "cohort")
    exclude = ("input_snapshot",)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("trainee", "opening_label", "kind", "reason", "created_at")
    list_filter = ("kind", "reason")
    raw_id_fields = ("trainee",)


@admin.register(PlanConstraint)
class PlanConstraintAdmin(ReadOnlyAdmin):
    list_display = ("cohort", "trainee", "opening_label", "kind", "created_by", "created_at")
    list_filter = ("kind",)


@admin.register(ApplicationSuggestion)
class ApplicationSuggestionAdmin(ReadOnlyAdmin):
    list_display = ("trainee", "opening_label", "status", "suggested_by", "created_at")
    list_filter = ("status",)


class MatchDayPostingInline(admin.TabularInline):
    model = MatchDayPosting
    extra = 0
    raw_id_fields = ("posting",)


class MatchDayTraineeInline(admin.TabularInline):
    model = MatchDayTrainee
    extra = 0
    raw_id_fields = ("trainee",)


class MatchRoundInline(admin.TabularInline):
    model = MatchRound
    extra = 0
    fields = ("number", "deadline", "status", "matched_at", "published_at", "blocking_pairs")
    readonly_fields = fields


@admin.register(MatchDay)
class MatchDayAdmin(ReadOnlyAdmin):
    list_display = ("title", "held_on", "operator", "cohort", "created_by")
    inlines = (MatchRoundInline, MatchDayPostingInline, MatchDayTraineeInline)
