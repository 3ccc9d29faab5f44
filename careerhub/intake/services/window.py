"""The application window of a cohort: when applications open and close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake import clock, policies
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import SelectionRun


@dataclass(frozen=True)
class Window:
    state: str  # "none", "upcoming", "open", "closed"
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def window_for(cohort: Cohort, *, now: dt.datetime | None = None) -> Window:
    """Open from ``application_opens_at`` up to and including ``application_closes_at``;
    the time of the request that arrives decides, not when the form was loaded."""
    state = cohort.application_window_state(now or clock.now())
    return Window(
        state=state, opens_at=cohort.application_opens_at, closes_at=cohort.application_closes_at
    )


def _window_error(cohort: Cohort) -> ValidationError:
    window = window_for(cohort)
    if window.state == "closed":
        return ValidationError(
            _("Applications for %(cohort)s closed on %(deadline)s. We cannot accept it.")
            % {"cohort": cohort, "deadline": korean.format_datetime(window.closes_at)},
            code=IntakeErrorCode.DEADLINE_PASSED,
        )
    if window.state == "upcoming":
        return ValidationError(
            _("Applications for %(cohort)s open on %(opens)s.")
            % {"cohort": cohort, "opens": korean.format_datetime(window.opens_at)},
            code=IntakeErrorCode.NOT_OPEN,
        )
    return ValidationError(
        _("%(cohort)s is not taking applications.") % {"cohort": cohort},
        code=IntakeErrorCode.NO_WINDOW,
    )


# --- the program office opens and closes recruitment by hand --------------------------------


def recruitment_open(*, actor: Actor, cohort: Cohort, closes_at: dt.datetime) -> Cohort:
    """Open recruitment now until ``closes_at`` (before training starts). A cohort whose window
    has not begun opens now; a closed one reopens with a new closing moment — unless its
    selection results were already published."""
    if not policies.can_manage_recruitment(actor, cohort):
        raise PermissionDenied
    now = clock.now()
    cohort = Cohort.objects.get(pk=cohort.pk)
    window = window_for(cohort, now=now)
    if window.is_open:
        raise ValidationError(
            _("%(cohort)s is already taking applications (until %(deadline)s).")
            % {"cohort": cohort, "deadline": korean.format_datetime(window.closes_at)},
            code=IntakeErrorCode.RECRUITMENT_OPEN,
        )
    if not cohort.courses.exists():
        raise ValidationError(
            _("Add a course to %(cohort)s first: applicants choose among its courses.")
            % {"cohort": cohort},
            code=IntakeErrorCode.NO_COURSES,
        )
    if SelectionRun.objects.filter(cohort=cohort, published_at__isnull=False).exists():
        raise ValidationError(
            _("The selection results of %(cohort)s are published; recruitment cannot reopen.")
            % {"cohort": cohort},
            code=IntakeErrorCode.PUBLISHED,
        )
    if closes_at <= now:
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _("Choose a closing time in the future."),
                    code=IntakeErrorCode.CLOSES_IN_PAST,
                )
            }
        )
    if timezone.localdate(closes_at) >= cohort.training_start:
        raise ValidationError(
            {
                "closes_at": ValidationError(
                    _("Applications must close before training starts (%(start)s).")
                    % {"start": korean.format_date(cohort.training_start)},
                    code=IntakeErrorCode.CLOSES_AFTER_TRAINING,
                )
            }
        )
    before = (cohort.application_opens_at, cohort.application_closes_at)
    if window.state in ("none", "upcoming"):
        cohort.application_opens_at = now
    cohort.application_closes_at = closes_at
    with transaction.atomic():
        cohort.full_clean()
        cohort.save(update_fields=["application_opens_at", "application_closes_at", "updated_at"])
        event_record(
            actor=actor,
            verb="cohort.recruitment_opened",
            target=cohort,
            opens_at=cohort.application_opens_at,
            closes_at=closes_at,
            previous_opens_at=before[0],
            previous_closes_at=before[1],
        )
    return cohort


def recruitment_close(*, actor: Actor, cohort: Cohort) -> Cohort:
    """Close recruitment now: the closing moment moves to now, so the public form, changes
    and the applicant's pages all answer "closed" from this moment on."""
    if not policies.can_manage_recruitment(actor, cohort):
        raise PermissionDenied
    now = clock.now()
    cohort = Cohort.objects.get(pk=cohort.pk)
    if not window_for(cohort, now=now).is_open:
        raise ValidationError(
            _("%(cohort)s is not taking applications; there is nothing to close.")
            % {"cohort": cohort},
            code=IntakeErrorCode.NOT_OPEN,
        )
    before = cohort.application_closes_at
    cohort.application_closes_at = max(now, cohort.application_opens_at + dt.timedelta(seconds=1))
    with transaction.atomic():
        cohort.full_clean()
        cohort.save(update_fields=["application_closes_at", "updated_at"])
        event_record(
            actor=actor,
            verb="cohort.recruitment_closed",
            target=cohort,
            closes_at=cohort.application_closes_at,
            previous_closes_at=before,
        )
    return cohort
