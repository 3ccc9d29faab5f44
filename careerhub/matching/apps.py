from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "careerhub.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # hiring reads posting text through a hook (it sits below matching); the engine's
        # reader is the adapter's, so the taxonomy becomes the engine's terms in one place
        from careerhub.hiring.extraction import register_text_reader
        from careerhub.matching.adapter import EngineTextReader

        register_text_reader(EngineTextReader)

        # cohort plans are background runs: the reaper fails one whose worker died
        from careerhub.core import runs
        from careerhub.matching.models import PlanRun

        runs.register(PlanRun)

        # the engine's taxonomy is cached by a digest that any taxonomy edit drops
        from django.db.models.signals import post_delete, post_save

        from careerhub.matching.adapter import taxonomy_changed
        from careerhub.taxonomy.models import JobRole, RoleGroup, RoleRelation, Skill

        for model in (JobRole, RoleGroup, RoleRelation, Skill):
            for signal in (post_save, post_delete):
                signal.connect(taxonomy_changed, sender=model, dispatch_uid=f"taxonomy-{model}")
