"""Who is asking: a user's memberships flattened into the scopes every policy checks.

The ``Actor`` lives in ``core`` because every app's policies take one; it is built from the
memberships by ``careerhub.accounts.actors.actor_for``.

An ``Actor`` is built once per request (``request.actor``) and passed to every selector,
service and policy. It is plain data: policies stay pure functions of (actor, object).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from careerhub.core.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


@dataclass(frozen=True)
class Actor:
    user: User | None
    program_staff: bool = False
    committee: bool = False
    staff_operator_ids: frozenset[int] = field(default_factory=frozenset)
    consultant_operator_ids: frozenset[int] = field(default_factory=frozenset)
    recruiter_company_ids: frozenset[int] = field(default_factory=frozenset)
    trainee_ids: frozenset[int] = field(default_factory=frozenset)
    api_key_id: int | None = None
    """The API key the request came with (careerhub.api); None for pages and tasks. Events and
    access records store it beside the person the key acts for."""

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
