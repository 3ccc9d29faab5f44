"""Shared fixtures: a small program with two operators, two companies and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from careerhub.academy.models import Consent
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import Role, User
from careerhub.core.actors import Actor
from careerhub.core.tests import factories as f


@dataclass
class World:
    op_a: object
    op_b: object
    course_a: object
    course_b: object
    trainee_a1: object  # operator A, consultant assigned, own login, no company consent
    trainee_a2: object  # operator A, no consultant
    trainee_b1: object  # operator B, consented to provision to companies
    company_x: object
    company_y: object
    users: dict[str, User]

    def actor(self, key: str) -> Actor:
        return actor_for(self.users[key])


@pytest.fixture
def world(db) -> World:
    op_a = f.OperatorFactory(name="운영기관A")
    op_b = f.OperatorFactory(name="운영기관B")
    cohort = f.CohortFactory(number=3)
    course_a = f.CourseFactory(operator=op_a, cohort=cohort, name="과정A")
    course_b = f.CourseFactory(operator=op_b, cohort=cohort, name="과정B")
    company_x = f.CompanyFactory(name="기업X")
    company_y = f.CompanyFactory(name="기업Y")
    users = {
        key: f.UserFactory(email=f"{key}@example.kr", name=key)
        for key in (
            "office",
            "staff_a",
            "staff_b",
            "consultant_a",
            "recruiter_x",
            "recruiter_y",
            "trainee_a1",
            "trainee_b1",
            "committee",
            "nobody",
        )
    }
    f.grant(users["office"], Role.PROGRAM_STAFF)
    f.grant(users["staff_a"], Role.OPERATOR_STAFF, operator=op_a)
    f.grant(users["staff_b"], Role.OPERATOR_STAFF, operator=op_b)
    f.grant(users["consultant_a"], Role.CONSULTANT, operator=op_a)
    f.grant(users["recruiter_x"], Role.RECRUITER, company=company_x)
    f.grant(users["recruiter_y"], Role.RECRUITER, company=company_y)
    f.grant(users["trainee_a1"], Role.TRAINEE)
    f.grant(users["trainee_b1"], Role.TRAINEE)
    f.grant(users["committee"], Role.COMMITTEE)
    trainee_a1 = f.TraineeFactory(
        course=course_a, name="김가영", user=users["trainee_a1"], consultant=users["consultant_a"]
    )
    trainee_a2 = f.TraineeFactory(course=course_a, name="이나래")
    trainee_b1 = f.TraineeFactory(course=course_b, name="박다솜", user=users["trainee_b1"])
    f.consent(trainee_b1, Consent.Purpose.PROVISION_COMPANIES)
    return World(
        op_a,
        op_b,
        course_a,
        course_b,
        trainee_a1,
        trainee_a2,
        trainee_b1,
        company_x,
        company_y,
        users,
    )


@pytest.fixture
def login(client):
    def _login(user: User):
        client.force_login(user)
        return client

    return _login
