"""The application window of a cohort: when applications open and close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
)
from careerhub.core import korean
from careerhub.intake import clock
from careerhub.intake.errors import IntakeErrorCode


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
    now = now or clock.now()
    opens, closes = cohort.application_opens_at, cohort.application_closes_at
    if opens is None or closes is None:
        state = "none"
    elif now < opens:
        state = "upcoming"
    elif now <= closes:
        state = "open"
    else:
        state = "closed"
    return Window(state=state, opens_at=opens, closes_at=closes)


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
