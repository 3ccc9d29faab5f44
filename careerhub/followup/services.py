"""Writes of check-ins: the daily round, answers, opt-outs, follow-ups, employer agreements.

``checkins_run`` is the scheduler's daily task (``PERIODIC_TASKS``: ``checkins_run``). For
``today`` it

1. asks every completer without a settled, verified outcome whose window (completion plus
   0, 1, 3, 6 or 12 months) falls on ``today`` — or up to ``CHECKIN_CATCH_UP_DAYS`` before,
   so a day the scheduler missed is made up, but never a window long past;
2. asks about every job (not rejected, not ended) whose start was 1, 3 or 6 months ago, the
   same way: the trainee, and the company's recruiter if the company agreed;
3. reminds, once, whoever has not answered ``CHECKIN_REMINDER_DAYS`` after the question.

Each question is one ``CheckIn`` row and one outbox message written in one transaction; the
database's unique constraints keep a question from being asked twice, however often (or
however many times at once) the run goes. Opted-out trainees are never asked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.companies.models import Company
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text
from careerhub.followup import answers, notify, policies
from careerhub.followup.errors import FollowupErrorCode
from careerhub.followup.models import CheckIn, EmployerAgreement, OptOut
from careerhub.outcomes import rules
from careerhub.outcomes.knowledge import SEEKING_TYPES, checkin_months, retention_months
from careerhub.outcomes.models import Insurance, Outcome, OutcomeType
from careerhub.outcomes.services import outcome_end, outcome_propose_reported

logger = logging.getLogger(__name__)

FOLLOW_UP_DAYS = 7  # a consultant follows up a "still seeking" answer within a week


def catch_up_days() -> int:
    return int(getattr(settings, "CHECKIN_CATCH_UP_DAYS", 7))


def reminder_days() -> int:
    return int(getattr(settings, "CHECKIN_REMINDER_DAYS", 7))


# --- the daily run --------------------------------------------------------------------------


def _window_bounds(today: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The completion (or start) dates whose window of ``months`` falls between
    ``today - catch-up`` and ``today``, widened by a few days for month ends; callers check
    the exact day."""
    slack = dt.timedelta(days=4)
    earliest = today - dt.timedelta(days=catch_up_days())
    return rules.add_months(earliest, -months) - slack, rules.add_months(today, -months) + slack


def _in_window(start: dt.date, months: int, today: dt.date) -> dt.date | None:
    due = rules.add_months(start, months)
    if today - dt.timedelta(days=catch_up_days()) <= due <= today:
        return due
    return None


def _opted_out() -> Any:
    return OptOut.objects.values("trainee_id")


def graduates_due(*, today: dt.date) -> Iterator[tuple[Trainee, int, dt.date]]:
    """(trainee, months, due day) of every graduate check-in due on ``today`` not yet sent."""
    settled = (
        Outcome.objects.filter(status=Outcome.Status.CONFIRMED)
        .exclude(outcome_type__in=SEEKING_TYPES)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("trainee_id")
    )
    for months in checkin_months():
        first, last = _window_bounds(today, months)
        asked = CheckIn.objects.filter(kind=CheckIn.Kind.GRADUATE, months=months).values(
            "trainee_id"
        )
        candidates = (
            Trainee.objects.filter(
                status=Trainee.Status.COMPLETED, completed_on__gte=first, completed_on__lte=last
            )
            .exclude(pk__in=settled)
            .exclude(pk__in=_opted_out())
            .exclude(pk__in=asked)
            .select_related("course__cohort", "user")
            .order_by("completed_on", "pk")
        )
        for trainee in candidates:
            due = _in_window(trainee.completed_on, months, today)
            if due is not None:
                yield trainee, months, due


def jobs_due(*, today: dt.date) -> Iterator[tuple[Outcome, int, dt.date]]:
    """(job, months, due day) of every retention question due on ``today``."""
    for months in retention_months():
        first, last = _window_bounds(today, months)
        jobs = (
            Outcome.objects.filter(
                outcome_type=OutcomeType.EMPLOYED, start_date__gte=first, start_date__lte=last
            )
            .exclude(status=Outcome.Status.REJECTED)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .select_related("trainee__course__cohort", "trainee__user", "company")
            .order_by("start_date", "pk")
        )
        for job in jobs:
            due = _in_window(job.start_date, months, today)
            if due is not None:
                yield job, months, due


