from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The privacy policy page and the retention run: on top of the workflow apps, because
    destroying expired data reaches into intake, outcomes and academy through their services."""

    name = "careerhub.privacy"
    verbose_name = _("Personal data")
