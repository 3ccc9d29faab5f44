from django.contrib import admin

from careerhub.consulting.models import ActionItem, Booking, Slot
from careerhub.core.admin import AccessLoggedAdmin


@admin.register(Slot)
class SlotAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("consultant", "operator", "starts_at", "ends_at", "mode", "withdrawn_at")
    list_filter = ("operator", "mode")
    raw_id_fields = ("consultant",)


@admin.register(Booking)
class BookingAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    """Notes are not shown here: they are for the consultant and the operator's staff."""

    list_display = ("trainee", "slot", "session_type", "status")
    list_filter = ("status", "session_type")
    raw_id_fields = ("slot", "trainee", "startup_team", "booked_by", "cancelled_by")


@admin.register(ActionItem)
class ActionItemAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ("title", "booking", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("booking", "created_by")
