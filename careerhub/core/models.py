"""Base models and the event log every app writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
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
        # ACCESS and DOWNLOAD are historical (copied into AccessRecord by migration 0002):
        # accesses are now recorded through careerhub.core.access.record_access.
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
    """Append one event. ``actor`` may be a user, an Actor (anything with ``.user``) or None;
    an Actor of an API key adds the key's id to ``data`` (``api_key``)."""
    user = getattr(actor, "user", actor)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if api_key_id := getattr(actor, "api_key_id", None):
        data["api_key"] = api_key_id  # the key the person acted through (careerhub.api)
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


class AccessRecordRefused(Exception):
    """An access record was to be changed or deleted: they are append-only (PIPC §8)."""


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AccessRecordRefused("access records cannot be changed")

    def delete(self):
        raise AccessRecordRefused("access records are deleted only by access_records_purge")


class AccessRecord(models.Model):
    """One view, list or download of personal data: who, when, from where, whose data, what.

    Append-only (PIPC safety-measure standard §8): ``save`` refuses updates, ``delete`` refuses,
    the admin is read-only and on PostgreSQL a trigger refuses UPDATE and DELETE. Only
    ``careerhub.core.access.access_records_purge`` removes records past the retention period.
    The actor is kept as an id and a snapshot (email, name, roles) that outlive the user.
    Written through ``careerhub.core.access.record_access``.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("view")
        LIST = "list", _("list")
        DOWNLOAD = "download", _("download")
        EXPORT = "export", _("export")
        ADMIN = "admin", _("admin view")

    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_user_id = models.PositiveIntegerField(_("actor's user id"), null=True, blank=True)
    actor_email = models.CharField(_("actor's email"), max_length=254, blank=True)
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    actor_roles = models.JSONField(_("actor's roles"), default=list, blank=True)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("what was done"), max_length=16, choices=Action.choices)
    page = models.CharField(_("page"), max_length=100)
    path = models.CharField(_("path"), max_length=500, blank=True)
    subjects = models.JSONField(
        _("subjects"), default=dict, blank=True, help_text=_("Ids shown, by kind of person.")
    )
    subject_count = models.PositiveIntegerField(_("number of subjects"), default=0)
    query = models.CharField(
        _("query"),
        max_length=500,
        blank=True,
        help_text=_("What was asked for, when there were too many subjects to list their ids."),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor_user_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.page}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AccessRecordRefused("access records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AccessRecordRefused("access records are deleted only by access_records_purge")


class ScheduledJob(models.Model):
    """One periodic task of ``settings.PERIODIC_TASKS`` and when it is next due.

    Every scheduler process (one per machine, or several) reads these rows; the one whose
    conditional UPDATE moves ``next_run_at`` forward first enqueues the task for that due
    time, the others find the row already moved and do nothing (careerhub.core.scheduling).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=255)
    next_run_at = models.DateTimeField(_("next run at"), db_index=True)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.next_run_at:%Y-%m-%d %H:%M}"
