"""Write the demo program into the database: one transaction, idempotent by natural keys.

Natural keys: operator name, cohort number, course (cohort, operator, name), company business
number, partnership (operator, company), user email, trainee (course, email). A row that
already exists is left as it is (not updated), and a trainee's skills, links, consents and
status history are only written together with the trainee, so a second run writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from careerhub.academy.models import (
    Cohort,
    Consent,
    Course,
    OperatorPartnership,
    PortfolioLink,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
    TrainingOperator,
)
from careerhub.accounts.models import Membership, User
from careerhub.accounts.services import membership_grant
from careerhub.companies.models import Company
from careerhub.demo.checkins import checkins_demo_ensure
from careerhub.demo.companies import companies_demo_ensure, companies_plan_for
from careerhub.demo.hire_feedback import hire_feedback_demo_ensure
from careerhub.demo.intake import intake_demo_ensure
from careerhub.demo.invites import interview_invites_demo_ensure
from careerhub.demo.live import live_demo_ensure
from careerhub.demo.matching import matching_demo_ensure
from careerhub.demo.outcomes import outcomes_demo_ensure
from careerhub.demo.plan import (
    DEFAULT_SEED,
    LoginSpec,
    ProgramPlan,
    SkillCatalog,
    TraineeSpec,
    program_plan,
)
from careerhub.demo.program import INSTITUTE, RELATED_ROLES
from careerhub.intake.models import Application
from careerhub.taxonomy.models import JobRole, RoleSkill, Skill, Source
from careerhub.taxonomy.services import taxonomy_load_curated

DEMO_PASSWORD = "careerhub-demo"  # noqa: S105 - the published password of the demo logins
_TRAINEE_FIELDS_NOT_CHECKED = ["course", "user", "consultant"]


class DemoDataError(Exception):
    """The database cannot hold the demo program (e.g. the taxonomy lacks a track role)."""


@dataclass(frozen=True)
class LoginRow:
    role: str  # accounts.Role value, or "superuser"
    email: str
    scope: str


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    created: dict[str, int]  # model label -> rows written by this run
    totals: dict[str, int]  # what the database holds afterwards
    logins: tuple[LoginRow, ...]
    password: str
    passwords_reset: bool

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def demo_build(*, seed: int = DEFAULT_SEED, reset_passwords: bool = False) -> DemoSummary:
    """Load the curated taxonomy, then build (or complete) the demo program.

    Demo passwords are set when a login is created and left alone on later runs, unless
    ``reset_passwords`` is true.
    """
    created: Counter[str] = Counter()
    with transaction.atomic():
        created["taxonomy (curated)"] += taxonomy_load_curated().total_created
        catalog = catalog_load()
        plan = program_plan(seed=seed, catalog=catalog)
        roles = _role_ids(plan)
        operators = _operators_ensure(plan, created)
        companies = _companies_ensure(plan, created)
        _partnerships_ensure(plan, operators, companies, created)
        cohorts = _cohorts_ensure(plan, created)
        courses = _courses_ensure(plan, cohorts, operators, roles, created)
        users = _logins_ensure(plan, operators, companies, created, reset_passwords=reset_passwords)
        _trainees_ensure(plan, courses, roles, created)
        _trainee_links_ensure(plan, courses, users)
        companies_demo_ensure(
            plan=companies_plan_for(
                seed=seed,
                companies=plan.companies,
                catalog=catalog_load(),
                recruiter_company=next(x.company for x in plan.logins if x.company),
            ),
            companies=companies,
            users=users,
            operators=operators,
            created=created,
        )
        intake_demo_ensure(
            seed=seed,
            plan=plan,
            catalog=catalog,
            courses=courses,
            office=users[_login_email(plan, "program_staff")],
            created=created,
        )
        outcomes_demo_ensure(seed=seed, courses=courses, users=users, created=created)
        hire_feedback_demo_ensure(seed=seed, created=created)
        checkins_demo_ensure(seed=seed, created=created)
        matching_demo_ensure(
            seed=seed,
            office=users[_login_email(plan, "program_staff")],
            trainee_users=[users[x.email] for x in plan.logins if x.trainee_of],
            consultants=[users[x.email] for x in plan.logins if x.role == "consultant"],
            created=created,
        )
        live_demo_ensure(
            operators=operators,
            roles=roles,
            consultants=[users[x.email] for x in plan.logins if x.role == "consultant"],
            created=created,
        )
        interview_invites_demo_ensure(
            office=users[_login_email(plan, "program_staff")],
            trainee_users=[users[x.email] for x in plan.logins if x.trainee_of],
            created=created,
        )
        return DemoSummary(
            seed=seed,
            created=dict(sorted(created.items())),
            totals=_totals(operators[INSTITUTE]),
            logins=_login_rows(plan, operators, companies),
            password=DEMO_PASSWORD,
            passwords_reset=reset_passwords,
        )


def catalog_load() -> SkillCatalog:
    """The taxonomy as plain values, in a fixed order so the plan never depends on row ids."""
    tracks = {role for roles in RELATED_ROLES.values() for role in roles} | set(RELATED_ROLES)
    role_skills: dict[str, list[tuple[str, int]]] = {}
    for role, skill, importance in (
        RoleSkill.objects.filter(role__code__in=tracks)
        .order_by("role__code", "skill__code")
        .values_list("role__code", "skill__code", "importance")
    ):
        role_skills.setdefault(role, []).append((skill, importance))
    curated = Skill.objects.filter(source=Source.CURATED).order_by("code")
    return SkillCatalog(
        role_names=dict(JobRole.objects.order_by("code").values_list("code", "name_ko")),
        role_skills={role: tuple(skills) for role, skills in role_skills.items()},
        skill_names={
            code: _skill_display_name(category, name_ko, name_en)
            for code, category, name_ko, name_en in curated.values_list(
                "code", "category", "name_ko", "name_en"
            )
        },
        skill_pool=tuple(curated.values_list("code", flat=True)),
    )


def _skill_display_name(category: str, name_ko: str, name_en: str) -> str:
    """How a Korean self-introduction writes a skill: tools and languages in their English
    name (Python, PyTorch), methods and domains in Korean (머신러닝, 자연어처리)."""
    english = category in {
        Skill.Category.LANGUAGE,
        Skill.Category.FRAMEWORK,
        Skill.Category.INFRA,
        Skill.Category.TOOL,
    }
    return (name_en if english else name_ko) or name_ko or name_en


def _role_ids(plan: ProgramPlan) -> dict[str, int]:
    wanted = {c.track_role for c in plan.courses}
    wanted |= {role for t in plan.trainees for role in t.desired_roles}
    found = dict(JobRole.objects.filter(code__in=wanted).values_list("code", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise DemoDataError(
            f"The job-role taxonomy lacks {', '.join(missing)}; "
            "check careerhub/taxonomy/fixtures/taxonomy.json."
        )
    return found


def _bulk_create(model: type[models.Model], objs: list[Any], created: Counter[str]) -> None:
    model.objects.bulk_create(objs, batch_size=500)
    created[model._meta.label_lower] += len(objs)


def _operators_ensure(plan: ProgramPlan, created: Counter[str]) -> dict[str, TrainingOperator]:
    names = {spec.name: spec for spec in plan.operators}
    existing = set(TrainingOperator.objects.filter(name__in=names).values_list("name", flat=True))
    new = [
        TrainingOperator(
            name=s.name, short_name=s.short_name, kind=s.kind, description=s.description
        )
        for s in plan.operators
        if s.name not in existing
    ]
    for obj in new:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    _bulk_create(TrainingOperator, new, created)
    by_name = TrainingOperator.objects.in_bulk(list(names), field_name="name")
    return {spec.key: by_name[name] for name, spec in names.items()}


def _companies_ensure(plan: ProgramPlan, created: Counter[str]) -> dict[str, Company]:
    numbers = [c.business_number for c in plan.companies]
    existing = set(
        Company.objects.filter(business_number__in=numbers).values_list(
            "business_number", flat=True
        )
    )
    new = [
        Company(
            name=c.name,
            business_number=c.business_number,
            size=c.size,
            sector=c.sector,
            hq_region=c.hq_region,
            has_city_office=c.has_city_office,
            city_office_opened_on=c.city_office_opened_on,
            website=c.website,
            description=c.description,
        )
        for c in plan.companies
        if c.business_number not in existing
    ]
    for obj in new:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    _bulk_create(Company, new, created)
    return Company.objects.in_bulk(numbers, field_name="business_number")


def _partnerships_ensure(
    plan: ProgramPlan,
    operators: dict[str, TrainingOperator],
    companies: dict[str, Company],
    created: Counter[str],
) -> None:
    existing = set(
        OperatorPartnership.objects.filter(operator__in=operators.values()).values_list(
            "operator_id", "company_id"
        )
    )
    new = []
    for spec in plan.partnerships:
        operator, company = operators[spec.operator], companies[spec.business_number]
        if (operator.pk, company.pk) not in existing:
            new.append(
                OperatorPartnership(
                    operator=operator, company=company, since=spec.since, note=spec.note
                )
            )
    _bulk_create(OperatorPartnership, new, created)


def _cohorts_ensure(plan: ProgramPlan, created: Counter[str]) -> dict[int, Cohort]:
    numbers = [c.number for c in plan.cohorts]
    existing = set(Cohort.objects.filter(number__in=numbers).values_list("number", flat=True))
    new = [
        Cohort(
            number=c.number,
            year=c.year,
            training_start=c.training_start,
            training_end=c.training_end,
            application_opens_at=c.application_opens_at,
            application_closes_at=c.application_closes_at,
            employment_target=c.employment_target,
        )
        for c in plan.cohorts
        if c.number not in existing
    ]
    for obj in new:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    _bulk_create(Cohort, new, created)
    return Cohort.objects.in_bulk(numbers, field_name="number")


def _courses_ensure(
    plan: ProgramPlan,
    cohorts: dict[int, Cohort],
    operators: dict[str, TrainingOperator],
    roles: dict[str, int],
    created: Counter[str],
) -> dict[tuple[int, str, str], Course]:
    def fetch() -> dict[tuple[int, int, str], Course]:
        return {
            (c.cohort_id, c.operator_id, c.name): c
            for c in Course.objects.filter(cohort__in=cohorts.values())
        }

    def db_key(key: tuple[int, str, str]) -> tuple[int, int, str]:
        number, operator, name = key
        return (cohorts[number].pk, operators[operator].pk, name)

    existing = fetch()
    new = [
        Course(
            cohort=cohorts[s.cohort],
            operator=operators[s.operator],
            name=s.name,
            track_role_id=roles[s.track_role],
            capacity=s.capacity,
            start_date=s.start_date,
            end_date=s.end_date,
        )
        for s in plan.courses
        if db_key(s.key) not in existing
    ]
    _bulk_create(Course, new, created)
    stored = fetch() if new else existing
    return {s.key: stored[db_key(s.key)] for s in plan.courses}


def _logins_ensure(
    plan: ProgramPlan,
    operators: dict[str, TrainingOperator],
    companies: dict[str, Company],
    created: Counter[str],
    *,
    reset_passwords: bool,
) -> dict[str, User]:
    emails = [login.email for login in plan.logins]
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares it
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(
            email=login.email,
            name=login.name,
            password=password,
            is_staff=login.is_superuser,
            is_superuser=login.is_superuser,
        )
        for login in plan.logins
        if login.email not in existing
    ]
    _bulk_create(User, new, created)
    users = User.objects.in_bulk(emails, field_name="email")
    if reset_passwords:
        User.objects.filter(email__in=emails).update(password=password)
    for login in plan.logins:
        _membership_ensure(login, users[login.email], operators, companies, created)
    return users


def _membership_ensure(
    login: LoginSpec,
    user: User,
    operators: dict[str, TrainingOperator],
    companies: dict[str, Company],
    created: Counter[str],
) -> None:
    if login.role is None:
        return
    before = Membership.objects.filter(user=user).count()
    membership_grant(
        actor=None,
        user=user,
        role=login.role,
        operator_id=operators[login.operator].pk if login.operator else None,
        company_id=companies[login.company].pk if login.company else None,
    )
    created[Membership._meta.label_lower] += Membership.objects.filter(user=user).count() - before


def _trainees_ensure(
    plan: ProgramPlan,
    courses: dict[tuple[int, str, str], Course],
    roles: dict[str, int],
    created: Counter[str],
) -> None:
    course_ids = [c.pk for c in courses.values()]
    existing = set(
        Trainee.objects.filter(course_id__in=course_ids).values_list("course_id", "email")
    )
    new = [s for s in plan.trainees if (courses[s.course].pk, s.email) not in existing]
    if not new:
        return
    objs = [_trainee_model(s, courses[s.course]) for s in new]
    for obj in objs:
        obj.full_clean(
            exclude=_TRAINEE_FIELDS_NOT_CHECKED, validate_unique=False, validate_constraints=False
        )
    _bulk_create(Trainee, objs, created)
    pks = {
        (course_id, email): pk
        for pk, course_id, email in Trainee.objects.filter(
            course_id__in=course_ids, email__in=[s.email for s in new]
        ).values_list("pk", "course_id", "email")
    }
    trainee_ids = [pks[(courses[s.course].pk, s.email)] for s in new]
    _trainee_details_create(new, trainee_ids, roles, created)


def _trainee_model(spec: TraineeSpec, course: Course) -> Trainee:
    return Trainee(
        course=course,
        name=spec.name,
        email=spec.email,
        phone=spec.phone,
        birth_date=spec.birth_date,
        status=spec.status,
        enrolled_on=spec.enrolled_on,
        dropped_on=spec.dropped_on,
        drop_reason=spec.drop_reason,
        completed_on=spec.completed_on,
        desired_regions=list(spec.desired_regions),
        available_from=spec.available_from,
        introduction=spec.introduction,
    )


def _trainee_details_create(
    specs: list[TraineeSpec], trainee_ids: list[int], roles: dict[str, int], created: Counter[str]
) -> None:
    skill_codes = {code for s in specs for code, _ in s.skills}
    skills = dict(Skill.objects.filter(code__in=skill_codes).values_list("code", "pk"))
    desired = Trainee.desired_roles.through
    role_rows, skill_rows, link_rows, consent_rows, change_rows = [], [], [], [], []
    for spec, trainee_id in zip(specs, trainee_ids, strict=True):
        role_rows += [
            desired(trainee_id=trainee_id, jobrole_id=roles[code]) for code in spec.desired_roles
        ]
        skill_rows += [
            TraineeSkill(trainee_id=trainee_id, skill_id=skills[code], level=level)
            for code, level in spec.skills
        ]
        link_rows += [
            PortfolioLink(trainee_id=trainee_id, label=label, url=url) for label, url in spec.links
        ]
        consent_rows += [
            Consent(
                trainee_id=trainee_id, purpose=purpose, granted_at=at, version=spec.consent_version
            )
            for purpose, at in spec.consents
        ]
        change_rows += [
            TraineeStatusChange(
                trainee_id=trainee_id,
                from_status=c.from_status,
                to_status=c.to_status,
                effective_on=c.effective_on,
                reason=c.reason,
            )
            for c in spec.status_changes
        ]
    _bulk_create(desired, role_rows, created)
    _bulk_create(TraineeSkill, skill_rows, created)
    _bulk_create(PortfolioLink, link_rows, created)
    _bulk_create(Consent, consent_rows, created)
    _bulk_create(TraineeStatusChange, change_rows, created)


OTHER_CONSULTEES = 10
"""How many enrolled cohort-3 trainees each operator's other consultants look after."""


