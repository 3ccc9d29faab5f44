"""Only superusers manage accounts in the admin (issue 12): office staff cannot take over one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from careerhub.accounts.models import Role, User
from careerhub.accounts.services import PROGRAM_OFFICE_GROUP, membership_grant


@pytest.fixture
def office(world):
    user = world.users["office"]
    membership_grant(actor=None, user=user, role=Role.PROGRAM_STAFF)  # staff flag + group
    return User.objects.get(pk=user.pk)


@pytest.fixture
def root(db):
    return User.objects.create_superuser(email="root@example.kr", password="root-pw-for-tests-1")


def _change_data(user: User, **overrides) -> dict:
    data = {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    return data | overrides


def test_office_cannot_set_a_superusers_password(client, office, root):
    client.force_login(office)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    before = root.password
    for response in (
        client.get(url),
        client.post(
            url,
            {
                "password1": "taken-over-123!",
                "password2": "taken-over-123!",
                "set_usable_password": "true",
            },
        ),
    ):
        assert response.status_code in (403, 404)
    root.refresh_from_db()
    assert root.password == before
    assert not root.check_password("taken-over-123!")


def test_office_cannot_set_anyones_password(client, office, world):
    nobody = world.users["nobody"]
    client.force_login(office)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[nobody.pk]),
        {"password1": "taken-over-123!", "password2": "taken-over-123!"},
    )
    assert response.status_code == 403
    nobody.refresh_from_db()
    assert not nobody.check_password("taken-over-123!")


def test_office_cannot_open_or_change_a_superuser(client, office, root):
    client.force_login(office)
    url = reverse("admin:accounts_user_change", args=[root.pk])
    client.post(url, _change_data(root, name="바뀐이름", is_superuser="on", is_staff="on"))
    root.refresh_from_db()
    assert root.name != "바뀐이름"


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_office_cannot_raise_anyone(client, office, world, flag):
    nobody = world.users["nobody"]
    client.force_login(office)
    url = reverse("admin:accounts_user_change", args=[nobody.pk])
    data = _change_data(nobody, is_superuser="on", is_staff="on")
    data["groups"] = [Group.objects.get(name=PROGRAM_OFFICE_GROUP).pk]
    client.post(url, data)
    client.post(url, _change_data(office, **{flag: "on"}))  # nor themselves
    nobody.refresh_from_db()
    office.refresh_from_db()
    assert not nobody.is_superuser and not nobody.is_staff
    assert not nobody.groups.exists()
    assert not office.is_superuser


def test_office_cannot_add_users(client, office):
    client.force_login(office)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.kr",
            "name": "새사용자",
            "password1": "pw-new-12345!",
            "password2": "pw-new-12345!",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="new@example.kr").exists()


def test_office_may_still_look_at_users_but_not_change_roles(client, office, world):
    client.force_login(office)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert not office.has_perm("accounts.change_user")
    assert not office.has_perm("accounts.add_membership")
    assert not office.has_perm("auth.change_group")
    page = client.get(reverse("admin:accounts_user_change", args=[world.users["nobody"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="is_superuser"' not in html
    assert "/password/" not in html


def test_a_superuser_manages_accounts(client, root, world):
    nobody = world.users["nobody"]
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[nobody.pk])
    response = client.post(url, _change_data(nobody, is_superuser="on", is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    nobody.refresh_from_db()
    assert nobody.is_superuser and nobody.is_staff
    response = client.post(
        reverse("admin:auth_user_password_change", args=[nobody.pk]),
        {"password1": "new-pw-12345!", "password2": "new-pw-12345!", "usable_password": "true"},
    )
    assert response.status_code == 302
    nobody.refresh_from_db()
    assert nobody.check_password("new-pw-12345!")


def test_the_migration_takes_account_rights_from_an_existing_office_group(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name=PROGRAM_OFFICE_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=("accounts", "auth", "academy"))
    )
    migration = import_module(
        "careerhub.accounts.migrations.0002_program_office_cannot_manage_accounts"
    )
    migration.forwards(apps, None)
    left = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("accounts", "view_user") in left and ("academy", "change_trainee") in left
    assert not {
        p for p in left if p[0] == "auth" or (p[0] == "accounts" and not p[1].startswith("view_"))
    }
