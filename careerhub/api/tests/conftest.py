"""API fixtures: one key per organisation of the shared ``world`` (careerhub/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from careerhub.api import services
from careerhub.api.models import ApiKeyScope


@dataclass
class Keys:
    office: str
    operator_a: str
    operator_b: str
    company_x: str
    company_y: str
    consultant_a: str


def issue(world, *, scope, person, operator=None, company=None, purpose="테스트 연동"):
    return services.api_key_create(
        actor=world.actor("office"),
        scope=scope,
        purpose=purpose,
        acts_for=world.users[person],
        operator=operator,
        company=company,
    )


@pytest.fixture
def keys(world) -> Keys:
    return Keys(
        office=issue(world, scope=ApiKeyScope.OFFICE, person="office").token,
        operator_a=issue(
            world, scope=ApiKeyScope.OPERATOR, person="staff_a", operator=world.op_a
        ).token,
        operator_b=issue(
            world, scope=ApiKeyScope.OPERATOR, person="staff_b", operator=world.op_b
        ).token,
        company_x=issue(
            world, scope=ApiKeyScope.COMPANY, person="recruiter_x", company=world.company_x
        ).token,
        company_y=issue(
            world, scope=ApiKeyScope.COMPANY, person="recruiter_y", company=world.company_y
        ).token,
        consultant_a=issue(
            world, scope=ApiKeyScope.OPERATOR, person="consultant_a", operator=world.op_a
        ).token,
    )


@pytest.fixture
def api_client():
    """A client that sends a key: ``api_client(token).get("/api/v1/me")``."""

    def _client(token: str | None = None, **headers: str) -> Client:
        if token:
            headers.setdefault("Authorization", f"Bearer {token}")
        return Client(headers=headers)

    return _client


# The matching world (roles, skills, postings p1–p3, consenting trainees t1 and t2).
from careerhub.matching.tests.conftest import immediate_tasks, mx  # noqa: E402, F401


@pytest.fixture
def private_root(settings, tmp_path):
    """Evidence files go to a private directory of the test's own."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = str(root)
    return root
