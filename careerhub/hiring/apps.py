from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "careerhub.hiring"
    verbose_name = _("Hiring demand and postings")
