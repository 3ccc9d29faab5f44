"""Subscribers to the event log: how a higher app reacts to a lower app's writes.

Every domain write records an ``Event`` through ``careerhub.core.models.event_record``. A higher
app (webhooks) that must react to some of them calls ``event_subscribe(verb_prefix, callback)``
from its ``AppConfig.ready()``; the callback then runs for each new event whose verb starts with
the prefix, in the transaction of the write, so whatever it writes (an outbox row) is kept
exactly when the change is.

- Nothing costs anything until someone subscribes: the ``post_save`` receiver on ``Event`` is
  connected by the first ``event_subscribe``. After that an event nobody listens to costs a
  ``startswith`` per subscription.
- A callback that raises never undoes the write that caused it: it runs in a savepoint, which
  is rolled back, and the error is logged.
- ``event_target(event)`` loads the row an event is about, for a callback that needs more than
  the ids the event carries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)

Callback = Callable[[Any], None]
"""``callback(event)``: ``event`` is the ``careerhub.core.models.Event`` just written."""

_SUBSCRIBERS: list[tuple[str, Callback]] = []
_DISPATCH_UID = "careerhub.core.events.publish"


def event_subscribe(verb_prefix: str, callback: Callback) -> None:
    """Call ``callback(event)`` for every new event whose verb starts with ``verb_prefix``
    (registering the same pair twice keeps one)."""
    from careerhub.core.models import Event

    if (verb_prefix, callback) not in _SUBSCRIBERS:
        _SUBSCRIBERS.append((verb_prefix, callback))
    post_save.connect(_on_event_saved, sender=Event, dispatch_uid=_DISPATCH_UID)


def event_unsubscribe(verb_prefix: str, callback: Callback) -> None:
    if (verb_prefix, callback) in _SUBSCRIBERS:
        _SUBSCRIBERS.remove((verb_prefix, callback))


def event_publish(event: Any) -> None:
    """Hand ``event`` to each subscriber of its verb, each in a savepoint."""
    called: list[Callback] = []
    for prefix, callback in list(_SUBSCRIBERS):
        if not event.verb.startswith(prefix) or callback in called:
            continue  # a callback runs once per event, however many of its prefixes match
        called.append(callback)
        try:
            with transaction.atomic():
                callback(event)
        except Exception:
            logger.exception("event subscriber %r failed on %s", callback, event.verb)


def _on_event_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    if created and not raw and _SUBSCRIBERS:
        event_publish(instance)


def event_target(event: Any) -> Any | None:
    """The row ``event`` is about, or None when it is gone (or its model is unknown)."""
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=event.target_id).first()
