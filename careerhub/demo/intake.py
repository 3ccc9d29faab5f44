"""Cohort 3's recruitment in the demo: 565 online applications, screening, selection and
enrolment into the cohort-3 trainees the program plan already has; plus project and
assessment evidence for cohort 3.

The story is consistent by construction and checked by running the real placement
(``careerhub.intake.selection.place``) on the generated scores:

* every cohort-3 trainee applied with their course as first choice and passed its three
  screening stages with a high total (70–99);
* the other applicants scored below every trainee where the course was full (totals under
  66), and below a pass mark where the course kept empty places (the seats the program plan
  left empty: 미달), and one in ten never finished screening (no interview);
* so selection places exactly the trainees; each confirmed and is linked to their trainee
  record, and the others are waitlisted, released by a higher choice, or not selected.

Pure planning first (``intake_plan``), then ``intake_demo_ensure`` writes what is missing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from careerhub.academy.models import Cohort, Course, Trainee, TrainingOperator
from careerhub.academy.services import trainee_skills_verify
from careerhub.accounts.models import User
from careerhub.demo import names
from careerhub.demo.plan import EMAIL_DOMAIN, ProgramPlan, SkillCatalog
from careerhub.demo.program import CODING, INSTITUTE, SEOUL
from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ScreeningScore,
    ScreeningStage,
    SelectionRun,
    email_key,
)
from careerhub.intake.selection import Candidate, place

COHORT = 3
APPLICATIONS = 565
# (kind, name, weight, max, pass mark) — the same three stages in every cohort-3 course.
STAGES = (
    ("documents", "서류", Decimal(30), Decimal(100), Decimal(40)),
    ("test", "코딩테스트", Decimal(30), Decimal(100), Decimal(40)),
    ("interview", "면접", Decimal(40), Decimal(100), Decimal(50)),
)
RUN_AT = dt.datetime(2026, 5, 6, 10, 0, tzinfo=SEOUL)
PUBLISHED_AT = dt.datetime(2026, 5, 8, 10, 0, tzinfo=SEOUL)
_EDUCATION = (("university", 60), ("college", 20), ("high_school", 8), ("graduate", 12))
_MOTIVATIONS = (
    "광주에서 AI 개발자로 일하고 싶어 지원합니다.",
    "데이터로 지역 문제를 푸는 일을 하고 싶습니다.",
    "전공을 살려 AI 서비스 개발 역량을 키우고 싶습니다.",
    "비전공자지만 꾸준히 독학해 온 프로그래밍을 체계적으로 배우고 싶습니다.",
    "기업연계 프로젝트로 실무 경험을 쌓아 취업하고 싶습니다.",
)


@dataclass(frozen=True)
class ApplicationSpec:
    seq: int
    name: str
    email: str
    phone: str
    birth_date: dt.date
    region: str
    education: str
    motivation: str
    skills_text: str
    submitted_at: dt.datetime
    choices: tuple[tuple[int, str, str], ...]  # course keys, best first
    scores: dict  # course key -> tuple of stage scores (may be shorter: unfinished)
    trainee_email: str | None  # the cohort-3 trainee this applicant became


def intake_plan(*, seed: int, plan: ProgramPlan, catalog: SkillCatalog) -> list[ApplicationSpec]:
    rng = random.Random(seed * 31 + COHORT)  # noqa: S311 - reproducible demo data
    cohort = next(c for c in plan.cohorts if c.number == COHORT)
    courses = [c for c in plan.courses if c.cohort == COHORT]
    trainees = [t for t in plan.trainees if t.course[0] == COHORT]
    seated = Counter(t.course for t in trainees)
    short = {c.key for c in courses if seated[c.key] < c.capacity}
    window = int((cohort.application_closes_at - cohort.application_opens_at).total_seconds())
    phones = {t.phone for t in plan.trainees}
    people = []
    for spec in trainees:
        others = [c.key for c in courses if c.key != spec.course]
        choices = (spec.course, *rng.sample(others, rng.choice((0, 1, 1, 2))))
        scores = {spec.course: tuple(rng.randint(70, 99) for _ in STAGES)}
        for key in choices[1:]:
            scores[key] = tuple(rng.randint(45, 95) for _ in STAGES)
        region = spec.desired_regions[0] if spec.desired_regions[0] != "remote" else "gwangju"
        skills = ", ".join(catalog.skill_names.get(code, code) for code, _ in spec.skills[:4])
        people.append(
            (
                spec.name,
                spec.email,
                spec.phone,
                spec.birth_date,
                region,
                skills,
                choices,
                scores,
                spec.email,
            )
        )
    weights = [c.capacity for c in courses]
    for n in range(1, APPLICATIONS - len(trainees) + 1):
        person = names.person_name(rng)
        phone = names.mobile_number(rng)
        while phone in phones:
            phone = names.mobile_number(rng)
        phones.add(phone)
        count = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
        picked: list = []
        while len(picked) < count:
            key = rng.choices(courses, weights=weights)[0].key
            if key not in picked:
                picked.append(key)
        scores = {}
        for key in picked:
            if key in short:
                scores[key] = (rng.randint(20, 39), rng.randint(30, 70), rng.randint(40, 70))
            else:
                scores[key] = (rng.randint(41, 65), rng.randint(41, 65), rng.randint(50, 65))
            if rng.random() < 0.1:
                scores[key] = scores[key][:2]  # did not come to the interview
        age = rng.randint(21, 36)
        birth = dt.date(cohort.year - age, rng.randint(1, 12), rng.randint(1, 28))
        skills = ", ".join(
            rng.sample(
                sorted(set(catalog.skill_names.values())) or ["Python"],
                k=min(3, len(catalog.skill_names) or 1),
            )
        )
        region = rng.choices(
            ("gwangju", "jeonnam", "seoul", "gyeonggi", "jeonbuk"), weights=(70, 12, 8, 5, 5)
        )[0]
        people.append(
            (
                person.korean,
                f"applicant{n:04d}@{EMAIL_DOMAIN}",
                phone,
                birth,
                region,
                skills,
                tuple(picked),
                scores,
                None,
            )
        )
    moments = sorted(rng.randint(0, window) for _ in people)
    rng.shuffle(people)
    specs = []
    for seq, (person, moment) in enumerate(zip(people, moments, strict=True), start=1):
        name, email, phone, birth, region, skills, choices, scores, trainee_email = person
        specs.append(
            ApplicationSpec(
                seq=seq,
                name=name,
                email=email,
                phone=phone,
                birth_date=birth,
                region=region,
                education=rng.choices(
                    [e for e, _ in _EDUCATION], weights=[w for _, w in _EDUCATION]
                )[0],
                motivation=rng.choice(_MOTIVATIONS),
                skills_text=skills,
                submitted_at=cohort.application_opens_at + dt.timedelta(seconds=moment),
                choices=choices,
                scores=scores,
                trainee_email=trainee_email,
            )
        )
    return specs


def total(scores: tuple[int, ...]) -> Decimal | None:
    if len(scores) < len(STAGES):
        return None
    value = sum(w * Decimal(s) / m for (_, _, w, m, _), s in zip(STAGES, scores, strict=True))
    return value.quantize(Decimal("0.01"))


def passes(scores: tuple[int, ...]) -> bool:
    return len(scores) == len(STAGES) and all(
        Decimal(s) >= stage[4] for stage, s in zip(STAGES, scores, strict=True)
    )


def placement(specs: list[ApplicationSpec], capacities: dict):
    ranking = {}
    for spec in specs:
        for key in spec.choices:
            scores = spec.scores[key]
            if passes(scores):
                ranking[(key, spec.seq)] = (1, -total(scores), spec.submitted_at, spec.seq)
    candidates = [Candidate(spec.seq, spec.choices) for spec in specs]
    return place(candidates=candidates, capacities=capacities, ranking=ranking)


def intake_demo_ensure(
    *,
    seed: int,
    plan: ProgramPlan,
    catalog: SkillCatalog,
    courses: dict[tuple[int, str, str], Course],
    office: User,
    created: Counter[str],
) -> None:
    """Write cohort 3's recruitment (what is missing of it) and the evidence demo."""
    specs = intake_plan(seed=seed, plan=plan, catalog=catalog)
    cohort = Cohort.objects.get(number=COHORT)
    c3 = {key: course for key, course in courses.items() if key[0] == COHORT}
    stages = _stages_ensure(c3, created)
    result = placement(specs, {key: course.capacity for key, course in c3.items()})
    expected = {s.seq for s in specs if s.trainee_email}
    got = {seq for seq, key in result.assigned.items() if key is not None}
    if got != expected:  # the story above no longer holds: fail loudly, never half-true data
        raise AssertionError("demo intake: selection does not reproduce the cohort-3 trainees")
    existing = set(Application.objects.filter(cohort=cohort).values_list("email_key", flat=True))
    new = [s for s in specs if email_key(s.email) not in existing]
    if new:
        _applications_create(new, cohort, c3, stages, result, created)
    if not SelectionRun.objects.filter(cohort=cohort).exists():
        SelectionRun.objects.create(
            cohort=cohort,
            run_at=RUN_AT,
            run_by=office,
            published_at=PUBLISHED_AT,
            published_by=office,
            summary={
                str(course.pk): {
                    "places": course.capacity,
                    "selected": len(result.selected.get(key, ())),
                    "waitlisted": len(result.waitlist.get(key, ())),
                }
                for key, course in c3.items()
            },
        )
        created[SelectionRun._meta.label_lower] += 1
    _evidence_ensure(plan, catalog, c3, created)


