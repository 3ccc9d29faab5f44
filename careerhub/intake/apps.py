from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "careerhub.intake"
    verbose_name = _("Trainee recruitment")

    def ready(self) -> None:
        from careerhub.academy import hooks
        from careerhub.intake.personal_data import intake_application_of
        from careerhub.intake.services.places import trainee_dropped_receive
        from careerhub.intake.services.retention import trainee_anonymised_receive

        hooks.trainee_dropped_register(trainee_dropped_receive)
        hooks.personal_data_register("intake_application", intake_application_of)
        hooks.trainee_anonymised_register(trainee_anonymised_receive)

        # application imports are background runs: the reaper fails one whose worker died,
        # and its stored upload is deleted then
        from careerhub.core import runs
        from careerhub.core.tables import table_upload_discard
        from careerhub.intake.models import ApplicationImport

        runs.register(ApplicationImport, on_failed=table_upload_discard)
