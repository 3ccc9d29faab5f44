"""Demo outcomes, intents, consulting and applications (issue 6), deterministic and idempotent.

- Cohorts 1 and 2 completed long ago: each completer gets a confirmed outcome drawn so the
  program-target rate lands near the real academy's 68 %: mostly insured jobs, some
  non-insured ones, start-ups, a few jobs after the 6-month window, evidenced exclusions,
  a few exclusions still missing evidence and hires whose insurance is not yet confirmed.
- Every trainee has an intent recorded at enrolment (CIRR).
- Cohort 3 is in training: the association's consultant has slots around the demo day,
  with attended sessions (notes, action items) and upcoming bookings; trainees have applied
  to the open postings at every stage of the pipeline.

Rows are matched by natural keys (trainee; consultant + start; slot; trainee + posting) and
only missing ones are written, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db import models

from careerhub.academy.models import Consent, Course, Trainee
from careerhub.accounts.models import Membership, Role, User
from careerhub.applications.models import Application, StageChange
from careerhub.companies.models import Company
from careerhub.consulting.models import ActionItem, Booking, SessionNote, Slot
from careerhub.core import korean
from careerhub.demo.program import DEMO_TODAY, SEOUL
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.outcomes.models import EnrolmentIntent, Outcome, OutcomeRevision

_INTENTS = (("seek_job", 84), ("start_company", 5), ("upskill", 5), ("undecided", 6))
# (kind, weight): drawn per completer of cohorts 1 and 2.
_OUTCOMES = (
    ("employed_insured", 53),
    ("employed_not_covered", 6),
    ("employed_unconfirmed", 2),
    ("employed_at_completion", 4),
    ("startup", 6),
    ("employed_late", 4),
    ("exclusion", 8),
    ("exclusion_no_evidence", 2),
    ("not_seeking", 4),
    ("still_seeking", 11),
)
_EXCLUSIONS = (
    ("further_study", "대학원 입학 확인서"),
    ("military", "입영통지서"),
    ("emigration", "출국 사실 증명"),
    ("illness", "진단서 (6주 요양)"),
)
_NOTES = (
    "지원 직무를 데이터 엔지니어로 좁히기로 함. 포트폴리오에 파이프라인 프로젝트 보강 필요.",
    "자기소개서 지원동기 문단 구체화. 프로젝트 성과를 수치로 표현하도록 안내.",
    "모의 면접 진행: 기술 질문 답변은 양호, 협업 경험 설명이 짧음.",
    "광주 소재 기업 위주로 지원 희망. 채용연계형 인턴도 고려하기로 함.",
)
_ACTIONS = (
    "이력서 수정본 제출",
    "포트폴리오 README 정리",
    "지원 기업 3곳 선정",
    "모의 면접 질문 답변 작성",
)
_STAGES = (
    ("applied", 30),
    ("document_pass", 20),
    ("interview_scheduled", 15),
    ("interview_done", 10),
    ("offer", 5),
    ("rejected", 15),
    ("withdrawn", 5),
)
_PATH = ("applied", "document_pass", "interview_scheduled", "interview_done", "offer")


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def _count(model: type[models.Model], n: int, created: Counter[str]) -> None:
    if n:
        created[model._meta.label_lower] += n


def outcomes_demo_ensure(
    *,
    seed: int,
    courses: dict[tuple[int, str, str], Course],
    users: dict[str, User],
    created: Counter[str],
) -> None:
    rng = random.Random(seed * 7 + 6)  # noqa: S311 - reproducible demo data
    course_ids = [c.pk for c in courses.values()]
    trainees = list(
        Trainee.objects.filter(course_id__in=course_ids)
        .select_related("course__cohort", "course__operator")
        .order_by("course__cohort__number", "course__operator__name", "course__name", "email")
    )
    _intents_ensure(rng, trainees, created)
    _outcomes_ensure(rng, trainees, users, created)
    _consulting_ensure(rng, trainees, users, created)
    _applications_ensure(rng, trainees, created)


def _intents_ensure(rng: random.Random, trainees: list[Trainee], created: Counter[str]) -> None:
    existing = set(
        EnrolmentIntent.objects.filter(trainee__in=trainees).values_list("trainee_id", flat=True)
    )
    draws = [(t, _pick(rng, _INTENTS)) for t in trainees]  # drawn for all: stable sequence
    new = [
        EnrolmentIntent(trainee=t, intent=intent, recorded_on=t.enrolled_on)
        for t, intent in draws
        if t.pk not in existing
    ]
    EnrolmentIntent.objects.bulk_create(new)
    _count(EnrolmentIntent, len(new), created)


def _staff_for(users: dict[str, User]) -> dict[int, User]:
    """The operator staff login of each operator (the verifier of its outcomes)."""
    by_operator = {}
    for m in Membership.objects.filter(
        role=Role.OPERATOR_STAFF, user__in=users.values()
    ).select_related("user"):
        by_operator.setdefault(m.operator_id, m.user)
    return by_operator


def _outcomes_ensure(
    rng: random.Random, trainees: list[Trainee], users: dict[str, User], created: Counter[str]
) -> None:
    companies = list(Company.objects.order_by("business_number"))
    verifiers = _staff_for(users)
    done = [t for t in trainees if t.course.cohort.number in (1, 2) and t.completed_on]
    has = set(Outcome.objects.filter(trainee__in=done).values_list("trainee_id", flat=True))
    new: list[Outcome] = []
    for t in done:
        kind = _pick(rng, _OUTCOMES)
        company = rng.choice(companies)
        offset = rng.randint(8, 175)
        salary = rng.randrange(28_000_000, 46_000_000, 500_000)
        excl_kind, excl_ref = rng.choice(_EXCLUSIONS)
        if t.pk in has:
            continue
        outcome = _outcome_for(t, kind, company, offset, salary, excl_kind, excl_ref)
        if outcome.status == Outcome.Status.CONFIRMED:
            outcome.verified_by = verifiers.get(t.course.operator_id)
            outcome.verified_at = _aware(outcome.start_date + dt.timedelta(days=14), 10)
        new.append(outcome)
    Outcome.objects.bulk_create(new)
    _count(Outcome, len(new), created)
    revisions = [
        OutcomeRevision(
            outcome=o,
            number=1,
            change="created",
            snapshot={
                "outcome_type": o.outcome_type,
                "status": o.status,
                "start_date": o.start_date.isoformat(),
            },
            changed_by=o.verified_by,
        )
        for o in Outcome.objects.filter(pk__in=[o.pk for o in new])
    ]
    OutcomeRevision.objects.bulk_create(revisions)
    _count(OutcomeRevision, len(revisions), created)


def _outcome_for(
    t: Trainee,
    kind: str,
    company: Company,
    offset: int,
    salary: int,
    excl_kind: str,
    excl_ref: str,
) -> Outcome:
    done = t.completed_on
    base = {"trainee": t, "status": Outcome.Status.CONFIRMED, "source": Outcome.Source.STAFF}
    if kind.startswith("employed"):
        start = done + dt.timedelta(days=offset)
        insurance = "confirmed"
        if kind == "employed_not_covered":
            insurance = "not_covered"
        elif kind == "employed_unconfirmed":
            insurance = "unconfirmed"
        elif kind == "employed_at_completion":
            start = done - dt.timedelta(days=offset % 40 + 5)
        elif kind == "employed_late":
            start = done + dt.timedelta(days=200 + offset % 60)
        return Outcome(
            **base,
            outcome_type="employed",
            start_date=start,
            company=company,
            job_role_id=t.course.track_role_id,
            job_title=t.course.track_role.name_ko if t.course.track_role_id else "",
            employment_type="freelance" if insurance == "not_covered" else "full_time",
            insurance=insurance,
            in_field=offset % 7 != 0,
            in_city=company.has_city_office,
            annual_salary=salary,
            evidence_reference=(
                f"고용보험 피보험자격 취득 확인 ({korean.format_date(start)})"
                if insurance == "confirmed"
                else "근로계약서 사본 확인"
            ),
        )
    if kind == "startup":
        start = done + dt.timedelta(days=offset)
        return Outcome(
            **base,
            outcome_type="startup",
            start_date=start,
            company_name=f"{t.name} AI 스튜디오",
            in_city=True,
            evidence_reference="사업자등록증명 확인",
        )
    if kind in ("exclusion", "exclusion_no_evidence"):
        evidence = kind == "exclusion"
        return Outcome(
            **(base | ({} if evidence else {"status": Outcome.Status.PROPOSED})),
            outcome_type=excl_kind,
            start_date=done + dt.timedelta(days=offset % 90 + 5),
            absence_weeks=6 if excl_kind == "illness" else None,
            evidence_reference=excl_ref if evidence else "",
            reason="교육생 연락으로 확인, 증빙 요청 중" if not evidence else "",
        )
    return Outcome(
        **base,
        outcome_type=kind,
        start_date=done + dt.timedelta(days=30),
        reason="상담 결과 기록",
    )


def _consulting_ensure(
    rng: random.Random, trainees: list[Trainee], users: dict[str, User], created: Counter[str]
) -> None:
    consultant = next((u for e, u in users.items() if e.startswith("consultant@")), None)
    membership = Membership.objects.filter(user=consultant, role=Role.CONSULTANT).first()
    if consultant is None or membership is None:
        return
    consultees = [t for t in trainees if t.consultant_id == consultant.pk]
    starts = []
    for day_offset in range(-14, 15):
        day = DEMO_TODAY + dt.timedelta(days=day_offset)
        if day.weekday() < 5:
            starts += [_aware(day, hour) for hour in (10, 11, 14, 15)]
    have = set(Slot.objects.filter(consultant=consultant).values_list("starts_at", flat=True))
    new_slots = [
        Slot(
            consultant=consultant,
            operator_id=membership.operator_id,
            starts_at=s,
            ends_at=s + dt.timedelta(minutes=50),
            mode="video" if s.hour >= 14 else "in_person",
            location="https://meet.careerhub.kr/consulting"
            if s.hour >= 14
            else "협회 광주지부 상담실 2",
        )
        for s in starts
        if s not in have
    ]
    Slot.objects.bulk_create(new_slots)
    _count(Slot, len(new_slots), created)
    if not consultees:
        return
    slots = list(
        Slot.objects.filter(consultant=consultant, starts_at__in=starts).order_by("starts_at")
    )
    booked = set(Booking.objects.filter(slot__in=slots).values_list("slot_id", flat=True))
    today = _aware(DEMO_TODAY, 0)
    bookings, index = [], 0
    plan = []
    for slot in slots:
        take = rng.random() < 0.6
        trainee = consultees[index % len(consultees)]
        session = rng.choice(("career_direction", "resume", "interview", "offer"))
        if take:
            index += 1
            plan.append((slot, trainee, session))
    for slot, trainee, session in plan:
        if slot.pk in booked:
            continue
        past = slot.starts_at < today
        bookings.append(
            Booking(
                slot=slot,
                trainee=trainee,
                session_type=session,
                status="attended" if past else "booked",
                booked_by=trainee.user or consultant,
                topic="",
            )
        )
    Booking.objects.bulk_create(bookings)
    _count(Booking, len(bookings), created)
    notes, actions = [], []
    for i, b in enumerate(
        Booking.objects.filter(pk__in=[b.pk for b in bookings], status="attended")
    ):
        notes.append(SessionNote(booking=b, author=consultant, body=_NOTES[i % len(_NOTES)]))
        due = b.slot.starts_at.date() + dt.timedelta(days=7)
        status = "done" if due < DEMO_TODAY and i % 3 else "open"
        actions.append(
            ActionItem(
                booking=b,
                title=_ACTIONS[i % len(_ACTIONS)],
                due_on=due,
                status=status,
                done_at=_aware(due, 18) if status == "done" else None,
                created_by=consultant,
            )
        )
    SessionNote.objects.bulk_create(notes)
    ActionItem.objects.bulk_create(actions)
    _count(SessionNote, len(notes), created)
    _count(ActionItem, len(actions), created)


def _applications_ensure(
    rng: random.Random, trainees: list[Trainee], created: Counter[str]
) -> None:
    postings = list(
        JobPosting.objects.filter(status=PostingStatus.OPEN).order_by(
            "company__business_number", "title", "pk"
        )
    )
    if not postings:
        return
    consenting = set(
        Consent.objects.filter(
            trainee__in=trainees,
            purpose=Consent.Purpose.PROVISION_COMPANIES,
            withdrawn_at__isnull=True,
        ).values_list("trainee_id", flat=True)
    )
    candidates = [
        t
        for t in trainees
        if t.course.cohort.number == 3 and t.status == "enrolled" and t.pk in consenting
    ]
    chosen = [t for t in candidates if t.user_id] + [
        t for t in candidates if not t.user_id and rng.random() < 0.25
    ]
    existing = set(
        Application.objects.filter(trainee__in=chosen).values_list("trainee_id", "posting_id")
    )
    new, paths = [], []
    for t in chosen:
        picks = rng.sample(postings, min(len(postings), 2 if t.user_id else rng.randint(1, 2)))
        for p in picks:
            stage = "interview_scheduled" if t.user_id and p is picks[0] else _pick(rng, _STAGES)
            if (t.pk, p.pk) in existing:
                continue
            path = list(_PATH[: _PATH.index(stage) + 1]) if stage in _PATH else ["applied", stage]
            new.append(
                Application(
                    trainee=t,
                    posting=p,
                    status=stage,
                    version=len(path),
                    applied_by=t.user,
                    interview_at=_aware(DEMO_TODAY + dt.timedelta(days=4), 14)
                    if stage in ("interview_scheduled", "interview_done", "offer")
                    else None,
                    interview_place="본사 회의실" if stage in _PATH[2:] else "",
                    offer_salary=36_000_000 if stage == "offer" else None,
                    reason="지원 직무 경력 요건 미충족"
                    if stage == "rejected"
                    else ("다른 기업 최종 합격" if stage == "withdrawn" else ""),
                )
            )
            paths.append(path)
    Application.objects.bulk_create(new)
    _count(Application, len(new), created)
    changes = []
    stored = Application.objects.filter(pk__in=[a.pk for a in new])
    by_key = {(a.trainee_id, a.posting_id): a for a in stored}
    for app, path in zip(new, paths, strict=True):
        row = by_key[(app.trainee_id, app.posting_id)]
        previous = ""
        for stage in path:
            changes.append(
                StageChange(
                    application=row,
                    from_status=previous,
                    to_status=stage,
                    reason=row.reason if stage in ("rejected", "withdrawn") else "",
                )
            )
            previous = stage
    StageChange.objects.bulk_create(changes)
    _count(StageChange, len(changes), created)