def _bulk(model: type[models.Model], objs: list, created: Counter[str]) -> list:
    done = model.objects.bulk_create(objs, batch_size=500)
    created[model._meta.label_lower] += len(objs)
    return done


def _stages_ensure(c3: dict, created: Counter[str]) -> dict:
    have = {(s.course_id, s.name): s for s in ScreeningStage.objects.filter(course__in=c3.values())}
    new = [
        ScreeningStage(
            course=course, kind=kind, name=name, order=i, weight=w, max_score=m, min_score=p
        )
        for course in c3.values()
        for i, (kind, name, w, m, p) in enumerate(STAGES, start=1)
        if (course.pk, name) not in have
    ]
    _bulk(ScreeningStage, new, created)
    stages = {
        (s.course_id, s.name): s for s in ScreeningStage.objects.filter(course__in=c3.values())
    }
    return {
        course.pk: [stages[(course.pk, name)] for _, name, *_ in STAGES] for course in c3.values()
    }


def _applications_create(specs, cohort, c3, stages, result, created) -> None:
    trainees = {
        (t.course_id, t.email): t.pk
        for t in Trainee.objects.filter(course__in=c3.values()).only("pk", "course_id", "email")
    }
    waitpos = {
        (key, seq): i for key, people in result.waitlist.items() for i, seq in enumerate(people, 1)
    }
    apps = [
        Application(
            cohort=cohort,
            receipt_seq=s.seq,
            receipt_number=f"{cohort.year}-{cohort.number:02d}-{s.seq:05d}",
            name=s.name,
            name_key="".join(s.name.split()).casefold(),
            birth_date=s.birth_date,
            email=s.email,
            email_key=email_key(s.email),
            phone=s.phone,
            region=s.region,
            education=s.education,
            motivation=s.motivation,
            skills_text=s.skills_text,
            consent_collection_at=s.submitted_at,
            consent_provision_at=s.submitted_at,
            submitted_at=s.submitted_at,
            email_confirmed_at=s.submitted_at + dt.timedelta(minutes=7),
            trainee_id=trainees.get((c3[s.choices[0]].pk, s.trainee_email))
            if s.trainee_email
            else None,
        )
        for s in specs
    ]
    _bulk(Application, apps, created)
    ids = dict(
        Application.objects.filter(
            cohort=cohort, receipt_seq__in=[s.seq for s in specs]
        ).values_list("receipt_seq", "pk")
    )
    choices = []
    for s in specs:
        got = result.assigned[s.seq]
        for rank, key in enumerate(s.choices, start=1):
            if key == got:
                outcome, pos = ApplicationChoice.Outcome.ENROLLED, None
            elif (key, s.seq) in waitpos:
                outcome, pos = ApplicationChoice.Outcome.WAITLISTED, waitpos[(key, s.seq)]
            elif got is not None and rank > s.choices.index(got) + 1:
                outcome, pos = ApplicationChoice.Outcome.CLOSED, None
            else:
                outcome, pos = ApplicationChoice.Outcome.NOT_SELECTED, None
            choices.append(
                ApplicationChoice(
                    application_id=ids[s.seq],
                    course=c3[key],
                    rank=rank,
                    outcome=outcome,
                    waitlist_position=pos,
                    total_score=total(s.scores[key]),
                    outcome_changed_at=PUBLISHED_AT,
                )
            )
    _bulk(ApplicationChoice, choices, created)
    choice_ids = {
        (app_id, course_id): pk
        for pk, app_id, course_id in ApplicationChoice.objects.filter(
            application_id__in=ids.values()
        ).values_list("pk", "application_id", "course_id")
    }
    scores = [
        ScreeningScore(
            choice_id=choice_ids[(ids[s.seq], c3[key].pk)],
            stage=stage,
            score=Decimal(value),
        )
        for s in specs
        for key in s.choices
        for stage, value in zip(stages[c3[key].pk], s.scores[key], strict=False)
    ]
    _bulk(ScreeningScore, scores, created)


