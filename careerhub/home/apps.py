from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and the navigation: the top of the layers, asking every app's policies."""

    name = "careerhub.home"
    verbose_name = _("Home")
