from django.contrib import admin

from careerhub.applications.models import Application, StageChange
from careerhub.core.admin import AccessLoggedAdmin


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "reason", "details", "actor", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    """Read-only: stages change through the app, where the transition table applies."""

    list_display = ("trainee", "posting", "status", "on_behalf", "updated_at")
    list_filter = ("status", "on_behalf")
    search_fields = ("trainee__name", "posting__title", "posting__company__name")
    inlines = [StageChangeInline]

    def has_change_permission(self, request, obj=None):
        return False