def _evidence_ensure(
    plan: ProgramPlan, catalog: SkillCatalog, c3: dict, created: Counter[str]
) -> None:
    """Two industry-linked projects per institute course, one coding test per coding course."""
    from careerhub.academy.models import Assessment, AssessmentScore, Project, ProjectMember
    from careerhub.taxonomy.models import Skill

    rng = random.Random(COHORT * 7919)  # noqa: S311 - reproducible demo data
    skill_ids = dict(Skill.objects.values_list("code", "pk"))
    touched: list[int] = []
    operators = {o.pk: o for o in TrainingOperator.objects.all()}
    for key, course in sorted(c3.items()):
        core = [
            code for code, imp in catalog.role_skills.get(course.track_role.code, ()) if imp >= 2
        ]
        core = [skill_ids[c] for c in core if c in skill_ids][:3]
        roster = list(course.trainees.order_by("pk").values_list("pk", flat=True))
        if not core or len(roster) < 10:
            continue
        if key[1] == INSTITUTE:
            partners = list(
                operators[course.operator_id]
                .partnerships.order_by("company__name")
                .values_list("company_id", flat=True)
            )
            for team in (1, 2):
                name = f"{team}팀"
                if Project.objects.filter(course=course, team_name=name).exists():
                    continue
                project = Project.objects.create(
                    course=course,
                    company_id=partners[(team + len(roster)) % len(partners)],
                    team_name=name,
                    topic=f"{course.name} 기업연계 과제 {team}",
                    mentor_name=names.person_name(rng).korean,
                    mentor_title="책임연구원",
                    starts_on=dt.date(2026, 9, 1),
                    ends_on=dt.date(2026, 11, 20),
                    evaluation_score=(88, 64)[team - 1],
                    evaluation_comment=("실무 적용 가능성이 높음", "데이터 전처리 보완 필요")[
                        team - 1
                    ],
                    evaluated_by="협력기업 멘토",
                    evaluated_on=dt.date(2026, 11, 21),
                )
                project.skills.set(core)
                members = roster[(team - 1) * 5 : team * 5]
                _bulk(
                    ProjectMember,
                    [ProjectMember(project=project, trainee_id=t, role="팀원") for t in members],
                    created,
                )
                created[Project._meta.label_lower] += 1
                touched += members
        elif key[1] == CODING:
            title = "중간 코딩테스트"
            if Assessment.objects.filter(course=course, title=title).exists():
                continue
            assessment = Assessment.objects.create(
                course=course,
                kind="coding_test",
                title=title,
                held_on=dt.date(2026, 9, 15),
                max_score=100,
                pass_score=60,
            )
            assessment.skills.set(core[:2])
            created[Assessment._meta.label_lower] += 1
            _bulk(
                AssessmentScore,
                [
                    AssessmentScore(assessment=assessment, trainee_id=t, score=rng.randint(35, 100))
                    for t in roster
                ],
                created,
            )
            touched += roster
    if touched:
        trainee_skills_verify(trainee_ids=touched)
