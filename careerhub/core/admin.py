from django.contrib import admin

from careerhub.core.models import AccessRecord, Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "kind", "verb", "target_type", "target_id")
    list_filter = ("kind", "verb", "target_type")
    search_fields = ("target_id", "verb", "actor__email")
    readonly_fields = ("at", "actor", "kind", "verb", "target_type", "target_id", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: access records are never added, changed or deleted through the app."""

    list_display = ("at", "actor_email", "actor_roles", "ip", "action", "page", "subject_count")
    list_filter = ("action", "page")
    search_fields = ("actor_email", "actor_name", "page", "path")
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
