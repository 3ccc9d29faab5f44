from django.contrib import admin

from careerhub.committees.models import (
    Committee,
    CommitteeMember,
    Decision,
    DecisionUpdate,
    Meeting,
)
from careerhub.core.admin import AccessLoggedAdmin


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ("user", "company")


@admin.register(Committee)
class CommitteeAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("name", "kind")
    inlines = [MemberInline]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("committee", "number", "held_at", "status", "minutes_published_at")
    list_filter = ("committee", "status")
    filter_horizontal = ("attendees",)
    inlines = [DecisionInline]


class DecisionUpdateInline(admin.TabularInline):
    model = DecisionUpdate
    extra = 0
    readonly_fields = ("status", "note", "recorded_by", "recorded_at")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("meeting", "number", "owner", "due_on", "status")
    list_filter = ("status", "meeting__committee")
    inlines = [DecisionUpdateInline]
