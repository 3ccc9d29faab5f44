from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "careerhub.hiring"
    verbose_name = _("Hiring demand and postings")

    def ready(self) -> None:
        # posting imports are background runs: the reaper fails one whose worker died, and
        # its stored upload is deleted then
        from careerhub.core import runs
        from careerhub.core.tables import table_upload_discard
        from careerhub.hiring.models import PostingImport

        runs.register(PostingImport, on_failed=table_upload_discard)
