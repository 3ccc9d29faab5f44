"""Korean names for the third-party apps the admin index lists (django-axes, django-tasks'
database backend). Their model names are translatable in their own code but ship without
Korean, so the msgids are repeated here for our catalogue; the app names are plain strings
there, so they are set on the app configs when the registry is ready (no model option
changes: nothing for migrations to see)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

APP_NAMES = {
    "axes": pgettext_lazy("admin app", "Login lockouts"),
    "django_tasks_database": pgettext_lazy("admin app", "Background tasks"),
}

# The third-party model and field names, for makemessages (their source is not scanned).
THIRD_PARTY_MSGIDS = (
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access log"),
    _("access logs"),
    _("Task Result"),
    _("Task Results"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("Failed Logins"),
    _("Logout Time"),
    _("Expires At"),
    _("enqueued at"),
    _("started at"),
    _("finished at"),
    _("priority"),
    _("task path"),
    _("queue name"),
    _("backend name"),
)


def name_third_party_apps() -> None:
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
