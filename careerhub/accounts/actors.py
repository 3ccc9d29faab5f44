"""Build the ``Actor`` of a user from their active memberships and their own trainee record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerhub.accounts.models import Membership
from careerhub.core.actors import ANONYMOUS, Actor
from careerhub.core.choices import Role

if TYPE_CHECKING:
    from careerhub.accounts.models import User


def actor_for(user: User | None) -> Actor:
    """Flatten the active memberships of ``user``; superusers act as program office staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
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
    # The trainee record links to its login (academy sits above accounts, so its model is
    # reached through the relation rather than imported); only its id is read, not the row.
    trainee_model = user._meta.get_field("trainee").related_model
    trainee_ids = frozenset(
        trainee_model._default_manager.filter(user=user).values_list("pk", flat=True)
    )
    return Actor(
        user=user,
        program_staff=program,
        committee=committee,
        staff_operator_ids=frozenset(staff_ops),
        consultant_operator_ids=frozenset(consultant_ops),
        recruiter_company_ids=frozenset(companies),
        trainee_ids=trainee_ids,
    )