def _trainee_links_ensure(
    plan: ProgramPlan, courses: dict[tuple[int, str, str], Course], users: dict[str, User]
) -> None:
    """Assign the consultants' trainees and link each trainee login, where not yet done.

    The association's consultant (``consultant@``) has their 40 planned trainees; each other
    operator's consultant has that operator's demo trainee and its first enrolled cohort-3
    trainees (by email), so their caseload and a consultee's history are not empty."""
    consultant = users[_login_email(plan, "consultant")]
    consultees = [s for s in plan.trainees if s.with_consultant]
    Trainee.objects.filter(
        course_id__in={courses[s.course].pk for s in consultees},
        email__in=[s.email for s in consultees],
        consultant__isnull=True,
    ).update(consultant=consultant)
    for login in plan.logins:
        if login.trainee_of is None or Trainee.objects.filter(user=users[login.email]).exists():
            continue
        spec = _demo_trainee_spec(plan, login.trainee_of)
        Trainee.objects.filter(
            course=courses[spec.course], email=spec.email, user__isnull=True
        ).update(user=users[login.email])
    for login in plan.logins:
        if login.role != "consultant" or login.email == consultant.email:
            continue
        user = users[login.email]
        cohort3 = Trainee.objects.filter(
            course__cohort__number=3, course__operator__name=_operator_name(plan, login.operator)
        )
        if cohort3.filter(consultant=user).exists():
            continue
        spec = _demo_trainee_spec(plan, login.operator or "")
        first = list(
            cohort3.filter(status=Trainee.Status.ENROLLED, consultant__isnull=True)
            .order_by("email")
            .values_list("pk", flat=True)[:OTHER_CONSULTEES]
        )
        cohort3.filter(Q(pk__in=first) | Q(email=spec.email), consultant__isnull=True).update(
            consultant=user
        )


