from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "careerhub.followup"
    verbose_name = _("Check-ins and retention")

    def ready(self) -> None:
        from careerhub.academy import hooks
        from careerhub.followup.personal_data import checkins_of, trainee_anonymised_receive

        hooks.personal_data_register("checkins", checkins_of)
        hooks.trainee_anonymised_register(trainee_anonymised_receive)
