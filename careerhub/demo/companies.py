"""The demo's companies side: the attraction pipeline, targets, contacts, the two committees,
a closed and an open hiring-demand survey, and postings (written, and imported from the
sample member-company file through the real import).

``companies_plan_for(...)`` is pure (a seeded Random of its own, so the rest of the demo
plan is unchanged); ``companies_demo_ensure(...)`` writes it by natural keys and leaves what
already exists alone, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import models

from careerhub.academy.models import TrainingOperator
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import User
from careerhub.committees.models import (
    Committee,
    CommitteeMember,
    Decision,
    DecisionUpdate,
    Meeting,
)
from careerhub.companies.models import AttractionTarget, Company, Contact, Stage, StageChange
from careerhub.demo import names
from careerhub.demo.plan import EMAIL_DOMAIN, FIRST_OFFICE_DAY, CompanySpec, SkillCatalog
from careerhub.demo.program import ASSOCIATION, CODING, DEMO_TODAY, INSTITUTE, SEOUL
from careerhub.hiring import imports
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    DemandRevision,
    DemandSkill,
    JobPosting,
    PostingImport,
    PostingSkill,
    SurveyRound,
)
from careerhub.hiring.services import demand_snapshot
from careerhub.taxonomy.models import JobRole, Skill

SAMPLE_POSTINGS = Path(__file__).resolve().parents[1] / "hiring" / "samples" / "member_postings.csv"
MOU_ONLY, IN_TALKS, PROSPECTS = 28, 12, 8  # the 48 companies without a city office
TARGETS = ((2024, 50, 310, None), (2025, 55, 310, 25), (2026, 60, 310, 30))
DEMAND_ROLES = (
    "ai-engineer",
    "data-analyst",
    "data-engineer",
    "backend-developer",
    "cv-engineer",
    "nlp-engineer",
    "mlops-engineer",
    "fullstack-developer",
)


@dataclass(frozen=True)
class StepSpec:
    stage: str
    at: dt.datetime
    note: str = ""


@dataclass(frozen=True)
class PipelineSpec:
    business_number: str
    steps: tuple[StepSpec, ...]


@dataclass(frozen=True)
class DemandLineSpec:
    role: str
    headcount: int
    earliest: dt.date
    latest: dt.date
    employment_type: str
    salary: tuple[int, int] | None
    preferential: bool
    skills: tuple[tuple[str, bool, int], ...]  # (skill code, required, level)


@dataclass(frozen=True)
class ResponseSpec:
    round_title: str
    business_number: str
    lines: tuple[DemandLineSpec, ...]
    saved_at: tuple[dt.datetime, ...]  # one per line, in order
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class RoundSpec:
    title: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    first_month: dt.date


@dataclass(frozen=True)
class CompaniesPlan:
    pipeline: tuple[PipelineSpec, ...]
    contacts: tuple[tuple[str, str, str, str, str], ...]  # (number, name, position, email, phone)
    rounds: tuple[RoundSpec, ...]
    responses: tuple[ResponseSpec, ...]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 17), rng.choice((0, 30)), tzinfo=SEOUL
    )


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def companies_plan_for(
    *, seed: int, companies: tuple[CompanySpec, ...], catalog: SkillCatalog, recruiter_company: str
) -> CompaniesPlan:
    rng = random.Random(seed * 31 + 5)  # noqa: S311 - reproducible demo data
    yesterday = DEMO_TODAY - dt.timedelta(days=1)
    pipeline = []
    without_office = [c for c in companies if not c.has_city_office]
    kinds = ["mou"] * MOU_ONLY + ["talks"] * IN_TALKS + ["prospect"] * PROSPECTS
    kind_of = dict(zip((c.business_number for c in without_office), kinds, strict=True))
    for company in companies:
        steps: list[StepSpec] = []
        if company.has_city_office:
            opened = company.city_office_opened_on
            mou = _day(
                rng,
                max(FIRST_OFFICE_DAY, opened - dt.timedelta(days=240)),
                opened - dt.timedelta(days=1),
            )
            hiring = opened + dt.timedelta(days=rng.randint(30, 400))
            mou_at = _at(mou, rng)
            office_at = max(_at(opened, rng), mou_at + dt.timedelta(hours=1))
            final = [StepSpec(Stage.MOU, mou_at, "AI 산업 투자 협약")]
            final.append(StepSpec(Stage.OFFICE, office_at, "광주 사무소 개소"))
            if hiring <= yesterday and rng.random() < 0.6:
                final.append(StepSpec(Stage.HIRING, _at(hiring, rng), "지역 인재 채용 시작"))
        else:
            kind = kind_of[company.business_number]
            if kind == "mou":
                # recent MOUs weigh more: this year's progress against the target
                first = dt.date(2026, 1, 1) if rng.random() < 0.8 else FIRST_OFFICE_DAY
                mou = _day(rng, first, yesterday)
                final = [StepSpec(Stage.MOU, _at(mou, rng), "AI 산업 투자 협약")]
            elif kind == "talks":
                talks = _day(rng, dt.date(2026, 1, 1), yesterday)
                final = [StepSpec(Stage.TALKS, _at(talks, rng), "이전 조건 협의")]
            else:
                found = _day(rng, dt.date(2025, 9, 1), yesterday)
                final = [StepSpec(Stage.PROSPECT, _at(found, rng), "투자 설명회 참석 기업")]
        start = final[0].at.date()
        if final[0].stage in (Stage.MOU, Stage.TALKS):
            talks_day = start - dt.timedelta(days=rng.randint(20, 120))
            if final[0].stage == Stage.MOU:
                steps.append(
                    StepSpec(
                        Stage.PROSPECT, _at(talks_day - dt.timedelta(days=rng.randint(15, 90)), rng)
                    )
                )
                steps.append(StepSpec(Stage.TALKS, _at(talks_day, rng)))
            else:
                steps.append(StepSpec(Stage.PROSPECT, _at(talks_day, rng)))
        steps += final
        pipeline.append(PipelineSpec(company.business_number, tuple(steps)))

    contacts = []
    with_office = [c for c in companies if c.has_city_office]
    sampled = [c.business_number for c in rng.sample(with_office, 24)]
    chosen = [recruiter_company, *[n for n in sampled if n != recruiter_company][:23]]
    for index, number in enumerate(chosen):
        person = names.person_name(rng)
        contacts.append(
            (
                number,
                person.korean,
                rng.choice(("인사팀장", "채용 담당 매니저", "경영지원팀 과장", "대외협력 이사")),
                f"contact{index + 1:03d}@company.{EMAIL_DOMAIN}",
                names.mobile_number(rng),
            )
        )

    rounds = (
        RoundSpec(
            "2026년 하반기 채용 수요 조사",
            "취업지원위원회 참여 기업의 2026년 하반기 채용 수요(직무·인원·시기)를 미리 조사합니다.",
            dt.datetime(2026, 5, 1, 9, 0, tzinfo=SEOUL),
            dt.datetime(2026, 6, 15, 18, 0, tzinfo=SEOUL),
            dt.date(2026, 8, 1),
        ),
        RoundSpec(
            "2027년 상반기 채용 수요 조사",
            "3기 수료(2026년 12월)에 맞춰 2027년 상반기 채용 수요를 조사합니다. "
            "마감 전까지 언제든 수정할 수 있습니다.",
            dt.datetime(2026, 11, 2, 9, 0, tzinfo=SEOUL),
            dt.datetime(2026, 12, 15, 18, 0, tzinfo=SEOUL),
            dt.date(2027, 1, 1),
        ),
    )
    hiring_companies = [
        c.business_number for c in with_office if c.business_number != recruiter_company
    ]
    closed_companies = [recruiter_company, *rng.sample(hiring_companies, 15)]
    open_companies = rng.sample([n for n in hiring_companies if n not in closed_companies[:6]], 9)
    responses = []
    for spec_round, members, submitted_share in (
        (rounds[0], closed_companies, 1.0),
        (rounds[1], open_companies, 0.6),
    ):
        last_save = min(spec_round.closes_at, dt.datetime(2026, 11, 24, 17, 0, tzinfo=SEOUL))
        for number in members:
            lines = tuple(_demand_line(rng, spec_round, catalog) for _ in range(rng.randint(1, 3)))
            saved = sorted(
                spec_round.opens_at + (last_save - spec_round.opens_at) * rng.random() * 0.8
                for _ in lines
            )
            submitted = (
                saved[-1] + dt.timedelta(hours=rng.randint(1, 48))
                if rng.random() < submitted_share
                else None
            )
            if submitted is not None and submitted >= last_save:
                submitted = last_save - dt.timedelta(minutes=5)
            responses.append(ResponseSpec(spec_round.title, number, lines, tuple(saved), submitted))
    return CompaniesPlan(tuple(pipeline), tuple(contacts), rounds, tuple(responses))


def _demand_line(
    rng: random.Random, spec_round: RoundSpec, catalog: SkillCatalog
) -> DemandLineSpec:
    role = rng.choice(DEMAND_ROLES)
    offset = rng.randint(0, 4)
    month = spec_round.first_month.month - 1 + offset
    earliest = dt.date(spec_round.first_month.year + month // 12, month % 12 + 1, 1)
    span = rng.choice((0, 1, 2))
    month += span
    latest = dt.date(spec_round.first_month.year + month // 12, month % 12 + 1, 1)
    typical = list(catalog.role_skills.get(role, ()))
    skills = []
    for code, importance in typical[:6]:
        if rng.random() < (0.8 if importance >= 2 else 0.35):
            skills.append((code, importance >= 2, rng.choice((2, 3, 3, 4))))
    low = rng.choice((2800, 3000, 3200, 3400, 3600))
    return DemandLineSpec(
        role=role,
        headcount=rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 18, 10, 7))[0],
        earliest=earliest,
        latest=latest,
        employment_type=rng.choices(
            ("regular", "intern_to_hire", "contract"), weights=(70, 20, 10)
        )[0],
        salary=(low, low + rng.choice((400, 600, 800))) if rng.random() < 0.8 else None,
        preferential=rng.random() < 0.65,
        skills=tuple(skills),
    )


# --- writing -----------------------------------------------------------------------------------


def _bulk(model: type[models.Model], objs: list, created: Counter[str]) -> None:
    model.objects.bulk_create(objs, batch_size=500)
    created[model._meta.label_lower] += len(objs)


def companies_demo_ensure(
    *,
    plan: CompaniesPlan,
    companies: dict[str, Company],
    users: dict[str, User],
    operators: dict[str, TrainingOperator],
    created: Counter[str],
) -> None:
    office = users[f"office@{EMAIL_DOMAIN}"]
    _pipeline_ensure(plan, companies, office, created)
    _targets_ensure(created)
    _contacts_ensure(plan, companies, created)
    _committees_ensure(companies, users, operators, office, created)
    _surveys_ensure(plan, companies, users, office, created)
    _postings_ensure(companies, users, operators, created)


def _pipeline_ensure(
    plan: CompaniesPlan, companies: dict[str, Company], office: User, created: Counter[str]
) -> None:
    tracked = set(
        StageChange.objects.filter(company__in=companies.values()).values_list(
            "company_id", flat=True
        )
    )
    changes = []
    for spec in plan.pipeline:
        company = companies[spec.business_number]
        if company.pk in tracked or company.stage is not None:
            continue
        previous = ""
        for step in spec.steps:
            changes.append(
                StageChange(
                    company=company,
                    from_stage=previous,
                    to_stage=step.stage,
                    effective_at=step.at,
                    recorded_by=office,
                    note=step.note,
                )
            )
            previous = step.stage
        last = spec.steps[-1]
        company.stage, company.stage_since = last.stage, last.at
        company.full_clean(validate_unique=False)
        company.save(update_fields=["stage", "stage_since", "updated_at"])
    _bulk(StageChange, changes, created)


def _targets_ensure(created: Counter[str]) -> None:
    for year, new, cumulative, offices in TARGETS:
        _target, made = AttractionTarget.objects.get_or_create(
            year=year,
            defaults={"new_mous": new, "cumulative_mous": cumulative, "offices": offices},
        )
        created[AttractionTarget._meta.label_lower] += int(made)


def _contacts_ensure(
    plan: CompaniesPlan, companies: dict[str, Company], created: Counter[str]
) -> None:
    have = set(
        Contact.objects.filter(company__in=companies.values()).values_list("company_id", flat=True)
    )
    new = [
        Contact(
            company=companies[number],
            name=name,
            position=position,
            email=email,
            phone=phone,
            is_primary=True,
        )
        for number, name, position, email, phone in plan.contacts
        if companies[number].pk not in have
    ]
    _bulk(Contact, new, created)


def _committees_ensure(
    companies: dict[str, Company],
    users: dict[str, User],
    operators: dict[str, TrainingOperator],
    office: User,
    created: Counter[str],
) -> None:
    committee_user = users[f"committee@{EMAIL_DOMAIN}"]
    recruiter = users[f"recruiter@{EMAIL_DOMAIN}"]
    recruiter_company = recruiter.memberships.filter(company__isnull=False).first().company
    others = [c for c in companies.values() if c.has_city_office and c.pk != recruiter_company.pk]
    others.sort(key=lambda c: c.business_number)
    joined = dt.date(2024, 3, 1)
    specs = {
        Committee.Kind.EMPLOYMENT_SUPPORT: (
            "취업지원위원회",
            "지역 AI 기업과 이전 기업이 채용 수요(직무·인원·시기)를 미리 알리고 교육과정과 "
            "채용 시기를 맞춥니다.",
            [
                (
                    "윤위원",
                    committee_user,
                    "external",
                    None,
                    None,
                    "광주과학기술대 산학협력단",
                    "chair",
                ),
                ("강채용", recruiter, "company", recruiter_company, None, "", "member"),
                *[
                    (name, None, "company", company, None, "", "member")
                    for name, company in zip(
                        ("오지훈", "서민아", "임도현", "한가람"), others[:4], strict=True
                    )
                ],
                ("최협회", None, "operator", None, operators[ASSOCIATION], "", "member"),
                ("한지원", office, "office", None, None, "", "secretary"),
            ],
        ),
        Committee.Kind.OPERATING: (
            "운영위원회",
            "사업의 운영 방향과 정책을 심의합니다.",
            [
                ("문정호", None, "external", None, None, "광주광역시 인공지능산업과", "chair"),
                (
                    "윤위원",
                    committee_user,
                    "external",
                    None,
                    None,
                    "광주과학기술대 산학협력단",
                    "member",
                ),
                ("박교육", None, "operator", None, operators[INSTITUTE], "", "member"),
                ("최협회", None, "operator", None, operators[ASSOCIATION], "", "member"),
                ("정코드", None, "operator", None, operators[CODING], "", "member"),
                ("한지원", office, "office", None, None, "", "secretary"),
            ],
        ),
    }
    for kind, (name, purpose, members) in specs.items():
        committee, made = Committee.objects.get_or_create(
            kind=kind, defaults={"name": name, "purpose": purpose}
        )
        created[Committee._meta.label_lower] += int(made)
        if committee.members.exists():
            continue
        seats = [
            CommitteeMember(
                committee=committee,
                name=member_name,
                user=user,
                affiliation=affiliation,
                company=company,
                operator=operator,
                organisation=organisation,
                position=position,
                joined_on=joined,
            )
            for member_name, user, affiliation, company, operator, organisation, position in members
        ]
        _bulk(CommitteeMember, seats, created)
        _meetings_create(committee, office, created)


_MEETINGS = {
    Committee.Kind.EMPLOYMENT_SUPPORT: (
        (
            dt.datetime(2026, 3, 18, 14, 0, tzinfo=SEOUL),
            "2026년 상반기 채용 수요 공유, 3기 교육과정 직무 구성 검토",
            "참여 기업 12곳이 상반기 수요를 공유했다. 데이터 엔지니어 수요가 교육 정원보다 많다.",
            (
                ("3기 데이터 엔지니어링 과정 정원 10명 확대 검토", "사업단", "done"),
                ("기업연계 프로젝트 주제 공모", "빛고을AI교육원", "done"),
            ),
        ),
        (
            dt.datetime(2026, 6, 24, 14, 0, tzinfo=SEOUL),
            "2026년 하반기 채용 수요 조사 결과 보고",
            "하반기 수요 조사 결과(16개 기업)를 검토했다. "
            "채용 시기가 수료 이전에 몰린 직무가 있다.",
            (
                ("수료 전 채용 희망 기업과 조기 매칭데이 개최", "사업단", "in_progress"),
                ("채용연계형 인턴 확대 요청 공문 발송", "한빛표준협회", "done"),
            ),
        ),
        (
            dt.datetime(2026, 9, 16, 14, 0, tzinfo=SEOUL),
            "3기 매칭데이 운영 계획, 지역 채용 우대 전형 확대",
            "매칭데이를 12월에 열기로 했다. 교육생 우대 전형 참여 기업을 늘리기로 했다.",
            (
                ("매칭데이 참여 기업 20곳 확보", "사업단", "in_progress"),
                ("우대 전형 참여 기업 명단 공개", "사업단", "open"),
            ),
        ),
    ),
    Committee.Kind.OPERATING: (
        (
            dt.datetime(2026, 2, 25, 10, 0, tzinfo=SEOUL),
            "2026년 사업 계획과 취업률 목표(75%) 확정",
            "2026년 사업 계획을 의결했다.",
            (("교육운영기관별 취업률 중간 점검 분기별 실시", "사업단", "in_progress"),),
        ),
        (
            dt.datetime(2026, 8, 27, 10, 0, tzinfo=SEOUL),
            "기업 유치 실적 점검(올해 신규 60곳 목표)",
            "상반기 유치 실적이 목표에 못 미쳐 하반기 투자 설명회를 늘리기로 했다.",
            (("하반기 투자 설명회 2회 추가 개최", "사업단", "done"),),
        ),
    ),
}
_PLANNED = {
    Committee.Kind.EMPLOYMENT_SUPPORT: (
        dt.datetime(2026, 12, 9, 14, 0, tzinfo=SEOUL),
        "2027년 상반기 채용 수요 조사 결과 검토, 매칭데이 최종 준비",
    ),
    Committee.Kind.OPERATING: (
        dt.datetime(2026, 12, 17, 10, 0, tzinfo=SEOUL),
        "2026년 사업 결과 보고, 2027년 목표 설정",
    ),
}


def _meetings_create(committee: Committee, office: User, created: Counter[str]) -> None:
    members = list(committee.members.all())
    number = 0
    for held_at, agenda, minutes, decisions in _MEETINGS[committee.kind]:
        number += 1
        meeting = Meeting.objects.create(
            committee=committee,
            number=number,
            held_at=held_at,
            place="광주AI사업단 대회의실",
            status=Meeting.Status.HELD,
            agenda=agenda,
            minutes=minutes,
            minutes_published_at=held_at + dt.timedelta(days=3),
        )
        meeting.attendees.set(members[: len(members) - (number % 2)])
        created[Meeting._meta.label_lower] += 1
        for index, (text, owner, status) in enumerate(decisions, start=1):
            decision = Decision.objects.create(
                meeting=meeting,
                number=index,
                text=text,
                owner=owner,
                due_on=(held_at + dt.timedelta(days=60)).date(),
                status=status,
            )
            created[Decision._meta.label_lower] += 1
            if status != Decision.Status.OPEN:
                DecisionUpdate.objects.create(
                    decision=decision,
                    status=status,
                    note="진행 상황 보고",
                    recorded_by=office,
                    recorded_at=held_at + dt.timedelta(days=30),
                )
                created[DecisionUpdate._meta.label_lower] += 1
    held_at, agenda = _PLANNED[committee.kind]
    Meeting.objects.create(
        committee=committee,
        number=number + 1,
        held_at=held_at,
        place="광주AI사업단 대회의실",
        agenda=agenda,
    )
    created[Meeting._meta.label_lower] += 1


def _surveys_ensure(
    plan: CompaniesPlan,
    companies: dict[str, Company],
    users: dict[str, User],
    office: User,
    created: Counter[str],
) -> None:
    rounds = {}
    for spec in plan.rounds:
        survey_round, made = SurveyRound.objects.get_or_create(
            title=spec.title,
            defaults={
                "description": spec.description,
                "opens_at": spec.opens_at,
                "closes_at": spec.closes_at,
                "created_by": office,
            },
        )
        created[SurveyRound._meta.label_lower] += int(made)
        rounds[spec.title] = survey_round
    recruiter = users[f"recruiter@{EMAIL_DOMAIN}"]
    roles = dict(JobRole.objects.filter(code__in=DEMAND_ROLES).values_list("code", "pk"))
    skills = dict(Skill.objects.values_list("code", "pk"))
    existing = set(
        DemandResponse.objects.filter(round__in=rounds.values()).values_list(
            "round_id", "company_id"
        )
    )
    for spec in plan.responses:
        survey_round, company = rounds[spec.round_title], companies[spec.business_number]
        if (survey_round.pk, company.pk) in existing:
            continue
        by = recruiter if recruiter.memberships.filter(company=company).exists() else office
        response = DemandResponse.objects.create(round=survey_round, company=company)
        created[DemandResponse._meta.label_lower] += 1
        for number, (line_spec, saved_at) in enumerate(
            zip(spec.lines, spec.saved_at, strict=True), start=1
        ):
            line = DemandLine.objects.create(
                response=response,
                role_id=roles[line_spec.role],
                headcount=line_spec.headcount,
                earliest_month=line_spec.earliest,
                latest_month=line_spec.latest,
                employment_type=line_spec.employment_type,
                region="gwangju",
                salary_min=line_spec.salary[0] if line_spec.salary else None,
                salary_max=line_spec.salary[1] if line_spec.salary else None,
                preferential_screening=line_spec.preferential,
            )
            DemandSkill.objects.bulk_create(
                [
                    DemandSkill(line=line, skill_id=skills[code], required=required, level=level)
                    for code, required, level in line_spec.skills
                    if code in skills
                ]
            )
            DemandRevision.objects.create(
                response=response,
                number=number,
                action=DemandRevision.Action.LINE_ADDED,
                saved_by=by,
                saved_at=saved_at,
                snapshot=demand_snapshot(response),
            )
            created[DemandLine._meta.label_lower] += 1
            created[DemandRevision._meta.label_lower] += 1
        if spec.submitted_at is not None:
            response.status = DemandResponse.Status.SUBMITTED
            response.submitted_at = spec.submitted_at
            response.submitted_by = by
            response.save()
            DemandRevision.objects.create(
                response=response,
                number=len(spec.lines) + 1,
                action=DemandRevision.Action.SUBMITTED,
                saved_by=by,
                saved_at=spec.submitted_at,
                snapshot=demand_snapshot(response),
            )
            created[DemandRevision._meta.label_lower] += 1


def _postings_ensure(
    companies: dict[str, Company],
    users: dict[str, User],
    operators: dict[str, TrainingOperator],
    created: Counter[str],
) -> None:
    """Postings the recruiter wrote, and the sample member-company file imported through the
    real import by the association's staff (once: the file's checksum is the natural key)."""
    recruiter = users[f"recruiter@{EMAIL_DOMAIN}"]
    company = recruiter.memberships.filter(company__isnull=False).first().company
    written = (
        (
            "AI 엔지니어 신입 채용 (3기 수료생 우대)",
            "ai-engineer",
            ("python", "pytorch", "docker"),
            3,
            "open",
        ),
        ("데이터 분석가 채용연계형 인턴", "data-analyst", ("sql", "python"), 2, "draft"),
    )
    roles = dict(JobRole.objects.filter(code__in=[w[1] for w in written]).values_list("code", "pk"))
    skills = dict(Skill.objects.values_list("code", "pk"))
    for title, role, skill_codes, headcount, status in written:
        if JobPosting.objects.filter(company=company, title=title).exists():
            continue
        posting = JobPosting.objects.create(
            company=company,
            title=title,
            description=f"{company.name}에서 {title} 인원을 모집합니다. 광주 사무소 근무.",
            role_id=roles[role],
            headcount=headcount,
            deadline=dt.date(2027, 1, 15),
            status=status,
            created_by=recruiter,
            published_at=dt.datetime(2026, 11, 10, 10, 0, tzinfo=SEOUL)
            if status == "open"
            else None,
        )
        PostingSkill.objects.bulk_create(
            [PostingSkill(posting=posting, skill_id=skills[c], required=True) for c in skill_codes]
        )
        created[JobPosting._meta.label_lower] += 1
    content = SAMPLE_POSTINGS.read_bytes()
    if PostingImport.objects.filter(file_sha256=hashlib.sha256(content).hexdigest()).exists():
        return
    staff = users[f"association@{EMAIL_DOMAIN}"]
    report = imports.postings_import(
        actor=actor_for(staff),
        file_name=SAMPLE_POSTINGS.name,
        content=content,
        operator_id=operators[ASSOCIATION].pk,
        now=dt.datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL),
    )
    if not report.ok:
        raise ValueError("; ".join(str(e) for e in report.errors))
    created[PostingImport._meta.label_lower] += 1
    created[JobPosting._meta.label_lower] += report.created
    created[Company._meta.label_lower] += report.companies_created
