"""The demo program as plain data, generated from one seed.

``program_plan(seed=..., catalog=...)`` is a pure function: the same seed and skill catalog
always give an equal plan, whatever is already in the database. ``builder`` writes it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from careerhub.demo import names
from careerhub.demo.program import (
    ASSOCIATION,
    CODING,
    COHORTS,
    DEMO_TODAY,
    INSTITUTE,
    OPERATORS,
    RELATED_ROLES,
    SEOUL,
    TRACK_PROJECTS,
    CohortSpec,
    CourseSpec,
    OperatorSpec,
    courses,
)

DEFAULT_SEED = 20191001
COMPANY_COUNT = 145
COMPANIES_WITH_OFFICE = 97
INSTITUTE_PARTNERS = 31
ASSOCIATION_MEMBERS = 20
CODING_PARTNERS = 10
CONSULTEES = 40
EMAIL_DOMAIN = "demo.careerhub.kr"
FIRST_OFFICE_DAY = dt.date(2019, 10, 1)
LAST_OFFICE_DAY = dt.date(2026, 10, 30)


@dataclass(frozen=True)
class SkillCatalog:
    """What the generator needs from the taxonomy, as plain values."""

    role_names: dict[str, str]  # role code -> Korean name
    role_skills: dict[str, tuple[tuple[str, int], ...]]  # role code -> (skill code, importance)
    skill_names: dict[str, str]  # skill code -> display name
    skill_pool: tuple[str, ...]  # curated skill codes, sorted, for "some random others"


@dataclass(frozen=True)
class CompanySpec:
    name: str
    business_number: str
    size: str
    sector: str
    hq_region: str
    has_city_office: bool
    city_office_opened_on: dt.date | None
    website: str
    description: str


@dataclass(frozen=True)
class PartnershipSpec:
    operator: str
    business_number: str
    since: dt.date
    note: str


@dataclass(frozen=True)
class StatusChangeSpec:
    from_status: str
    to_status: str
    effective_on: dt.date
    reason: str = ""


@dataclass(frozen=True)
class TraineeSpec:
    number: int
    course: tuple[int, str, str]  # CourseSpec.key
    name: str
    email: str
    phone: str
    birth_date: dt.date
    status: str
    enrolled_on: dt.date
    dropped_on: dt.date | None
    drop_reason: str
    completed_on: dt.date | None
    desired_roles: tuple[str, ...]
    desired_regions: tuple[str, ...]
    available_from: dt.date | None
    introduction: str
    skills: tuple[tuple[str, int], ...]  # (skill code, level 1-5)
    links: tuple[tuple[str, str], ...]  # (label, url)
    consents: tuple[tuple[str, dt.datetime], ...]  # (purpose, granted at)
    consent_version: str
    status_changes: tuple[StatusChangeSpec, ...]
    with_consultant: bool = False
    is_demo_login: bool = False


@dataclass(frozen=True)
class LoginSpec:
    email: str
    name: str
    role: str | None  # accounts.Role value; None for the superuser
    operator: str | None = None  # OperatorSpec.key
    company: str | None = None  # business number
    is_superuser: bool = False
    trainee_of: str | None = None  # a trainee login: the OperatorSpec.key of its trainee


@dataclass(frozen=True)
class ProgramPlan:
    seed: int
    operators: tuple[OperatorSpec, ...]
    cohorts: tuple[CohortSpec, ...]
    courses: tuple[CourseSpec, ...]
    companies: tuple[CompanySpec, ...]
    partnerships: tuple[PartnershipSpec, ...]
    trainees: tuple[TraineeSpec, ...]
    logins: tuple[LoginSpec, ...]


def program_plan(*, seed: int = DEFAULT_SEED, catalog: SkillCatalog) -> ProgramPlan:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    companies = companies_plan(rng)
    partnerships = partnerships_plan(rng, companies)
    course_specs = courses()
    trainees = trainees_plan(rng, course_specs, catalog)
    login_names = {t.course[1]: t.name for t in trainees if t.is_demo_login}
    recruiter_company = next(
        p.business_number
        for p in partnerships
        if p.operator == INSTITUTE
        and any(c.business_number == p.business_number and c.has_city_office for c in companies)
    )
    return ProgramPlan(
        seed=seed,
        operators=OPERATORS,
        cohorts=COHORTS,
        courses=course_specs,
        companies=companies,
        partnerships=partnerships,
        trainees=trainees,
        logins=logins_plan(recruiter_company=recruiter_company, trainee_names=login_names),
    )


# --- companies --------------------------------------------------------------------------

_SIZES = (
    ("startup", 34),
    ("small", 30),
    ("medium", 15),
    ("midsize", 8),
    ("large", 8),
    ("public", 5),
)
_SIZE_KO = {
    "startup": "스타트업",
    "small": "소기업",
    "medium": "중기업",
    "midsize": "중견기업",
    "large": "대기업",
    "public": "공공기관",
}
_HQ_WITH_OFFICE = (
    ("gwangju", 40),
    ("seoul", 33),
    ("gyeonggi", 13),
    ("jeonnam", 6),
    ("daejeon", 4),
    ("busan", 4),
)
_HQ_WITHOUT_OFFICE = (
    ("seoul", 55),
    ("gyeonggi", 25),
    ("daejeon", 6),
    ("busan", 5),
    ("incheon", 5),
    ("daegu", 4),
)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def companies_plan(rng: random.Random) -> tuple[CompanySpec, ...]:
    with_office = set(rng.sample(range(COMPANY_COUNT), COMPANIES_WITH_OFFICE))
    taken_names: set[str] = set()
    taken_numbers: set[str] = set()
    specs = []
    for index in range(COMPANY_COUNT):
        size = _pick(rng, _SIZES)
        label = names.company_name(rng, size=size, taken=taken_names)
        number = names.business_number(rng)
        while number in taken_numbers:
            number = names.business_number(rng)
        taken_numbers.add(number)
        office = index in with_office
        opened = _day_between(rng, FIRST_OFFICE_DAY, LAST_OFFICE_DAY) if office else None
        hq = _pick(rng, _HQ_WITH_OFFICE if office else _HQ_WITHOUT_OFFICE)
        description = f"{label.sector} 분야 {_SIZE_KO[size]}."
        if opened is not None:
            place = "본사" if hq == "gwangju" else "사무소"
            description += f" {opened.year}년 {opened.month}월 광주 {place} 개소."
        specs.append(
            CompanySpec(
                name=label.name,
                business_number=number,
                size=size,
                sector=label.sector,
                hq_region=hq,
                has_city_office=office,
                city_office_opened_on=opened,
                website=label.website,
                description=description,
            )
        )
    return tuple(specs)


def partnerships_plan(
    rng: random.Random, companies: tuple[CompanySpec, ...]
) -> tuple[PartnershipSpec, ...]:
    """The institute's 31 partners (every large company, then others with a city office first),
    the association's member companies and the coding company's hiring partners."""
    large = [c for c in companies if c.size == "large"]
    office = [c for c in companies if c.has_city_office and c.size != "large"]
    others = [c for c in companies if not c.has_city_office and c.size != "large"]
    chosen = large[:INSTITUTE_PARTNERS]
    rest = INSTITUTE_PARTNERS - len(chosen)
    from_office = min(len(office), rest - rest // 6)
    chosen += rng.sample(office, from_office) + rng.sample(others, rest - from_office)
    plan = [_partnership(rng, INSTITUTE, c, "기업연계 프로젝트 협력기업") for c in chosen]
    plan += [
        _partnership(rng, ASSOCIATION, c, "회원사 채용공고 공유")
        for c in rng.sample(companies, ASSOCIATION_MEMBERS)
    ]
    plan += [
        _partnership(rng, CODING, c, "채용 연계 파트너")
        for c in rng.sample(companies, CODING_PARTNERS)
    ]
    order = {c.business_number: i for i, c in enumerate(companies)}
    return tuple(sorted(plan, key=lambda p: (p.operator, order[p.business_number])))


def _partnership(
    rng: random.Random, operator: str, company: CompanySpec, note: str
) -> PartnershipSpec:
    first = company.city_office_opened_on or FIRST_OFFICE_DAY
    since = _day_between(rng, max(first, dt.date(2019, 11, 1)), LAST_OFFICE_DAY)
    return PartnershipSpec(
        operator=operator, business_number=company.business_number, since=since, note=note
    )


# --- trainees ---------------------------------------------------------------------------

_REGIONS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("gwangju",), 60),
    (("gwangju", "jeonnam"), 8),
    (("gwangju", "seoul"), 11),
    (("gwangju", "remote"), 8),
    (("seoul", "gyeonggi"), 6),
    (("remote",), 3),
    (("gwangju", "seoul", "remote"), 4),
)
_DROP_REASONS = ("조기 취업", "개인 사정", "건강 문제", "진로 변경", "출석 기준 미달")
_MAJORS = (
    "컴퓨터공학",
    "전자공학",
    "산업공학",
    "통계학",
    "수학",
    "경영학",
    "기계공학",
    "정보통신공학",
    "화학공학",
    "국어국문학",
    "시각디자인",
    "물리학",
)
_LEVELS_CORE = ((1, 2), (2, 8), (3, 10), (4, 4), (5, 1))
_LEVELS_USEFUL = ((1, 4), (2, 5), (3, 3), (4, 1))
_LEVELS_OTHER = ((1, 5), (2, 4), (3, 1))


def trainees_plan(
    rng: random.Random, course_specs: tuple[CourseSpec, ...], catalog: SkillCatalog
) -> tuple[TraineeSpec, ...]:
    cohorts = {c.number: c for c in COHORTS}
    specs: list[TraineeSpec] = []
    phones: set[str] = set()
    handles: set[str] = set()
    for course in course_specs:
        seats = course.capacity - rng.choice((0, 0, 0, 1, 2))
        for _ in range(seats):
            number = len(specs) + 1
            specs.append(
                _trainee(rng, number, course, cohorts[course.cohort], catalog, phones, handles)
            )
    return _mark_special(specs)


def _trainee(
    rng: random.Random,
    number: int,
    course: CourseSpec,
    cohort: CohortSpec,
    catalog: SkillCatalog,
    phones: set[str],
    handles: set[str],
) -> TraineeSpec:
    person = names.person_name(rng)
    phone = names.mobile_number(rng)
    while phone in phones:
        phone = names.mobile_number(rng)
    phones.add(phone)
    handle = person.handle
    while handle in handles:
        handle = f"{person.handle}{rng.randint(1, 99)}"
    handles.add(handle)
    status, dropped_on, drop_reason, completed_on = _status(rng, course)
    skills = _skills(rng, course.track_role, catalog)
    roles = _desired_roles(rng, course.track_role)
    regions = _pick_regions(rng)
    available = _available_from(rng, status, course, completed_on)
    changes = [StatusChangeSpec("", "enrolled", course.start_date, "입과")]
    if status == "dropped":
        changes.append(StatusChangeSpec("enrolled", "dropped", dropped_on, drop_reason))
    elif status == "completed":
        changes.append(StatusChangeSpec("enrolled", "completed", completed_on, "수료"))
    return TraineeSpec(
        number=number,
        course=course.key,
        name=person.korean,
        email=f"trainee{number:04d}@{EMAIL_DOMAIN}",
        phone=phone,
        birth_date=_birth_date(rng, cohort.year),
        status=status,
        enrolled_on=course.start_date,
        dropped_on=dropped_on,
        drop_reason=drop_reason,
        completed_on=completed_on,
        desired_roles=roles,
        desired_regions=regions,
        available_from=available,
        introduction=_introduction(rng, course, skills, roles, regions, catalog),
        skills=skills,
        links=_links(rng, handle, number, course.track_role),
        consents=_consents(rng, course.start_date),
        consent_version=f"{cohort.year}-01",
        status_changes=tuple(changes),
    )


def _status(
    rng: random.Random, course: CourseSpec
) -> tuple[str, dt.date | None, str, dt.date | None]:
    finished = course.end_date < DEMO_TODAY
    drop_share = 0.12 if finished else 0.04
    if rng.random() < drop_share:
        last = min(course.end_date, DEMO_TODAY) - dt.timedelta(days=7)
        dropped = _day_between(rng, course.start_date + dt.timedelta(days=14), last)
        return "dropped", dropped, rng.choice(_DROP_REASONS), None
    if finished:
        return "completed", None, "", course.end_date
    return "enrolled", None, "", None


def _birth_date(rng: random.Random, year: int) -> dt.date:
    age = rng.choices(range(21, 36), weights=[2, 5, 8, 10, 11, 11, 10, 9, 8, 6, 5, 4, 3, 2, 2])[0]
    return _day_between(rng, dt.date(year - age - 1, 1, 1), dt.date(year - age - 1, 12, 31))


def _skills(
    rng: random.Random, track_role: str, catalog: SkillCatalog
) -> tuple[tuple[str, int], ...]:
    """Most of the track role's core skills, some of its useful ones, and one to three others,
    mostly from related roles: six to twelve skills for a typical trainee."""
    chosen: dict[str, int] = {}
    for code, importance in catalog.role_skills.get(track_role, ()):
        core = importance >= 2
        if rng.random() < (0.75 if core else 0.3):
            chosen[code] = _level(rng, _LEVELS_CORE if core else _LEVELS_USEFUL)
    nearby = sorted(
        {
            code
            for role in RELATED_ROLES.get(track_role, ())
            for code, _ in catalog.role_skills.get(role, ())
        }
        - set(chosen)
    )
    anywhere = [code for code in catalog.skill_pool if code not in chosen]
    for _ in range(rng.randint(1, 3) + max(0, 4 - len(chosen))):
        pool = nearby if nearby and rng.random() < 0.7 else anywhere
        pool = [code for code in pool if code not in chosen]
        if pool:
            chosen[rng.choice(pool)] = _level(rng, _LEVELS_OTHER)
    return tuple(sorted(chosen.items(), key=lambda item: (-item[1], item[0])))


def _level(rng: random.Random, weighted: tuple[tuple[int, int], ...]) -> int:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _desired_roles(rng: random.Random, track_role: str) -> tuple[str, ...]:
    related = list(RELATED_ROLES.get(track_role, ()))
    extra = rng.choices((0, 1, 2), weights=(30, 50, 20))[0]
    others = rng.sample(related, min(extra, len(related)))
    if rng.random() < 0.8 or not others:
        return (track_role, *others)
    return (*others, track_role)[: 1 + extra]


def _pick_regions(rng: random.Random) -> tuple[str, ...]:
    return rng.choices([r for r, _ in _REGIONS], weights=[w for _, w in _REGIONS])[0]


def _available_from(
    rng: random.Random, status: str, course: CourseSpec, completed_on: dt.date | None
) -> dt.date | None:
    if status == "dropped":
        return None
    base = completed_on or course.end_date
    if rng.random() < 0.1:
        return base + dt.timedelta(days=rng.randint(60, 100))
    return base + dt.timedelta(days=rng.randint(0, 30))


def _introduction(
    rng: random.Random,
    course: CourseSpec,
    skills: tuple[tuple[str, int], ...],
    roles: tuple[str, ...],
    regions: tuple[str, ...],
    catalog: SkillCatalog,
) -> str:
    top = [catalog.skill_names.get(code, code) for code, _ in skills[:3]]
    while len(top) < 2:
        top.append("Python")
    role = catalog.role_names.get(roles[0], roles[0])
    place = {"gwangju": "광주", "remote": "원격"}.get(regions[0], "수도권")
    sentences = [
        rng.choice(
            (
                f"{rng.choice(_MAJORS)} 전공으로 {course.name} 과정에 참여했습니다.",
                f"{course.name} 과정에서 {top[0]}, {top[1]} 기반 프로젝트를 수행했습니다.",
                f"비전공자로 시작해 {course.name} 과정에서 개발 역량을 쌓고 있습니다.",
            )
        ),
        rng.choice(
            (
                f"{top[0]} 활용 경험이 있고 {top[1]} 역량을 키우고 있습니다.",
                f"팀 프로젝트에서 {top[0]} 담당으로 데이터 수집부터 배포까지 경험했습니다.",
                f"주요 기술은 {', '.join(top)}입니다.",
            )
        ),
        f"{place} 근무를 희망하며 {role} 직무로 성장하고 싶습니다.",
    ]
    return " ".join(sentences)


def _links(
    rng: random.Random, handle: str, number: int, track_role: str
) -> tuple[tuple[str, str], ...]:
    count = rng.choices((0, 1, 2), weights=(25, 45, 30))[0]
    account = f"https://github.com/{handle}-{number:04d}"
    project = rng.choice(TRACK_PROJECTS.get(track_role, ("capstone",)))
    links = (("GitHub", account), ("프로젝트", f"{account}/{project}"))
    return links[:count]


def _consents(rng: random.Random, enrolled_on: dt.date) -> tuple[tuple[str, dt.datetime], ...]:
    day = enrolled_on - dt.timedelta(days=rng.randint(3, 14))
    granted = dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 20), rng.randint(0, 59), tzinfo=SEOUL
    )
    purposes = ["collection", "provision_operator"]
    if rng.random() < 0.8:
        purposes.append("provision_companies")
    return tuple((purpose, granted) for purpose in purposes)


def _mark_special(specs: list[TraineeSpec]) -> tuple[TraineeSpec, ...]:
    """Give the association's consultant their first 40 enrolled cohort-3 trainees and link
    a demo trainee login to the first fitting cohort-3 trainee of each operator (for the
    institute, of its AI service course; for the association, one the consultant's own
    bookings leave free to book)."""
    consultees = 0
    linked: set[str] = set()
    marked = []
    for spec in specs:
        cohort, operator, _ = spec.course
        if (
            cohort == 3
            and operator == ASSOCIATION
            and spec.status == "enrolled"
            and consultees < CONSULTEES
        ):
            spec = replace(spec, with_consultant=True)
            consultees += 1
        consents = {purpose for purpose, _ in spec.consents}
        if (
            operator not in linked
            and cohort == 3
            and spec.status == "enrolled"
            and "provision_companies" in consents
            and spec.links
            and not spec.with_consultant
        ):
            spec = replace(spec, is_demo_login=True)
            linked.add(operator)
        marked.append(spec)
    return tuple(marked)


# --- demo logins ------------------------------------------------------------------------


def logins_plan(*, recruiter_company: str, trainee_names: dict[str, str]) -> tuple[LoginSpec, ...]:
    """One login per role; per operator a trainee and a consultant, so every trainee login
    can book a session with a consultant of its own operator. ``trainee@`` and
    ``consultant@`` keep their meaning (the institute's trainee, the association's
    consultant)."""

    def email(local: str) -> str:
        return f"{local}@{EMAIL_DOMAIN}"

    return (
        LoginSpec(email("office"), "한지원", "program_staff"),
        LoginSpec(email("institute"), "박교육", "operator_staff", operator=INSTITUTE),
        LoginSpec(email("association"), "최협회", "operator_staff", operator=ASSOCIATION),
        LoginSpec(email("coding"), "정코드", "operator_staff", operator=CODING),
        LoginSpec(email("consultant"), "이상담", "consultant", operator=ASSOCIATION),
        LoginSpec(email("consultant-institute"), "오지현", "consultant", operator=INSTITUTE),
        LoginSpec(email("consultant-coding"), "서민재", "consultant", operator=CODING),
        LoginSpec(email("recruiter"), "강채용", "recruiter", company=recruiter_company),
        LoginSpec(email("trainee"), trainee_names[INSTITUTE], "trainee", trainee_of=INSTITUTE),
        LoginSpec(
            email("trainee-association"),
            trainee_names[ASSOCIATION],
            "trainee",
            trainee_of=ASSOCIATION,
        ),
        LoginSpec(email("trainee-coding"), trainee_names[CODING], "trainee", trainee_of=CODING),
        LoginSpec(email("committee"), "윤위원", "committee"),
        LoginSpec(email("admin"), "관리자", None, is_superuser=True),
    )
