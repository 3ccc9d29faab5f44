"""Reads of check-ins, scoped by who asks: the rounds page, the answers waiting for staff,
the consultants' follow-up list and a recruiter's agreement."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from careerhub.academy.models import Cohort
from careerhub.companies.models import Company
from careerhub.core.actors import Actor
from careerhub.followup import policies
from careerhub.followup.models import CheckIn, EmployerAgreement
from careerhub.outcomes.models import Outcome


@dataclass(frozen=True)
class RoundRow:
    """One round: a cohort's check-in at N months (or its hires' retention at N months)."""

    cohort: Cohort
    kind: str
    months: int
    sent: int
    reminded: int
    answered: int
    verified: int  # graduate answers whose proposed outcome staff confirmed
    awaiting: int  # graduate answers whose proposed outcome waits for staff
    left: int  # retention answers: the job ended

    @property
    def is_graduate(self) -> bool:
        return self.kind == CheckIn.Kind.GRADUATE

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


def rounds_for(*, actor: Actor) -> list[RoundRow]:
    """Every round the actor may see, latest cohort first, with its counts (one query)."""
    confirmed = Q(proposed__status=Outcome.Status.CONFIRMED)
    rows = (
        policies.checkins_visible_to(actor)
        .values("trainee__course__cohort_id", "kind", "months")
        .annotate(
            sent=Count("pk"),
            reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            verified=Count("pk", filter=confirmed),
            awaiting=Count("pk", filter=Q(proposed__status=Outcome.Status.PROPOSED)),
            left=Count("pk", filter=Q(answer_status="left")),
        )
    )
    cohorts = Cohort.objects.in_bulk({r["trainee__course__cohort_id"] for r in rows})
    out = [
        RoundRow(
            cohort=cohorts[r["trainee__course__cohort_id"]],
            kind=r["kind"],
            months=r["months"],
            sent=r["sent"],
            reminded=r["reminded"],
            answered=r["answered"],
            verified=r["verified"],
            awaiting=r["awaiting"],
            left=r["left"],
        )
        for r in rows
    ]
    out.sort(key=lambda r: (-r.cohort.number, r.kind != CheckIn.Kind.GRADUATE, r.months))
    return out


def answers_awaiting_verification(*, actor: Actor, limit: int = 100) -> QuerySet[CheckIn]:
    """Graduates' answers whose proposed outcome staff have not verified yet, oldest first."""
    return (
        policies.checkins_visible_to(actor)
        .filter(proposed__status=Outcome.Status.PROPOSED)
        .select_related("trainee__course__cohort", "proposed")
        .order_by("answered_at", "pk")[:limit]
    )


def early_leavers(*, actor: Actor, limit: int = 50) -> QuerySet[CheckIn]:
    """Retention answers that said the job ended, latest first."""
    return (
        policies.checkins_visible_to(actor)
        .filter(kind=CheckIn.Kind.RETENTION, answer_status="left")
        .select_related("trainee__course__cohort", "job__company")
        .order_by("-answered_at", "-pk")[:limit]
    )


def follow_ups_for(*, actor: Actor, done: bool = False) -> QuerySet[CheckIn]:
    """The actor's "still seeking" follow-ups: open ones by due date, or the done ones."""
    qs = policies.follow_ups_visible_to(actor).select_related(
        "trainee__course__cohort", "trainee__consultant", "follow_up_by"
    )
    if done:
        return qs.filter(follow_up_done_at__isnull=False).order_by("-follow_up_done_at")[:100]
    return qs.filter(follow_up_done_at__isnull=True).order_by("follow_up_due_on", "pk")


def open_follow_up_count(*, actor: Actor) -> int:
    return policies.follow_ups_visible_to(actor).filter(follow_up_done_at__isnull=True).count()


@dataclass(frozen=True)
class AgreementRow:
    company: Company
    agreement: EmployerAgreement | None


def agreements_for(*, actor: Actor) -> list[AgreementRow]:
    companies = Company.objects.filter(pk__in=actor.recruiter_company_ids).order_by("name")
    agreements = {
        a.company_id: a
        for a in EmployerAgreement.objects.filter(company__in=companies).select_related("recruiter")
    }
    return [AgreementRow(c, agreements.get(c.pk)) for c in companies]