def _ask(checkin: CheckIn) -> bool:
    """Save the question and its message together; False when it was already asked (a
    concurrent run won the unique constraint)."""
    try:
        with transaction.atomic():
            checkin.full_clean(exclude=["trainee", "job", "recipient", "proposed"])
            checkin.save()
            notify.checkin_send(checkin=checkin)
    except IntegrityError:
        return False
    return True


def checkins_run(*, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """One daily run: the graduates' rounds, the retention questions and the reminders.
    Returns the counts (``graduates``, ``retention``, ``employers``, ``reminders``)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    counts = {"graduates": 0, "retention": 0, "employers": 0, "reminders": 0}
    for trainee, months, due in list(graduates_due(today=today)):
        checkin = CheckIn(
            kind=CheckIn.Kind.GRADUATE,
            trainee=trainee,
            months=months,
            due_on=due,
            recipient_id=trainee.user_id,
            to_address=trainee.email,
            sent_at=now,
        )
        counts["graduates"] += _ask(checkin)
    opted_out = set(OptOut.objects.values_list("trainee_id", flat=True))
    agreements = {a.company_id: a for a in EmployerAgreement.objects.select_related("recruiter")}
    for job, months, due in list(jobs_due(today=today)):
        trainee = job.trainee
        asked = set(
            CheckIn.objects.filter(kind=CheckIn.Kind.RETENTION, job=job, months=months).values_list(
                "respondent", flat=True
            )
        )
        if trainee.pk not in opted_out and CheckIn.Respondent.TRAINEE not in asked:
            checkin = CheckIn(
                kind=CheckIn.Kind.RETENTION,
                respondent=CheckIn.Respondent.TRAINEE,
                trainee=trainee,
                job=job,
                months=months,
                due_on=due,
                recipient_id=trainee.user_id,
                to_address=trainee.email,
                sent_at=now,
            )
            counts["retention"] += _ask(checkin)
        agreement = agreements.get(job.company_id) if job.company_id else None
        if agreement is not None and CheckIn.Respondent.EMPLOYER not in asked:
            checkin = CheckIn(
                kind=CheckIn.Kind.RETENTION,
                respondent=CheckIn.Respondent.EMPLOYER,
                trainee=trainee,
                job=job,
                months=months,
                due_on=due,
                recipient_id=agreement.recruiter_id,
                to_address=agreement.recruiter.email,
                sent_at=now,
            )
            counts["employers"] += _ask(checkin)
    counts["reminders"] = reminders_send(now=now)
    logger.info("check-ins on %s: %s", today.isoformat(), counts)
    return counts


def reminders_send(*, now: dt.datetime) -> int:
    """One reminder to each question unanswered for ``CHECKIN_REMINDER_DAYS`` (never a
    second one; nothing to an opted-out trainee). Claimed by a conditional UPDATE, so two
    runs at once remind once."""
    due = (
        CheckIn.objects.filter(
            answered_at__isnull=True,
            reminded_at__isnull=True,
            sent_at__lte=now - dt.timedelta(days=reminder_days()),
        )
        .exclude(Q(respondent=CheckIn.Respondent.TRAINEE) & Q(trainee_id__in=_opted_out()))
        .exclude(kind=CheckIn.Kind.RETENTION, job__end_date__lt=now.date())
        .select_related("trainee__course", "job__company")
        .order_by("pk")
    )
    sent = 0
    for checkin in due:
        with transaction.atomic():
            claimed = CheckIn.objects.filter(pk=checkin.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            checkin.reminded_at = now
            notify.checkin_send(checkin=checkin, reminder=True)
            sent += 1
    return sent


# --- answers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GraduateAnswer:
    status: str
    start_date: dt.date | None = None
    company_name: str = ""
    business_number: str = ""
    job_title: str = ""
    employment_type: str = ""
    insurance: str = ""
    salary_band: str = ""
    detail: str = ""


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A field's error with its code (a code given to a dict of errors reaches no field)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _already_answered() -> ValidationError:
    return ValidationError(
        _("This question was already answered. Thank you."),
        code=FollowupErrorCode.ALREADY_ANSWERED,
    )


def _claim_answer(checkin: CheckIn, now: dt.datetime) -> None:
    """Take the question for this answer; a second answer (two tabs, a double submit) is
    refused instead of proposing the outcome twice."""
    claimed = CheckIn.objects.filter(pk=checkin.pk, answered_at__isnull=True).update(
        answered_at=now
    )
    if not claimed:
        raise _already_answered()
    checkin.answered_at = now


def _outcome_data(answer: GraduateAnswer, *, today: dt.date) -> tuple[dict[str, Any], str]:
    """The ledger fields of an answer and the note staff read beside it."""
    status = answer.status
    if status not in dict(answers.STATUS_CHOICES):
        raise _field_error(
            "status", _("Choose one of the answers."), FollowupErrorCode.UNKNOWN_CHOICE
        )
    moment = status in answers.MOMENT_STATUSES
    start = today if moment else answer.start_date
    if start is None:
        raise _field_error("start_date", _("Give the date it started."), FollowupErrorCode.REQUIRED)
    if start > today:
        raise _field_error(
            "start_date", _("The start date cannot be in the future."), FollowupErrorCode.REQUIRED
        )
    data: dict[str, Any] = {"outcome_type": status, "start_date": start}
    notes = []
    if status in answers.WITH_COMPANY:
        number = korean.business_number_normalize(answer.business_number or "")
        company = Company.objects.filter(business_number=number).first() if number else None
        if company is not None:
            data["company"] = company
        else:
            data["company_name"] = answer.company_name.strip()
        if number:
            notes.append(
                _("business number %(number)s") % {"number": korean.format_business_number(number)}
            )
    if status == OutcomeType.EMPLOYED:
        data["job_title"] = answer.job_title.strip()
        data["employment_type"] = answer.employment_type
        data["insurance"] = {
            answers.InsuranceAnswer.YES: Insurance.CONFIRMED,
            answers.InsuranceAnswer.NO: Insurance.NOT_COVERED,
        }.get(answer.insurance, Insurance.UNCONFIRMED)
        if answer.salary_band and answer.salary_band != answers.SalaryBand.UNSAID:
            notes.append(str(answers.SalaryBand(answer.salary_band).label))
    if answer.detail.strip():
        notes.append(answer.detail.strip())
    return data, " · ".join(notes)


def checkin_answer(
    *,
    checkin: CheckIn,
    answer: GraduateAnswer,
    evidence_file: UploadedFile | None = None,
    now: dt.datetime | None = None,
) -> CheckIn:
    """A graduate's answer (through the signed link, checked by the caller): it becomes a
    PROPOSED outcome for staff to verify; "still seeking" also puts the graduate on their
    consultant's follow-up list. Answered once."""
    if checkin.kind != CheckIn.Kind.GRADUATE:
        raise PermissionDenied
    if checkin.is_answered:
        raise _already_answered()
    now = now or timezone.now()
    today = timezone.localdate(now)
    validate_free_text(detail=answer.detail)
    with translation.override("ko"):
        data, note = _outcome_data(answer, today=today)
        heading = (
            _("Check-in at completion")
            if checkin.months == 0
            else _("%(months)s-month check-in") % {"months": checkin.months}
        )
    with transaction.atomic():
        _claim_answer(checkin, now)
        outcome = outcome_propose_reported(
            trainee=checkin.trainee,
            data=data | {"reason": f"{heading} · {note}"[:300] if note else heading},
            evidence_file=evidence_file,
            note=heading,
        )
        checkin.proposed = outcome
        checkin.answer_status = answer.status
        checkin.answer = {
            "status": answer.status,
            "start_date": data["start_date"].isoformat(),
            "company": answer.company_name.strip(),
            "business_number": korean.business_number_normalize(answer.business_number or ""),
            "job_title": answer.job_title.strip(),
            "employment_type": answer.employment_type,
            "insurance": answer.insurance,
            "salary_band": answer.salary_band,
            "detail": answer.detail.strip(),
            "evidence": bool(evidence_file),
        }
        if answer.status == OutcomeType.STILL_SEEKING:
            checkin.follow_up_due_on = today + dt.timedelta(days=FOLLOW_UP_DAYS)
        checkin.save()
        if checkin.follow_up_due_on:
            notify.follow_up_send(checkin=checkin)
        event_record(
            actor=None,
            verb="checkin.answered",
            target=checkin,
            trainee=checkin.trainee_id,
            status=answer.status,
            outcome=outcome.pk,
        )
    return checkin


def retention_answer(
    *,
    checkin: CheckIn,
    continues: bool,
    end_date: dt.date | None = None,
    reason: str = "",
    detail: str = "",
    now: dt.datetime | None = None,
) -> CheckIn:
    """The trainee's (or the employer's) answer about a job: still employed, or left on
    ``end_date`` for ``reason`` — then the job gets its end date and reason in the ledger
    and, from the next day, the trainee is back in the matching pool."""
    if checkin.kind != CheckIn.Kind.RETENTION or checkin.job_id is None:
        raise PermissionDenied
    if checkin.is_answered:
        raise _already_answered()
    now = now or timezone.now()
    today = timezone.localdate(now)
    validate_free_text(detail=detail)
    job = checkin.job
    if not continues:
        if reason not in answers.EndReason.values:
            raise _field_error(
                "reason", _("Choose why the employment ended."), FollowupErrorCode.REQUIRED
            )
        if end_date is None:
            raise _field_error(
                "end_date", _("Give the last day of the employment."), FollowupErrorCode.REQUIRED
            )
        if end_date < job.start_date or end_date > today:
            raise _field_error(
                "end_date",
                _("The last day lies between %(start)s and today.")
                % {"start": korean.format_date(job.start_date)},
                FollowupErrorCode.END_DATE,
            )
    with transaction.atomic():
        _claim_answer(checkin, now)
        checkin.answer_status = "continues" if continues else "left"
        checkin.answer = {
            "continues": continues,
            "end_date": end_date.isoformat() if end_date and not continues else None,
            "reason": "" if continues else reason,
            "detail": detail.strip(),
        }
        checkin.save()
        if not continues and (job.end_date is None or job.end_date > end_date):
            with translation.override("ko"):
                label = str(answers.EndReason(reason).label)
            text = f"{label}: {detail.strip()}" if detail.strip() else label
            who = checkin.get_respondent_display()
            outcome_end(
                actor=None,
                outcome=job,
                end_date=end_date,  # type: ignore[arg-type]
                reason=text[:300],
                note=_("Retention check-in at %(months)s months (%(who)s)")
                % {"months": checkin.months, "who": who},
            )
        event_record(
            actor=None,
            verb="checkin.retention_answered",
            target=checkin,
            trainee=checkin.trainee_id,
            job=job.pk,
            continues=continues,
        )
    return checkin


def opt_out(*, trainee_id: int) -> bool:
    """No more check-ins for the trainee (their link said so). True when newly opted out."""
    with transaction.atomic():
        _row, created = OptOut.objects.get_or_create(trainee_id=trainee_id)
        if created:
            event_record(
                actor=None,
                verb="checkin.opted_out",
                target=Trainee(pk=trainee_id),
                trainee=trainee_id,
            )
    return created


# --- staff ----------------------------------------------------------------------------------


def follow_up_done(*, actor: Actor, checkin: CheckIn, note: str) -> CheckIn:
    """The consultant (or staff) followed up a "still seeking" answer."""
    if not policies.follow_ups_visible_to(actor).filter(pk=checkin.pk).exists():
        raise PermissionDenied
    if not note.strip():
        raise _field_error("note", _("Write what was done."), FollowupErrorCode.REQUIRED)
    checkin.follow_up_note = note.strip()
    checkin.follow_up_done_at = timezone.now()
    checkin.follow_up_by = actor.user
    with transaction.atomic():
        checkin.full_clean(  # an erased trainee's check-in keeps no address
            exclude=["trainee", "job", "recipient", "proposed", "follow_up_by", "to_address"]
        )
        checkin.save()
        event_record(actor=actor, verb="checkin.followed_up", target=checkin)
    return checkin


def agreement_set(*, actor: Actor, company_id: int, agree: bool) -> EmployerAgreement | None:
    """A recruiter agrees (or no longer agrees) that the company is asked about its hires."""
    if not policies.can_manage_agreement(actor, company_id):
        raise PermissionDenied
    with transaction.atomic():
        if agree:
            row, _created = EmployerAgreement.objects.update_or_create(
                company_id=company_id, defaults={"recruiter": actor.user}
            )
        else:
            EmployerAgreement.objects.filter(company_id=company_id).delete()
            row = None
        event_record(
            actor=actor,
            verb="checkin.employer_agreement",
            target=Company(pk=company_id),
            agree=agree,
        )
    return row


def answer_data(data: Mapping[str, Any]) -> GraduateAnswer:
    """A form's cleaned data as a ``GraduateAnswer``."""
    return GraduateAnswer(
        status=data.get("status", ""),
        start_date=data.get("start_date"),
        company_name=data.get("company_name", "") or "",
        business_number=data.get("business_number", "") or "",
        job_title=data.get("job_title", "") or "",
        employment_type=data.get("employment_type", "") or "",
        insurance=data.get("insurance", "") or "",
        salary_band=data.get("salary_band", "") or "",
        detail=data.get("detail", "") or "",
    )
