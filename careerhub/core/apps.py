from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "careerhub.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from careerhub.core import checks  # noqa: F401  (registers the system checks)
        from careerhub.core.admin_labels import name_third_party_apps

        name_third_party_apps()
