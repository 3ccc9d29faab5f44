"""The demo's calendar invites (issue 17, "Done when": a trainee receives an interview invite
that their calendar accepts and updates).

The first demo trainee login's scheduled interview is moved, through the real service, to a
day after the run (14:00), then moved again to the next morning (10:00), by the program office
(acting for the company): the outbox holds, for the trainee and the company's recruiters, the
invite (``METHOD:REQUEST``, SEQUENCE 0) and its update (same UID, SEQUENCE 1), delivered by
the task worker like any message. Dated from the day ``seed_demo`` runs, so the interview is
always ahead. Idempotent: an interview that already went out as an invite is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import User
from careerhub.applications.models import Application
from careerhub.applications.services import application_move
from careerhub.applications.transitions import Stage
from careerhub.demo.program import SEOUL

PLACE = "본사 3층 회의실 (광주 북구 첨단과기로 208)"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def interview_invites_demo_ensure(
    *,
    office: User,
    trainee_users: list[User],
    created: Counter[str],
    today: dt.date | None = None,
) -> None:
    today = today or timezone.localdate()
    application = (
        Application.objects.filter(
            trainee__user__in=trainee_users[:1], status=Stage.INTERVIEW_SCHEDULED
        )
        .order_by("pk")
        .first()
    )
    if application is None or application.interview_round > 0:
        return
    actor = actor_for(office)
    first = _at(today + dt.timedelta(days=3), 14)
    for when in (first, _at(today + dt.timedelta(days=4), 10)):
        application = application_move(
            actor=actor,
            application=application,
            to_status=Stage.INTERVIEW_SCHEDULED,
            expected_version=application.version,
            details={"interview_at": when, "interview_place": PLACE},
        )
    created["interview invites (invite and update)"] += 1
