from django.contrib import admin

from careerhub.core.admin import AccessLoggedAdmin
from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ScreeningScore,
    ScreeningStage,
    SelectionOverride,
    SelectionRun,
)


class ChoiceInline(admin.TabularInline):
    model = ApplicationChoice
    extra = 0
    fields = ("rank", "course", "outcome", "waitlist_position", "total_score")
    readonly_fields = ("outcome", "waitlist_position", "total_score")
    raw_id_fields = ("course",)


@admin.register(Application)
class ApplicationAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("receipt_number", "name", "cohort", "source", "submitted_at", "withdrawn_at")
    list_filter = ("cohort", "source")
    search_fields = ("receipt_number", "name", "email")
    readonly_fields = ("receipt_number", "receipt_seq", "submitted_at", "trainee")
    raw_id_fields = ("trainee",)
    inlines = [ChoiceInline]


@admin.register(ScreeningStage)
class ScreeningStageAdmin(admin.ModelAdmin):
    list_display = ("name", "course", "kind", "weight", "max_score", "min_score")
    list_filter = ("course__cohort", "kind")


@admin.register(ScreeningScore)
class ScreeningScoreAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("choice", "stage", "score", "recorded_by", "recorded_at")
    raw_id_fields = ("choice",)


@admin.register(SelectionOverride)
class SelectionOverrideAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("choice", "kind", "reason", "created_by", "created_at", "revoked_at")
    raw_id_fields = ("choice",)


@admin.register(SelectionRun)
class SelectionRunAdmin(admin.ModelAdmin):
    list_display = ("cohort", "run_at", "run_by", "published_at", "published_by")
