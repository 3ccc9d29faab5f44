from django.contrib import admin

from careerhub.academy.models import (
    Cohort,
    Consent,
    Course,
    OperatorPartnership,
    PortfolioLink,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
    TrainingOperator,
)
from careerhub.core.admin import AccessLoggedAdmin


class PartnershipInline(admin.TabularInline):
    model = OperatorPartnership
    extra = 0
    autocomplete_fields = ("company",)


@admin.register(TrainingOperator)
class TrainingOperatorAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    search_fields = ("name", "short_name")
    inlines = [PartnershipInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "year",
        "training_start",
        "training_end",
        "application_opens_at",
        "application_closes_at",
        "capacity",
        "employment_target",
    )


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "cohort",
        "operator",
        "track_role",
        "capacity",
        "start_date",
        "end_date",
    )
    list_filter = ("cohort", "operator")
    search_fields = ("name",)
    autocomplete_fields = ("track_role",)


class TraineeSkillInline(admin.TabularInline):
    model = TraineeSkill
    extra = 0
    autocomplete_fields = ("skill",)


class PortfolioLinkInline(admin.TabularInline):
    model = PortfolioLink
    extra = 0


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ("purpose", "version", "granted_at", "withdrawn_at")

    def has_add_permission(self, request, obj=None):
        return False  # consent is the trainee's own act, never the admin's


class StatusChangeInline(admin.TabularInline):
    model = TraineeStatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "effective_on", "reason", "actor", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Trainee)
class TraineeAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("name", "course", "status", "available_from")
    list_filter = ("status", "course__cohort", "course__operator")
    search_fields = ("name", "email")
    autocomplete_fields = ("course", "user", "consultant", "desired_roles")
    inlines = [TraineeSkillInline, PortfolioLinkInline, ConsentInline, StatusChangeInline]
    readonly_fields = ("status", "completed_on", "dropped_on", "drop_reason")


from careerhub.academy.models import (  # noqa: E402
    Assessment,
    AssessmentScore,
    Milestone,
    Project,
    ProjectMember,
)


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ("trainee",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("team_name", "topic", "course", "company", "evaluation_score")
    list_filter = ("course__cohort",)
    search_fields = ("team_name", "topic", "company__name")
    raw_id_fields = ("course", "company")
    filter_horizontal = ("skills",)
    inlines = [ProjectMemberInline, MilestoneInline]


class AssessmentScoreInline(admin.TabularInline):
    model = AssessmentScore
    extra = 0
    raw_id_fields = ("trainee", "recorded_by")


@admin.register(Assessment)
class AssessmentAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("title", "kind", "course", "held_on", "pass_score", "max_score")
    list_filter = ("kind", "course__cohort")
    raw_id_fields = ("course",)
    filter_horizontal = ("skills",)
    inlines = [AssessmentScoreInline]
