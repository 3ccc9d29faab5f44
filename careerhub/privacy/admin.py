from django.contrib import admin

from careerhub.privacy.models import DestructionRecord


@admin.register(DestructionRecord)
class DestructionRecordAdmin(admin.ModelAdmin):
    """The register is written by the retention run only: read-only here."""

    list_display = ("at", "category", "count", "run_id")
    list_filter = ("category",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
