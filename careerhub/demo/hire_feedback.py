"""Employer feedback on hires in the demo: cohorts 1 and 2's employed graduates become hires
through a (closed) posting of their employer listing their course role's typical skills, and
their employers have rated them a month in — enough per course that the aggregate page shows
averages (and, for the rarer skills, hidden cells). Hires at the demo recruiter's company come
first, and two of them are left unanswered so the recruiter has requests to answer."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

from django.utils import timezone

from careerhub.accounts.models import Membership, Role
from careerhub.applications.models import Application
from careerhub.employer_feedback.models import HireFeedback, SkillRating
from careerhub.employer_feedback.services import after_days
from careerhub.hiring.models import JobPosting, PostingSkill
from careerhub.outcomes.models import Outcome, OutcomeType
from careerhub.taxonomy.models import RoleSkill

PER_COURSE = 6  # hires rated per course (the page hides cells under 3 ratings)
COURSES = 4
UNANSWERED_AT_RECRUITER = 2
COMMENTS = (
    "실무 투입이 빨랐습니다. 코드 리뷰 문화에 잘 적응하고 있습니다.",
    "기본기는 좋으나 대용량 데이터 처리 경험이 더 필요합니다.",
    "프로젝트 경험 덕분에 협업 도구 사용에 익숙합니다.",
    "",
)


def hire_feedback_demo_ensure(*, seed: int, created: Counter[str]) -> None:
    if HireFeedback.objects.exists():
        return  # built on an earlier run
    rng = random.Random(seed * 11 + 7)  # noqa: S311 - reproducible demo data
    recruiter = (
        Membership.objects.filter(role=Role.RECRUITER, is_active=True)
        .select_related("user", "company")
        .order_by("pk")
        .first()
    )
    outcomes = list(
        Outcome.objects.filter(
            outcome_type=OutcomeType.EMPLOYED,
            company__isnull=False,
            trainee__course__cohort__number__in=(1, 2),
            start_date__lte=timezone.localdate() - dt.timedelta(days=after_days()),
            application__isnull=True,
        )
        .exclude(status=Outcome.Status.REJECTED)
        .select_related("trainee__course__track_role", "company")
        .order_by("trainee__course__cohort__number", "trainee__course_id", "pk")
    )
    mine = recruiter.company_id if recruiter else None
    outcomes.sort(key=lambda o: o.company_id != mine)  # stable: the recruiter's hires first
    by_course: dict[int, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_course[o.trainee.course_id].append(o)
    chosen_courses = sorted(by_course, key=lambda c: (-len(by_course[c]), c))[:COURSES]
    picked = [
        o for c in chosen_courses for o in by_course[c][:PER_COURSE] if len(by_course[c]) >= 3
    ]
    at_mine = [o for o in outcomes if o.company_id == mine and o not in picked][:3]
    if mine is not None and len(at_mine) < 3:
        # outcomes' employers are drawn at random: let three recent hires be the demo
        # recruiter's company, so that its recruiter has requests to answer
        spare = sorted(
            (o for o in outcomes if o not in picked and o not in at_mine),
            key=lambda o: (-o.start_date.toordinal(), o.pk),
        )[: 3 - len(at_mine)]
        Outcome.objects.filter(pk__in=[o.pk for o in spare]).update(company_id=mine)
        for o in spare:
            o.company = recruiter.company
        at_mine += spare
    picked += at_mine
    unanswered = {o.pk for o in picked if o.company_id == mine}
    unanswered = set(sorted(unanswered)[:UNANSWERED_AT_RECRUITER])
    skills_of: dict[int, list[int]] = {}
    for o in picked:
        role = o.trainee.course.track_role
        if role is None:
            continue
        if role.pk not in skills_of:
            skills_of[role.pk] = list(
                RoleSkill.objects.filter(role=role)
                .order_by("-importance", "pk")
                .values_list("skill_id", flat=True)[:4]
            )
        posting, made = JobPosting.objects.get_or_create(
            company=o.company,
            title=f"{role.name_ko} 신입 채용",
            defaults={
                "role": role,
                "region": "gwangju",
                "headcount": 1,
                "deadline": o.start_date - dt.timedelta(days=14),
                "status": "closed",
            },
        )
        if made:
            created["job postings (hired through)"] += 1
            for i, skill_id in enumerate(skills_of[role.pk]):
                PostingSkill.objects.create(
                    posting=posting, skill_id=skill_id, level=3, required=i < 2
                )
        application = Application.objects.create(
            trainee=o.trainee,
            posting=posting,
            status="hired",
            version=7,
            start_date=o.start_date,
            outcome=o,
        )
        due = o.start_date + dt.timedelta(days=after_days())
        asked_at = timezone.make_aware(dt.datetime.combine(due, dt.time(10, 30)))
        feedback = HireFeedback.objects.create(
            application=application, due_on=due, requested_at=asked_at
        )
        created["employer feedback requests"] += 1
        if o.pk in unanswered:
            continue
        feedback.answered_at = asked_at + dt.timedelta(days=rng.randint(1, 6))
        feedback.answered_by = recruiter.user if recruiter and o.company_id == mine else None
        feedback.comment = rng.choice(COMMENTS)
        feedback.save()
        ratings = [
            SkillRating(feedback=feedback, skill_id=s, rating=rng.choice((2, 3, 3, 4, 4, 4, 5, 5)))
            for i, s in enumerate(skills_of[role.pk])
            if i < 2 or rng.random() < 0.5  # the preferred skills not always judged
        ]
        SkillRating.objects.bulk_create(ratings)
        created["employer feedback answers"] += 1
