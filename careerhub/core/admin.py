from django.contrib import admin

from careerhub.core.models import Event


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
