"""factory_boy factories for the domain core, shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from careerhub.academy.models import Cohort, Consent, Course, Trainee, TrainingOperator
from careerhub.accounts.models import Membership, User
from careerhub.companies.models import Company
from careerhub.taxonomy.models import JobRole, RoleGroup, Skill


def valid_business_number(seed: int) -> str:
    """A checksum-valid 사업자등록번호 built from ``seed`` (ten digits, no hyphens)."""
    from careerhub.core.korean import business_number_is_valid

    base = f"{(seed * 7919 + 1010101) % 10**9:09d}"
    for check in range(10):
        if business_number_is_valid(base + str(check)):
            return base + str(check)
    raise AssertionError("no check digit")  # every 9-digit prefix has exactly one


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    name = factory.Sequence(lambda n: f"사용자{n}")
    password = factory.django.Password("pw-for-tests-123")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingOperator

    name = factory.Sequence(lambda n: f"교육기관{n}")
    kind = TrainingOperator.Kind.INSTITUTE


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"테스트기업{n}")
    business_number = factory.Sequence(valid_business_number)
    size = Company.Size.SMALL


class RoleGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGroup
        django_get_or_create = ("code",)

    code = "ai"
    name_ko = "인공지능"
    name_en = "AI"


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name_ko = factory.Sequence(lambda n: f"직무{n}")
    name_en = factory.Sequence(lambda n: f"Role {n}")
    group = factory.SubFactory(RoleGroupFactory)
    keco_code = "133201"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_ko = factory.Sequence(lambda n: f"기술{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    year = 2026
    training_start = dt.date(2026, 3, 2)
    training_end = dt.date(2026, 11, 30)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    operator = factory.SubFactory(OperatorFactory)
    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"AI 과정 {n}")
    track_role = factory.SubFactory(JobRoleFactory)
    capacity = 30
    start_date = dt.date(2026, 3, 2)
    end_date = dt.date(2026, 11, 30)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"교육생{n}")
    email = factory.Sequence(lambda n: f"trainee{n}@example.kr")
    phone = "01012345678"
    enrolled_on = dt.date(2026, 3, 2)


def grant(user: User, role: str, *, operator=None, company=None) -> Membership:
    return Membership.objects.create(user=user, role=role, operator=operator, company=company)


def consent(trainee: Trainee, purpose: str = Consent.Purpose.PROVISION_COMPANIES) -> Consent:
    return Consent.objects.create(trainee=trainee, purpose=purpose, granted_at=timezone.now())
