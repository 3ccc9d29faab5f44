from django.contrib import admin

from careerhub.core.admin import AccessLoggedAdmin
from careerhub.outcomes.models import (
    EnrolmentIntent,
    Outcome,
    OutcomeRevision,
    RuleSet,
    StartupMember,
    StartupTeam,
)


class RevisionInline(admin.TabularInline):
    model = OutcomeRevision
    extra = 0
    can_delete = False
    readonly_fields = ("number", "change", "snapshot", "note", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Outcome)
class OutcomeAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    """Read-mostly: outcomes change through the app so that every change is kept."""

    list_display = ("trainee", "outcome_type", "status", "start_date", "insurance", "verified_by")
    list_filter = ("status", "outcome_type", "insurance", "source")
    search_fields = ("trainee__name", "company__name", "company_name")
    raw_id_fields = ("trainee", "company", "startup_team", "verified_by")
    exclude = ("evidence_file",)  # private: served only by the evidence view, which records
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "kind", "name", "effective_from")
    list_filter = ("kind",)


@admin.register(EnrolmentIntent)
class EnrolmentIntentAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("trainee", "intent", "recorded_on")
    raw_id_fields = ("trainee", "recorded_by")


class MemberInline(admin.TabularInline):
    model = StartupMember
    extra = 0
    raw_id_fields = ("trainee",)


@admin.register(StartupTeam)
class StartupTeamAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("name", "operator", "stage", "business_number", "registered_on")
    list_filter = ("stage", "operator")
    inlines = [MemberInline]
