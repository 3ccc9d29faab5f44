"""Shared fixtures: a small program with two operators, two companies and one user per role.

``ROLES`` is the one list of roles every role × action matrix runs over. Each matrix test
module parametrises over ``ROLE_KEYS`` (or uses the ``role`` fixture) and checks its
expectation tables with ``every_role``, so no matrix can silently leave out the IDOR rows:
the other operator (``staff_b``), the other company (``recruiter_y``) and another trainee
(``trainee_b1``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import pytest

from careerhub.academy.models import Consent
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import Role, User
from careerhub.core.actors import ANONYMOUS, Actor
from careerhub.core.tests import factories as f

ANONYMOUS_KEY = "anonymous"

ROLES: tuple[tuple[str, str], ...] = (
    (ANONYMOUS_KEY, "not signed in"),
    ("nobody", "signed in, holds no role"),
    ("office", "program office staff (사업단): every operator, company and trainee"),
    ("staff_a", "operator staff of operator A"),
    ("staff_b", "operator staff of operator B: the other operator"),
    ("consultant_a", "consultant of operator A, assigned to trainee A1"),
    ("recruiter_x", "recruiter of company X"),
    ("recruiter_y", "recruiter of company Y: the other company"),
    ("trainee_a1", "trainee A1 of operator A, with a login and a consultant"),
    ("trainee_b1", "trainee B1 of operator B, consented to companies: another trainee"),
    ("committee", "committee member: summaries, never personal records"),
)
"""Every role key of the ``world`` fixture, with what it stands for, in matrix order."""

ROLE_KEYS: tuple[str, ...] = tuple(key for key, _ in ROLES)
SIGNED_IN: tuple[str, ...] = tuple(key for key in ROLE_KEYS if key != ANONYMOUS_KEY)
"""Role keys with a user (policy matrices of things an anonymous visitor never reaches)."""


def roles_except(*keys: str, among: tuple[str, ...] = ROLE_KEYS) -> list[str]:
    """The role keys of ``among`` other than ``keys`` (each of which must be a real role)."""
    unknown = set(keys) - set(ROLE_KEYS)
    assert not unknown, f"unknown role keys: {sorted(unknown)}"
    return [key for key in among if key not in keys]


def refused(key: str) -> int:
    """The status a refused request gets: anonymous visitors go to the login page (302),
    signed-in users get the same 404 as for a missing object."""
    return 302 if key == ANONYMOUS_KEY else 404


T = TypeVar("T")


def every_role(matrix: Mapping[str, T], *, among: tuple[str, ...] = ROLE_KEYS) -> Mapping[str, T]:
    """Check at import time that an expectation table has exactly one row per role."""
    missing = [key for key in among if key not in matrix]
    extra = sorted(set(matrix) - set(among))
    assert not missing and not extra, f"matrix rows missing: {missing}; unknown: {extra}"
    return matrix


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached figures live in the cache (LocMemCache in tests, shared
    by the live server's thread): every test starts with it empty."""
    from django.core.cache import cache

    cache.clear()


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
        if key == ANONYMOUS_KEY:
            return ANONYMOUS
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


@pytest.fixture(params=ROLE_KEYS)
def role(request) -> str:
    """Each key of ``ROLES`` in turn (for a test that runs once per role)."""
    return request.param


@pytest.fixture
def as_role(client, world):
    """The test client signed in as a role key of ``ROLES`` (signed out for ``anonymous``)."""

    def _as_role(key: str):
        assert key in ROLE_KEYS, f"unknown role key {key!r}"
        client.logout()
        if key != ANONYMOUS_KEY:
            client.force_login(world.users[key])
        return client

    return _as_role
