from django.contrib import admin

from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    DemandRevision,
    JobPosting,
    PostingImport,
    PostingSkill,
    SurveyRound,
)


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "opens_at", "closes_at")


class DemandLineInline(admin.TabularInline):
    model = DemandLine
    extra = 0
    fields = ("role", "headcount", "earliest_month", "latest_month", "region")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # demand changes through the survey pages, which keep every revision


class DemandRevisionInline(admin.TabularInline):
    model = DemandRevision
    extra = 0
    fields = ("number", "action", "saved_by", "saved_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DemandResponse)
class DemandResponseAdmin(admin.ModelAdmin):
    list_display = ("round", "company", "status", "submitted_at")
    list_filter = ("round", "status")
    search_fields = ("company__name",)
    readonly_fields = ("status", "submitted_at", "submitted_by")
    inlines = [DemandLineInline, DemandRevisionInline]


class PostingSkillInline(admin.TabularInline):
    model = PostingSkill
    extra = 0


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "role", "status", "deadline", "source", "needs_review")
    list_filter = ("status", "source", "needs_review", "region")
    search_fields = ("title", "company__name")
    readonly_fields = ("status", "published_at", "import_batch", "source_key")
    inlines = [PostingSkillInline]


@admin.register(PostingImport)
class PostingImportAdmin(admin.ModelAdmin):
    list_display = ("file_name", "operator", "uploaded_at", "created_count", "duplicate_count")
    readonly_fields = [f.name for f in PostingImport._meta.fields]
