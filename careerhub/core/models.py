"""Base models and the event log every app writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Event(models.Model):
    """Who did what to which record, and when: the answer to "who changed this?".

    ``target_type`` is the model label (``academy.trainee``) and ``target_id`` its primary key,
    kept as plain values so an event outlives the row it describes.
    """

    class Kind(models.TextChoices):
        CHANGE = "change", _("change")
        ACCESS = "access", _("personal data access")
        DOWNLOAD = "download", _("personal data download")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CHANGE)
    verb = models.CharField(_("verb"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_type}#{self.target_id}"


def event_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    kind: str = Event.Kind.CHANGE,
    **data: Any,
) -> Event:
    """Append one event. ``actor`` may be a user, an Actor (anything with ``.user``) or None."""
    user = getattr(actor, "user", actor)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return Event.objects.create(
        actor=user,
        kind=kind,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data={k: _jsonable(v) for k, v in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
