from django.contrib import admin

from careerhub.core.access import Action, record_access, subjects_of
from careerhub.core.models import AccessRecord, Event


class AccessLoggedAdmin:
    """Mixin for the ModelAdmin of every model that holds personal data.

    Listing or opening such records in the admin is an access like any other: the list records
    which rows it showed, the change form which record it opened (an ``AccessRecord``). This
    is the one place the admin records access; put it first in the bases:
    ``class TraineeAdmin(AccessLoggedAdmin, admin.ModelAdmin)``.
    """

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            rows = list(changelist.result_list)
            record_access(
                request,
                Action.ADMIN,
                count=len(rows),
                model=self.model._meta.label_lower,
                ids=[row.pk for row in rows],
                **subjects_of(self.model, rows),
            )
        return response

    def _record_one(self, request, response, *, key: str, view: str) -> None:
        shown = (getattr(response, "context_data", None) or {}).get(key)
        if response.status_code == 200 and shown is not None:
            record_access(
                request,
                Action.ADMIN,
                count=1,
                model=self.model._meta.label_lower,
                ids=[shown.pk],
                method=request.method,
                view=view,
                **subjects_of(self.model, [shown]),
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_one(request, response, key="original", view="change")
        return response

    def history_view(self, request, object_id, extra_context=None):
        """The history page names the record and quotes its changes."""
        response = super().history_view(request, object_id, extra_context)
        self._record_one(request, response, key="object", view="history")
        return response

    def delete_view(self, request, object_id, extra_context=None):
        """The delete confirmation lists the record and everything that would go with it."""
        response = super().delete_view(request, object_id, extra_context)
        self._record_one(request, response, key="object", view="delete")
        return response


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
