from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployerFeedbackConfig(AppConfig):
    name = "careerhub.employer_feedback"
    verbose_name = _("Employer feedback on hires")
