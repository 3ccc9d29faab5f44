"""Objects of the role × URL matrix (careerhub/home/tests/test_url_matrix.py) for the API key
pages: each side's operator has a key acting for its staff member. Made on first use."""

from __future__ import annotations

from careerhub.accounts.models import Membership, Role
from careerhub.api import services
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.core.actors import Actor


def key_of(side) -> ApiKey:
    key = ApiKey.objects.filter(scope=ApiKeyScope.OPERATOR, operator=side.operator).first()
    if key is None:
        staff = Membership.objects.filter(
            role=Role.OPERATOR_STAFF, operator=side.operator, is_active=True
        ).first()
        office = Membership.objects.filter(role=Role.PROGRAM_STAFF, is_active=True).first()
        key = services.api_key_create(
            actor=Actor(user=office.user, program_staff=True),
            scope=ApiKeyScope.OPERATOR,
            operator=side.operator,
            purpose="LMS 연동",
            acts_for=staff.user,
        ).key
    return key
