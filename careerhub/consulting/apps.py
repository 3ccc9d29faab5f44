from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultingConfig(AppConfig):
    name = "careerhub.consulting"
    verbose_name = _("Job consulting")

    def ready(self) -> None:
        from careerhub.academy import hooks
        from careerhub.consulting.personal_data import bookings_of, trainee_anonymised_receive

        hooks.personal_data_register("consulting_bookings", bookings_of)
        hooks.trainee_anonymised_register(trainee_anonymised_receive)
