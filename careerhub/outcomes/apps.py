from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "careerhub.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from careerhub.academy import hooks
        from careerhub.outcomes.personal_data import outcomes_of

        hooks.personal_data_register("outcomes", outcomes_of)
