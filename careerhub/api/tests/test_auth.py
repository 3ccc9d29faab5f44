"""Authentication: API keys (bearer and X-API-Key), the session with CSRF, and the answers
to every bad key; the key's Actor is the person's, limited to the key's organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from careerhub.api import auth, services
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.api.tests.conftest import issue
from careerhub.core.models import Event

pytestmark = pytest.mark.django_db


def test_no_key_is_401_problem(api_client, world):
    response = api_client().get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["status"] == 401
    assert body["instance"] == "/api/v1/me"
    assert body["type"] == "urn:careerhub:problem:not_authenticated"
    assert body["title"] and body["detail"]


def test_bearer_and_header_keys_act_for_their_person(api_client, world, keys):
    for client in (api_client(keys.company_x), Client(headers={"X-API-Key": keys.company_x})):
        response = client.get("/api/v1/me")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["email"] == "recruiter_x@example.kr"
        assert body["company_ids"] == [world.company_x.pk]
        assert body["api_key_scope"] == "company"
        assert body["api_key_expires_at"].endswith("+09:00")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # wrong secret
        lambda t: "chk_ffffffff_" + t.split("_", 2)[2],  # unknown prefix
        lambda t: t.replace("chk_", "xyz_"),
        lambda t: "chk_",
    ],
)
def test_invalid_key_is_401(api_client, keys, mangle):
    response = api_client(mangle(keys.office)).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "api_key_invalid"


def test_revoked_and_expired_keys_are_401(api_client, world):
    issued = issue(world, scope=ApiKeyScope.OFFICE, person="office")
    services.api_key_revoke(actor=world.actor("office"), key=issued.key)
    response = api_client(issued.token).get("/api/v1/me")
    assert (response.status_code, response.json()["code"]) == (401, "api_key_revoked")

    other = issue(world, scope=ApiKeyScope.OFFICE, person="office")
    ApiKey.objects.filter(pk=other.key.pk).update(expires_at=timezone.now() - timedelta(1))
    response = api_client(other.token).get("/api/v1/me")
    assert (response.status_code, response.json()["code"]) == (401, "api_key_expired")


def test_key_of_a_person_who_left_is_401(api_client, world, keys):
    world.users["recruiter_x"].memberships.update(is_active=False)
    response = api_client(keys.company_x).get("/api/v1/me")
    assert (response.status_code, response.json()["code"]) == (401, "api_key_no_role")


def test_secret_is_never_stored(world):
    issued = issue(world, scope=ApiKeyScope.OFFICE, person="office")
    secret = issued.token.split("_", 2)[2]
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert secret not in key.secret_hash and key.secret_hash == auth.secret_hash(secret)
    assert issued.token.startswith(f"chk_{key.prefix}_")


def test_key_actor_keeps_only_the_keys_organisation(world):
    # office staff who is also a recruiter of X: a company key of X is not an office key
    from careerhub.accounts.models import Role
    from careerhub.core.tests import factories as f

    f.grant(world.users["office"], Role.RECRUITER, company=world.company_x)
    issued = issue(world, scope=ApiKeyScope.COMPANY, person="office", company=world.company_x)
    actor = auth.key_actor(issued.key)
    assert not actor.program_staff
    assert actor.recruiter_company_ids == {world.company_x.pk}
    assert actor.api_key_id == issued.key.pk
    operator_key = issue(world, scope=ApiKeyScope.OPERATOR, person="staff_a", operator=world.op_a)
    actor = auth.key_actor(operator_key.key)
    assert actor.staff_operator_ids == {world.op_a.pk} and not actor.recruiter_company_ids


def test_rotation_keeps_the_old_key_for_the_grace_period(api_client, world, keys):
    old = issue(world, scope=ApiKeyScope.COMPANY, person="recruiter_x", company=world.company_x)
    new = services.api_key_rotate(
        actor=world.actor("recruiter_x"), key=old.key, grace=timedelta(hours=1)
    )
    assert api_client(old.token).get("/api/v1/me").status_code == 200
    assert api_client(new.token).get("/api/v1/me").status_code == 200
    old.key.refresh_from_db()
    assert old.key.replaced_by == new.key
    assert old.key.expires_at <= timezone.now() + timedelta(hours=1)
    ApiKey.objects.filter(pk=old.key.pk).update(expires_at=timezone.now())
    assert api_client(old.token).get("/api/v1/me").status_code == 401
    verbs = set(Event.objects.filter(target_type="api.apikey").values_list("verb", flat=True))
    assert {"api_key.created", "api_key.rotated"} <= verbs


def test_session_needs_csrf_on_writes_only(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["office"])
    assert client.get("/api/v1/me").status_code == 200


def test_last_used_is_recorded(api_client, world, keys):
    api_client(keys.office).get("/api/v1/me")
    key = ApiKey.objects.get(scope="office")
    assert key.last_used_at is not None


def test_unknown_path_is_problem_404(api_client, keys):
    response = api_client(keys.office).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


def test_detail_in_korean_by_default_and_english_on_request(api_client):
    # (the Korean text itself comes with the catalogue merge: only the language is checked)
    assert api_client().get("/api/v1/me")["Content-Language"] == "ko"
    english = api_client(**{"Accept-Language": "en"}).get("/api/v1/me")
    assert english["Content-Language"] == "en"
    assert english.json()["detail"].startswith("Sign in")


def test_rate_limit_is_per_key_with_retry_after(api_client, keys, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "api": {"target": "3/m"}}
    client = api_client(keys.company_x)
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/me")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # another key has its own count
    assert api_client(keys.company_y).get("/api/v1/me").status_code == 200
