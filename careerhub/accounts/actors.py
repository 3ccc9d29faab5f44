"""Who is asking: a user's memberships flattened into the scopes every policy checks.

An ``Actor`` is built once per request (``request.actor``) and passed to every selector,
service and policy. It is plain data: policies stay pure functions of (actor, object).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from careerhub.accounts.models import Membership, Role

if TYPE_CHECKING:
    from careerhub.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    program_staff: bool = False
    committee: bool = False
    staff_operator_ids: frozenset[int] = field(default_factory=frozenset)
    consultant_operator_ids: frozenset[int] = field(default_factory=frozenset)
    recruiter_company_ids: frozenset[int] = field(default_factory=frozenset)
    trainee_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def operator_ids(self) -> frozenset[int]:
        """Operators the actor works for, as staff or as consultant."""
        return self.staff_operator_ids | self.consultant_operator_ids

    @property
    def is_trainee(self) -> bool:
        return bool(self.trainee_ids)

    @property
    def roles(self) -> list[str]:
        roles = []
        if self.program_staff:
            roles.append(Role.PROGRAM_STAFF)
        if self.staff_operator_ids:
            roles.append(Role.OPERATOR_STAFF)
        if self.consultant_operator_ids:
            roles.append(Role.CONSULTANT)
        if self.recruiter_company_ids:
            roles.append(Role.RECRUITER)
        if self.trainee_ids:
            roles.append(Role.TRAINEE)
        if self.committee:
            roles.append(Role.COMMITTEE)
        return roles


ANONYMOUS = Actor(user=None)


def actor_for(user: User | None) -> Actor:
    """Flatten the active memberships of ``user``; superusers act as program office staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    from careerhub.academy.models import Trainee

    staff_ops: set[int] = set()
    consultant_ops: set[int] = set()
    companies: set[int] = set()
    program = bool(user.is_superuser)
    committee = False
    for role, operator_id, company_id in Membership.objects.filter(
        user=user, is_active=True
    ).values_list("role", "operator_id", "company_id"):
        if role == Role.PROGRAM_STAFF:
            program = True
        elif role == Role.COMMITTEE:
            committee = True
        elif role == Role.OPERATOR_STAFF:
            staff_ops.add(operator_id)
        elif role == Role.CONSULTANT:
            consultant_ops.add(operator_id)
        elif role == Role.RECRUITER:
            companies.add(company_id)
    trainee_ids = frozenset(Trainee.objects.filter(user=user).values_list("pk", flat=True))
    return Actor(
        user=user,
        program_staff=program,
        committee=committee,
        staff_operator_ids=frozenset(staff_ops),
        consultant_operator_ids=frozenset(consultant_ops),
        recruiter_company_ids=frozenset(companies),
        trainee_ids=trainee_ids,
    )
