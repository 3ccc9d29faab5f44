from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "careerhub.applications"
    verbose_name = _("Job applications")

    def ready(self) -> None:
        from careerhub.academy import hooks
        from careerhub.applications.personal_data import applications_of, trainee_anonymised_receive

        hooks.personal_data_register("applications", applications_of)
        hooks.trainee_anonymised_register(trainee_anonymised_receive)
