"""Writes on users and memberships."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from careerhub.accounts.models import Membership, Role, User
from careerhub.core.models import event_record

PROGRAM_OFFICE_GROUP = "program-office"
# The program office runs the academy from the Django admin too: it may view and change the
# domain records, but the event log stays read-only and nobody deletes through the admin.
# Accounts (users, their roles, passwords, staff flags, groups, permissions) are managed by
# superusers only: the office may look at them, never change them (accounts migration 0002
# took the rights away from groups made before).
_ADMIN_APPS = ("academy", "companies", "taxonomy", "intake")
_VIEW_ONLY_APPS = ("core", "accounts")


def program_office_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=_ADMIN_APPS).exclude(
        codename__startswith="delete_"
    ) | Permission.objects.filter(
        content_type__app_label__in=_VIEW_ONLY_APPS, codename__startswith="view_"
    )
    group.permissions.set(perms)
    return group


def membership_grant(
    *,
    actor: object,
    user: User,
    role: str,
    operator_id: int | None = None,
    company_id: int | None = None,
) -> Membership:
    """Give ``user`` a role in a scope (idempotent). Program office staff also get the admin."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user,
            role=role,
            operator_id=operator_id,
            company_id=company_id,
            defaults={"is_active": True},
        )
        changed = created or not membership.is_active
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        if role == Role.PROGRAM_STAFF:
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(program_office_group_ensure())
        if changed:
            event_record(actor=actor, verb="membership.granted", target=membership, role=role)
    return membership


def user_erase(*, actor: object, user: User) -> User:
    """Close a login for good and strip it of personal data (an erased trainee's): it can no
    longer sign in, its memberships end, its name, phone and email are replaced."""
    with transaction.atomic():
        user.is_active = False
        user.set_unusable_password()
        user.name = ""
        user.phone = ""
        user.email = f"erased-user-{user.pk}@erased.invalid"
        user.save(update_fields=["is_active", "password", "name", "phone", "email"])
        user.memberships.update(is_active=False)
        event_record(actor=actor, verb="user.erased", target=user)
    return user
