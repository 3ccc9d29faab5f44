"""The applicant's own actions through the public form and their signed link: apply, change,
confirm the email address, withdraw, ask for the link again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
    Course,
)
from careerhub.core import korean
from careerhub.core.models import event_record
from careerhub.intake import clock, notify
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import (
    MAX_CHOICES,
    Application,
    ApplicationChoice,
    email_key,
    name_key,
)
from careerhub.intake.services.common import _field_error
from careerhub.intake.services.window import _window_error, window_for

APPLICANT_FIELDS = (
    "name",
    "birth_date",
    "email",
    "phone",
    "region",
    "education",
    "major",
    "experience",
    "motivation",
    "skills_text",
    "portfolio_url",
)


class DuplicateApplication(ValidationError):
    """The person already applied to this cohort; the existing application keeps everything.

    For callers that act for the program. The public form never shows it: it answers exactly
    as for a new application, and the owner alone is told, by the mail this service sends."""

    def __init__(self, existing: Application):
        super().__init__(
            _(
                "You have already applied to %(cohort)s. We did not create a second "
                "application: we sent the link to view or change your application to the "
                "email address on it."
            )
            % {"cohort": existing.cohort},
            code=IntakeErrorCode.DUPLICATE,
        )
        self.existing = existing


def _clean_person(data: Mapping[str, object]) -> dict[str, object]:
    values = {field: data.get(field, "") for field in APPLICANT_FIELDS}
    for field in ("name", "major", "experience", "motivation", "skills_text", "portfolio_url"):
        values[field] = str(values[field] or "").strip()
    values["email"] = str(values["email"] or "").strip().lower()
    values["phone"] = korean.phone_normalize(str(values["phone"] or ""))
    return values


def _choices_check(cohort: Cohort, course_ids: Sequence[int]) -> list[Course]:
    ids = [int(c) for c in course_ids if c]
    if not ids:
        raise _field_error("choices", _("Choose at least one course."), IntakeErrorCode.NO_CHOICE)
    if len(ids) > MAX_CHOICES:
        raise _field_error(
            "choices",
            _("Choose at most %(n)d courses.") % {"n": MAX_CHOICES},
            IntakeErrorCode.TOO_MANY_CHOICES,
        )
    if len(set(ids)) != len(ids):
        raise _field_error(
            "choices", _("Each course can be chosen only once."), IntakeErrorCode.REPEATED_CHOICE
        )
    courses = Course.objects.in_bulk(ids)
    if len(courses) != len(ids) or any(c.cohort_id != cohort.pk for c in courses.values()):
        raise _field_error(
            "choices", _("Choose courses of this cohort."), IntakeErrorCode.UNKNOWN_COURSE
        )
    return [courses[i] for i in ids]


def duplicate_of(
    *, cohort: Cohort, email: str, name: str, birth_date: dt.date, phone: str, exclude_pk=None
) -> Application | None:
    """The application of the same person in ``cohort``: same email, or same name, birth date
    and mobile number."""
    rule = Q(email_key=email_key(email))
    if name and birth_date and phone:
        rule |= Q(
            name_key=name_key(name),
            birth_date=birth_date,
            phone=korean.phone_normalize(phone),
        )
    qs = Application.objects.filter(rule, cohort=cohort)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("pk").first()


def _next_receipt(cohort: Cohort) -> tuple[int, str]:
    last = Application.objects.filter(cohort=cohort).aggregate(m=Max("receipt_seq"))["m"] or 0
    seq = last + 1
    return seq, f"{cohort.year}-{cohort.number:02d}-{seq:05d}"


def _choices_write(application: Application, courses: list[Course]) -> None:
    """Store the ranked choices. Choices only change while applications are open, before
    any screening, so rewriting them loses nothing."""
    wanted = [course.pk for course in courses]
    current = list(application.choices.order_by("rank").values_list("course_id", flat=True))
    if current == wanted:
        return
    application.choices.all().delete()
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=application, course_id=course_id, rank=rank)
        for rank, course_id in enumerate(wanted, start=1)
    )


def application_submit(
    *,
    cohort: Cohort,
    data: Mapping[str, object],
    course_ids: Sequence[int],
    consents: Iterable[str],
    base_url: str,
) -> Application:
    """A person applies through the public form. Refused after the deadline (the time this
    call runs decides), without both consents, or when the same person already applied
    (``DuplicateApplication``; the existing application's owner is sent their link)."""
    if not window_for(cohort).is_open:
        raise _window_error(cohort)
    consents = set(consents)
    missing = {"collection", "provision_operator"} - consents
    if missing:
        raise _field_error(
            "consents",
            _("Both consents are needed to process an application."),
            IntakeErrorCode.CONSENT_REQUIRED,
        )
    values = _clean_person(data)
    courses = _choices_check(cohort, course_ids)
    now = clock.now()
    existing = duplicate_of(
        cohort=cohort, **{k: values[k] for k in ("email", "name", "birth_date", "phone")}
    )
    if existing is not None:
        _duplicate_refuse(existing, base_url)
    try:
        with transaction.atomic():
            Cohort.objects.select_for_update().get(pk=cohort.pk)  # serialise receipt numbers
            seq, number = _next_receipt(cohort)
            application = Application(
                cohort=cohort,
                receipt_seq=seq,
                receipt_number=number,
                consent_collection_at=now,
                consent_provision_at=now,
                submitted_at=now,
                **values,
            )
            application.full_clean(validate_constraints=False)
            application.save()
            _choices_write(application, courses)
            event_record(
                actor=None,
                verb="application.submitted",
                target=application,
                receipt=number,
                courses=[c.pk for c in courses],
            )
            notify.send(application=application, template="submitted", base_url=base_url)
    except IntegrityError:
        # Another request for the same person won the race: answer as for any duplicate.
        existing = duplicate_of(
            cohort=cohort, **{k: values[k] for k in ("email", "name", "birth_date", "phone")}
        )
        if existing is None:
            raise
        _duplicate_refuse(existing, base_url)
    return application


def _duplicate_refuse(existing: Application, base_url: str) -> None:
    with transaction.atomic():
        event_record(actor=None, verb="application.duplicate_refused", target=existing)
        notify.send(application=existing, template="duplicate", base_url=base_url)
    raise DuplicateApplication(existing)


def application_update(
    *,
    application: Application,
    data: Mapping[str, object],
    course_ids: Sequence[int],
    base_url: str,
) -> Application:
    """The applicant changes their application before the deadline. A new email address must
    be confirmed again, and old links stop working."""
    cohort = application.cohort
    if not window_for(cohort).is_open:
        raise _window_error(cohort)
    if not application.is_active:
        raise ValidationError(_("This application was withdrawn."), code=IntakeErrorCode.WITHDRAWN)
    values = _clean_person(data)
    courses = _choices_check(cohort, course_ids)
    clash = duplicate_of(
        cohort=cohort,
        exclude_pk=application.pk,
        **{k: values[k] for k in ("email", "name", "birth_date", "phone")},
    )
    if clash is not None:
        raise _field_error(
            "email", _("Another application already uses these details."), IntakeErrorCode.DUPLICATE
        )
    old_email = application.email
    changed = sorted(k for k, v in values.items() if getattr(application, k) != v)
    for field, value in values.items():
        setattr(application, field, value)
    email_changed = email_key(old_email) != email_key(application.email)
    if email_changed:
        application.email_confirmed_at = None
        application.access_version += 1
    try:
        with transaction.atomic():
            application.full_clean(validate_constraints=False)
            application.save()
            _choices_write(application, courses)
            event_record(
                actor=None,
                verb="application.changed",
                target=application,
                fields=changed,
                courses=[c.pk for c in courses],
            )
            notify.send(application=application, template="changed", base_url=base_url)
            if email_changed:
                notify.send(
                    application=application,
                    template="email_changed",
                    base_url=base_url,
                    to=old_email,
                )
    except IntegrityError:
        raise _field_error(
            "email", _("Another application already uses these details."), IntakeErrorCode.DUPLICATE
        ) from None
    return application


def application_confirm_email(*, application: Application) -> Application:
    if application.email_confirmed_at is None:
        with transaction.atomic():
            application.email_confirmed_at = clock.now()
            application.save(update_fields=["email_confirmed_at", "updated_at"])
            event_record(actor=None, verb="application.email_confirmed", target=application)
    return application


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws before the deadline; the record stays (who applied is history)."""
    if not window_for(application.cohort).is_open:
        raise _window_error(application.cohort)
    if application.withdrawn_at is None:
        with transaction.atomic():
            application.withdrawn_at = clock.now()
            application.save(update_fields=["withdrawn_at", "updated_at"])
            event_record(actor=None, verb="application.withdrawn", target=application)
    return application


def application_link_resend(*, cohort: Cohort, email: str, base_url: str) -> None:
    """Send the access link again. The caller shows the same message whether or not an
    application exists, so nobody learns who applied."""
    application = Application.objects.filter(cohort=cohort, email_key=email_key(email)).first()
    if application is not None:
        with transaction.atomic():
            event_record(actor=None, verb="application.link_resent", target=application)
            notify.send(application=application, template="link", base_url=base_url)
