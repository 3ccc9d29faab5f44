"""Demo check-ins (issue 17): cohort 2's round at 6 months, sent and partly answered, and
retention answers about some of its hires. Deterministic and idempotent (nothing is written
once cohort 2 has check-ins).

Cohort 2 completed on 2022-09-30, so its 6-month round went out on 2023-03-30 to every
completer without a settled, verified outcome by then. Of them, some answered that they had
found a job — proposed outcomes still waiting for staff to verify (the rounds page and the
deadline cockpit list them) — some that they were still seeking (on their consultant's
follow-up list, some already followed up), and the rest were reminded a week later. Hires
were asked 1, 3 and 6 months after their start: most still employed, two left early (their
jobs got an end date and a reason, and they are back in the matching pool).

No outbox message is written: the round is history, not mail to send today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db.models import Q

from careerhub.academy.models import Trainee
from careerhub.companies.models import Company
from careerhub.demo.program import SEOUL
from careerhub.followup.models import CheckIn
from careerhub.outcomes import rules
from careerhub.outcomes.knowledge import SEEKING_TYPES
from careerhub.outcomes.models import Outcome, OutcomeType
from careerhub.outcomes.services import outcome_end, outcome_propose_reported

COHORT = 2
MONTHS = 6
_TITLES = ("데이터 분석가", "머신러닝 엔지니어", "백엔드 개발자", "AI 서비스 기획자")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def checkins_demo_ensure(*, seed: int, created: Counter[str]) -> None:
    if CheckIn.objects.filter(trainee__course__cohort__number=COHORT).exists():
        return
    rng = random.Random(seed * 7 + 17)  # noqa: S311 - reproducible demo data
    completers = list(
        Trainee.objects.filter(
            course__cohort__number=COHORT,
            status=Trainee.Status.COMPLETED,
            completed_on__isnull=False,
        )
        .select_related("course", "consultant")
        .order_by("pk")
    )
    if not completers:
        return
    _graduates(rng, completers, created)
    _retention(rng, completers, created)


def _graduates(rng: random.Random, completers: list[Trainee], created: Counter[str]) -> None:
    companies = list(Company.objects.order_by("pk")[:40])
    for trainee in completers:
        due = rules.add_months(trainee.completed_on, MONTHS)
        settled = (
            Outcome.objects.filter(
                trainee=trainee, status=Outcome.Status.CONFIRMED, start_date__lte=due
            )
            .exclude(outcome_type__in=SEEKING_TYPES)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=due))
            .exists()
        )
        if settled:
            continue
        sent = _at(due)
        checkin = CheckIn.objects.create(
            kind=CheckIn.Kind.GRADUATE,
            trainee=trainee,
            months=MONTHS,
            due_on=due,
            recipient_id=trainee.user_id,
            to_address=trainee.email,
            sent_at=sent,
        )
        created["followup.checkin"] += 1
        draw = rng.random()
        if draw < 0.4:  # no answer: reminded once, a week later
            checkin.reminded_at = sent + dt.timedelta(days=7)
            checkin.save(update_fields=["reminded_at"])
            continue
        answered = sent + dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
        if draw < 0.75 and companies:  # found a job: proposed, waiting for staff
            company = rng.choice(companies)
            start = due - dt.timedelta(days=rng.randint(3, 40))
            outcome = outcome_propose_reported(
                trainee=trainee,
                data={
                    "outcome_type": OutcomeType.EMPLOYED,
                    "start_date": start,
                    "company": company,
                    "job_title": rng.choice(_TITLES),
                    "employment_type": "full_time",
                    "reason": "6개월 확인 · 연봉 3,000만–3,600만 원",
                },
                note="6개월 확인",
            )
            status = OutcomeType.EMPLOYED
            answer = {"status": status, "start_date": start.isoformat(), "company": company.name}
        else:  # still seeking: on the consultant's list
            outcome = outcome_propose_reported(
                trainee=trainee,
                data={
                    "outcome_type": OutcomeType.STILL_SEEKING,
                    "start_date": answered.date(),
                    "reason": "6개월 확인",
                },
                note="6개월 확인",
            )
            status = OutcomeType.STILL_SEEKING
            answer = {"status": status, "detail": "데이터 직무로 계속 지원 중입니다."}
            checkin.follow_up_due_on = answered.date() + dt.timedelta(days=7)
            if rng.random() < 0.5 and trainee.consultant_id:
                checkin.follow_up_done_at = answered + dt.timedelta(days=3)
                checkin.follow_up_by = trainee.consultant
                checkin.follow_up_note = "전화 상담 후 채용연계 공고 3건 안내"
        checkin.answered_at = answered
        checkin.answer_status = status
        checkin.answer = answer
        checkin.proposed = outcome
        checkin.save()
        created["outcomes.outcome (proposed by check-ins)"] += 1


def _retention(rng: random.Random, completers: list[Trainee], created: Counter[str]) -> None:
    jobs = list(
        Outcome.objects.filter(
            trainee__in=completers,
            outcome_type=OutcomeType.EMPLOYED,
            status=Outcome.Status.CONFIRMED,
            end_date__isnull=True,
        )
        .select_related("trainee")
        .order_by("pk")[:14]
    )
    leavers = {job.pk for job in jobs[:: max(1, len(jobs) // 2)][:2]}
    for job in jobs:
        for months in (1, 3, 6):
            due = rules.add_months(job.start_date, months)
            sent = _at(due)
            left = job.pk in leavers and months == 3
            checkin = CheckIn.objects.create(
                kind=CheckIn.Kind.RETENTION,
                respondent=CheckIn.Respondent.TRAINEE,
                trainee=job.trainee,
                job=job,
                months=months,
                due_on=due,
                recipient_id=job.trainee.user_id,
                to_address=job.trainee.email,
                sent_at=sent,
                answered_at=sent + dt.timedelta(days=rng.randint(1, 5)),
                answer_status="left" if left else "continues",
            )
            created["followup.checkin"] += 1
            if left:
                end = due - dt.timedelta(days=rng.randint(5, 20))
                checkin.answer = {"continues": False, "end_date": end.isoformat()}
                checkin.save(update_fields=["answer"])
                outcome_end(
                    actor=None,
                    outcome=job,
                    end_date=end,
                    reason="본인 사유 퇴사: 직무가 맞지 않음",
                    note="3개월 고용 유지 확인",
                )
                break  # an ended job is not asked about again
            checkin.answer = {"continues": True}
            checkin.save(update_fields=["answer"])
