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
