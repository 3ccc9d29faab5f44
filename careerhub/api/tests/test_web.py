"""The staff pages for API keys: who may issue keys for which organisation, the key shown
once, rotation with a grace period, revocation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerhub.api.models import ApiKey

pytestmark = pytest.mark.django_db


def _create(client, organisation, person, purpose="ATS 연동"):
    return client.post(
        reverse("apikeys:create"),
        {"organisation": organisation, "acts_for": person.pk, "purpose": purpose},
    )


def test_office_issues_a_company_key_shown_once(login, world, api_client):
    client = login(world.users["office"])
    response = _create(client, f"company:{world.company_x.pk}", world.users["recruiter_x"])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = response.context["issued"].token
    assert token in response.content.decode()
    key = ApiKey.objects.get()
    assert (key.scope, key.company, key.acts_for) == (
        "company",
        world.company_x,
        world.users["recruiter_x"],
    )
    listing = client.get(reverse("apikeys:list")).content.decode()
    assert f"chk_{key.prefix}" in listing and token not in listing
    assert api_client(token).get("/api/v1/me").json()["company_ids"] == [world.company_x.pk]


def test_a_key_acts_only_for_a_member_of_its_organisation(login, world):
    client = login(world.users["office"])
    response = _create(client, f"company:{world.company_x.pk}", world.users["recruiter_y"])
    assert response.status_code == 200
    assert "acts_for" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_recruiters_issue_keys_for_their_own_company_only(login, world):
    client = login(world.users["recruiter_x"])
    form = client.get(reverse("apikeys:create")).context["form"]
    assert [v for v, _label in form.fields["organisation"].choices] == [
        f"company:{world.company_x.pk}"
    ]
    refused = _create(client, f"company:{world.company_y.pk}", world.users["recruiter_y"])
    assert "organisation" in refused.context["form"].errors
    assert not ApiKey.objects.exists()


def test_rotate_and_revoke(login, world, api_client):
    client = login(world.users["staff_a"])
    first = _create(client, f"operator:{world.op_a.pk}", world.users["staff_a"], "LMS")
    old_token = first.context["issued"].token
    key = ApiKey.objects.get()
    rotated = client.post(reverse("apikeys:rotate", args=[key.pk]), {"grace_days": 0})
    assert rotated.status_code == 200 and "no-store" in rotated["Cache-Control"]
    new_token = rotated.context["issued"].token
    assert api_client(new_token).get("/api/v1/me").status_code == 200
    assert api_client(old_token).get("/api/v1/me").status_code == 401  # no grace asked
    new_key = ApiKey.objects.get(replaced_by__isnull=True, revoked_at__isnull=True)
    assert client.post(reverse("apikeys:revoke", args=[new_key.pk])).status_code == 302
    revoked = api_client(new_token).get("/api/v1/me")
    assert (revoked.status_code, revoked.json()["code"]) == (401, "api_key_revoked")


def test_other_operators_keys_are_not_found(login, world):
    staff_b = login(world.users["staff_b"])
    _create(staff_b, f"operator:{world.op_b.pk}", world.users["staff_b"])
    key = ApiKey.objects.get()
    staff_a = login(world.users["staff_a"])
    assert staff_a.post(reverse("apikeys:revoke", args=[key.pk])).status_code == 404
    assert key.prefix not in staff_a.get(reverse("apikeys:list")).content.decode()


@pytest.mark.parametrize("who", ["consultant_a", "trainee_a1", "committee", "nobody"])
def test_no_key_pages_for_others(login, world, who):
    assert login(world.users[who]).get(reverse("apikeys:list")).status_code == 404
