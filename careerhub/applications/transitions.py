"""Every allowed move of a job application, in one table, with who may make it.

Sides: ``company`` (a recruiter of the posting's company), ``staff`` (the program office or
the trainee's operator staff, acting for either side) and ``trainee`` (the applicant).
A move not in this table is refused, whoever asks.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    DOCUMENT_PASS = "document_pass", _("Passed document screening")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    INTERVIEW_DONE = "interview_done", _("Interviewed")
    OFFER = "offer", _("Offer made")
    ACCEPTED = "accepted", _("Offer accepted")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not successful")
    WITHDRAWN = "withdrawn", _("Withdrawn")


COMPANY, STAFF, TRAINEE = "company", "staff", "trainee"
CO_STAFF = frozenset({COMPANY, STAFF})
TR_STAFF = frozenset({TRAINEE, STAFF})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Stage.APPLIED, Stage.DOCUMENT_PASS): CO_STAFF,
    (Stage.DOCUMENT_PASS, Stage.INTERVIEW_SCHEDULED): CO_STAFF,
    (Stage.INTERVIEW_SCHEDULED, Stage.INTERVIEW_SCHEDULED): CO_STAFF,  # rescheduled
    (Stage.INTERVIEW_SCHEDULED, Stage.INTERVIEW_DONE): CO_STAFF,
    (Stage.INTERVIEW_DONE, Stage.INTERVIEW_SCHEDULED): CO_STAFF,  # a further round
    (Stage.INTERVIEW_DONE, Stage.OFFER): CO_STAFF,
    (Stage.OFFER, Stage.ACCEPTED): TR_STAFF,
    (Stage.ACCEPTED, Stage.HIRED): CO_STAFF,
    **{
        (stage, Stage.REJECTED): CO_STAFF
        for stage in (
            Stage.APPLIED,
            Stage.DOCUMENT_PASS,
            Stage.INTERVIEW_SCHEDULED,
            Stage.INTERVIEW_DONE,
            Stage.OFFER,
            Stage.ACCEPTED,
        )
    },
    **{
        (stage, Stage.WITHDRAWN): TR_STAFF
        for stage in (
            Stage.APPLIED,
            Stage.DOCUMENT_PASS,
            Stage.INTERVIEW_SCHEDULED,
            Stage.INTERVIEW_DONE,
            Stage.OFFER,
            Stage.ACCEPTED,
        )
    },
}

TERMINAL = frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN})
NEEDS_REASON = frozenset({Stage.REJECTED, Stage.WITHDRAWN})
NEEDS_INTERVIEW = frozenset({Stage.INTERVIEW_SCHEDULED})
NEEDS_START_DATE = frozenset({Stage.HIRED})
ACTIVE = tuple(s for s in Stage.values if s not in TERMINAL)


def allowed_moves(current: str, sides: frozenset[str] | set[str]) -> list[str]:
    """The stages ``sides`` may move an application in ``current`` to, in display order."""
    return [
        to
        for to in Stage.values
        if (current, to) in TRANSITIONS and TRANSITIONS[(current, to)] & set(sides)
    ]


def is_allowed(current: str, to: str, sides: frozenset[str] | set[str]) -> bool:
    return bool(TRANSITIONS.get((current, to), frozenset()) & set(sides))
