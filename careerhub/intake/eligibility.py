"""Why a choice is or is not in the running for selection, in words staff can act on
(issue 14 item 6: an applicant scored 85/85 showed 합계 "—" and 불합격 with no reason —
their email address was not confirmed).

The rule is the one ``services.selection.selection_inputs`` applies: the application is
active and its email confirmed (or it was imported), every stage of the course is scored, no
stage is below its pass mark (unless an override selects the applicant ahead), and no
active override excludes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ScreeningStage,
    SelectionOverride,
)
from careerhub.intake.services.screening import total_score


@dataclass(frozen=True)
class ChoiceStatus:
    total: Decimal | None  # the stored total, or the one the scores give before a run
    reasons: list[str] = field(default_factory=list)  # why it is not in the running
    unconfirmed: bool = False  # the fix: send the confirmation email again

    @property
    def eligible(self) -> bool:
        return not self.reasons


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def choice_status(
    choice: ApplicationChoice, *, stages: Iterable[ScreeningStage] | None = None
) -> ChoiceStatus:
    """``choice`` with its scores (``choice.scores``) and overrides prefetched, as the
    screening pages load them; ``stages``: its course's (else read from the course)."""
    application = choice.application
    stages = list(choice.course.screening_stages.all() if stages is None else stages)
    scores = {s.stage_id: s.score for s in choice.scores.all()}
    overrides = getattr(choice, "active_overrides", None)
    if overrides is None:
        overrides = [o for o in choice.overrides.all() if o.revoked_at is None]
    kinds = {o.kind for o in overrides}
    total = choice.total_score
    if total is None and stages:
        total = total_score(stages, scores)
    reasons: list[str] = []
    unconfirmed = application.source == Application.Source.WEB and not application.is_confirmed
    if application.withdrawn_at is not None:
        reasons.append(_("The applicant withdrew the application."))
    if unconfirmed:
        reasons.append(
            _(
                "The applicant has not confirmed their email address: an unconfirmed "
                "application is not selected, whatever its scores."
            )
        )
    missing = [s.name for s in stages if s.pk not in scores]
    if not stages:
        reasons.append(_("The course has no screening stages yet."))
    elif missing:
        reasons.append(
            _("Not every screening stage is scored yet (missing: %(stages)s).")
            % {"stages": ", ".join(missing)}
        )
    if SelectionOverride.Kind.PRIORITY not in kinds:
        for stage in stages:
            if stage.pk in scores and scores[stage.pk] < stage.min_score:
                reasons.append(
                    _("%(stage)s: %(score)s is below the pass mark of %(min)s.")
                    % {
                        "stage": stage.name,
                        "score": _number(scores[stage.pk]),
                        "min": _number(stage.min_score),
                    }
                )
    if SelectionOverride.Kind.EXCLUDE in kinds:
        reasons.append(_("An override excludes the applicant from selection."))
    return ChoiceStatus(total=total, reasons=reasons, unconfirmed=unconfirmed)


def choice_rows(
    choices: Iterable[ApplicationChoice], *, stages: Iterable[ScreeningStage] | None = None
) -> list[tuple[ApplicationChoice, ChoiceStatus]]:
    """Each choice with its status (``stages``: the one course's stages, read once)."""
    stages = None if stages is None else list(stages)
    return [(c, choice_status(c, stages=stages)) for c in choices]