def _demo_trainee_spec(plan: ProgramPlan, operator: str) -> TraineeSpec:
    return next(s for s in plan.trainees if s.is_demo_login and s.course[1] == operator)


def _operator_name(plan: ProgramPlan, key: str | None) -> str:
    return next(o.name for o in plan.operators if o.key == key)


def _login_email(plan: ProgramPlan, role: str) -> str:
    return next(login.email for login in plan.logins if login.role == role)


def _login_rows(
    plan: ProgramPlan, operators: dict[str, TrainingOperator], companies: dict[str, Company]
) -> tuple[LoginRow, ...]:
    rows = []
    for login in plan.logins:
        if login.operator:
            scope = str(operators[login.operator])
        elif login.company:
            company = companies[login.company]
            scope = f"{company.name} ({company.business_number_display})"
        elif login.trainee_of:
            spec = _demo_trainee_spec(plan, login.trainee_of)
            operator = operators[login.trainee_of]
            scope = f"{spec.name} · {spec.course[0]}기 {spec.course[2]} ({operator})"
        else:
            scope = ""
        rows.append(LoginRow(role=login.role or "superuser", email=login.email, scope=scope))
    return tuple(rows)


def _totals(institute: TrainingOperator) -> dict[str, int]:
    trainees = Trainee.objects.all()
    return {
        "operators": TrainingOperator.objects.count(),
        "institute_partners": OperatorPartnership.objects.filter(operator=institute).count(),
        "partnerships": OperatorPartnership.objects.count(),
        "companies": Company.objects.count(),
        "companies_with_office": Company.objects.filter(has_city_office=True).count(),
        "cohorts": Cohort.objects.count(),
        "courses": Course.objects.count(),
        "trainees": trainees.count(),
        "cohort3_trainees": trainees.filter(course__cohort__number=3).count(),
        "cohort3_applications": Application.objects.filter(cohort__number=3).count(),
        "cohort4_courses": Course.objects.filter(cohort__number=4).count(),
        "cohort4_open": int(
            any(
                c.application_window_state(timezone.now()) == "open"
                for c in Cohort.objects.filter(number=4)
            )
        ),
        "trainee_skills": TraineeSkill.objects.count(),
        "portfolio_links": PortfolioLink.objects.count(),
        "consents": Consent.objects.count(),
        "status_changes": TraineeStatusChange.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }
