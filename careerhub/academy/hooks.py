"""Hooks through which higher apps react to academy's changes.

Academy sits below intake (and the other workflow apps) in the layers, so it cannot call
them. A higher app that must react registers a receiver here, once, from its
``AppConfig.ready()``; the academy service that makes the change calls every receiver inside
its own transaction, with the actor who made the change. A receiver that raises rolls the
change back with it. Receivers get plain data (ids, dates), never models.

These are plain lists and explicit register functions, not Django signals: which receivers
run, and in which order, can be read here and in the ``ready()`` methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from careerhub.core.actors import Actor


@dataclass(frozen=True)
class TraineeDropped:
    """A trainee was marked as dropped out of their course."""

    trainee_id: int
    course_id: int
    dropped_on: dt.date
    base_url: str
    """Where the site is served (``https://…/``), for links in any email a receiver sends."""


TraineeDroppedReceiver = Callable[..., Sequence[str]]
"""``receiver(*, actor: Actor, dropped: TraineeDropped) -> messages`` — the messages (already
translated) tell the person who recorded the dropout what followed from it."""

_trainee_dropped: list[TraineeDroppedReceiver] = []


def trainee_dropped_register(receiver: TraineeDroppedReceiver) -> None:
    """Call ``receiver`` whenever a trainee drops out (registering twice calls it once)."""
    if receiver not in _trainee_dropped:
        _trainee_dropped.append(receiver)


def trainee_dropped_receivers() -> tuple[TraineeDroppedReceiver, ...]:
    return tuple(_trainee_dropped)


def trainee_dropped_send(*, actor: Actor, dropped: TraineeDropped) -> list[str]:
    """Run every receiver in registration order; their messages, in order. Called by
    ``academy.services`` inside the dropout's transaction."""
    messages: list[str] = []
    for receiver in tuple(_trainee_dropped):
        messages.extend(receiver(actor=actor, dropped=dropped))
    return messages


# --- personal data: what higher apps hold about a trainee, and their erasure --------------

PersonalDataReader = Callable[..., object]
"""``reader(*, trainee_id: int) -> list[dict] | dict`` — plain, JSON-ready data (str, int,
bool, None, lists and dicts; dates as ISO strings) that the app holds about the trainee and
shows the trainee, for the trainee's own download (PIPA art. 35)."""

_personal_data: dict[str, PersonalDataReader] = {}


def personal_data_register(section: str, reader: PersonalDataReader) -> None:
    """Add ``section`` (a stable key such as ``"applications"``) to a trainee's download."""
    _personal_data[section] = reader


def personal_data_collect(*, trainee_id: int) -> dict[str, object]:
    """Every registered section for the trainee, in registration order."""
    return {section: reader(trainee_id=trainee_id) for section, reader in _personal_data.items()}


@dataclass(frozen=True)
class TraineeAnonymised:
    """A trainee was anonymised (accepted erasure or end of retention): a receiver clears the
    personal data its app holds about them (free text, contact details) and keeps counts."""

    trainee_id: int
    reason: str


TraineeAnonymisedReceiver = Callable[..., None]
"""``receiver(*, actor: Actor, anonymised: TraineeAnonymised) -> None``"""

_trainee_anonymised: list[TraineeAnonymisedReceiver] = []


def trainee_anonymised_register(receiver: TraineeAnonymisedReceiver) -> None:
    if receiver not in _trainee_anonymised:
        _trainee_anonymised.append(receiver)


def trainee_anonymised_send(*, actor: Actor, anonymised: TraineeAnonymised) -> None:
    """Run every receiver inside ``services.trainee_anonymise``'s transaction."""
    for receiver in tuple(_trainee_anonymised):
        receiver(actor=actor, anonymised=anonymised)
