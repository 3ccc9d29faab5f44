from django.contrib import admin

from careerhub.core.admin import AccessLoggedAdmin
from careerhub.messaging.models import Message, MessageBatch


@admin.register(Message)
class MessageAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    """Read-only: messages are written by the services that cause them and sent by the queue;
    staff send a failed one again from the outbox page (/messages/)."""

    list_display = ("created_at", "kind", "to_address", "subject", "status", "attempts")
    list_filter = ("status", "kind", "channel")
    search_fields = ("to_address", "subject")
    exclude = ("body", "html_body")  # a sign-in link may be in it; the outbox page decides
    readonly_fields = ("last_error",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MessageBatch)
class MessageBatchAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
