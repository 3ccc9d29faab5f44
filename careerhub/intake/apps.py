from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "careerhub.intake"
    verbose_name = _("Trainee recruitment")
