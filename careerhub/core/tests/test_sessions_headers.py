"""Staff sessions end when idle, every page carries a Content-Security-Policy, and visitors see
the Korean 404/500 pages in the dev/demo settings too (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from careerhub.core.middleware import StaffIdleTimeoutMiddleware

ROOT = Path(__file__).resolve().parents[3]
KEY = StaffIdleTimeoutMiddleware.SESSION_KEY


def _idle(client, minutes: float) -> None:
    session = client.session
    session[KEY] = time.time() - minutes * 60
    session.save()


@pytest.mark.parametrize(
    "key", ["office", "staff_a", "consultant_a", "recruiter_x", "committee", "nobody"]
)
def test_staff_idle_longer_than_the_limit_are_logged_out(client, world, key):
    client.force_login(world.users[key])
    assert client.get(reverse("home:index")).status_code == 200
    assert isinstance(client.session.get(KEY), float)
    _idle(client, settings.STAFF_SESSION_IDLE_MINUTES + 1)
    response = client.get(reverse("home:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "30분 동안 활동이 없어 로그아웃되었습니다" in page.content.decode()


def test_staff_within_the_limit_stay(client, world):
    client.force_login(world.users["office"])
    client.get(reverse("home:index"))
    _idle(client, settings.STAFF_SESSION_IDLE_MINUTES - 1)
    assert client.get(reverse("home:index")).status_code == 200
    assert client.session["_auth_user_id"] == str(world.users["office"].pk)


def test_a_trainee_is_not_timed_out_by_the_staff_limit(client, world):
    client.force_login(world.users["trainee_a1"])
    client.get(reverse("home:index"))
    _idle(client, settings.STAFF_SESSION_IDLE_MINUTES + 5)
    assert client.get(reverse("home:index")).status_code == 200


def test_the_limit_is_a_setting(client, world, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client.force_login(world.users["office"])
    client.get(reverse("home:index"))
    _idle(client, 6)
    assert client.get(reverse("home:index")).status_code == 302


def test_an_htmx_request_is_sent_to_the_login_page(client, world):
    client.force_login(world.users["office"])
    client.get(reverse("home:index"))
    _idle(client, settings.STAFF_SESSION_IDLE_MINUTES + 1)
    response = client.get(reverse("home:index"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_every_page_carries_a_policy_without_inline_script(client, world):
    for response in (
        client.get(reverse("accounts:login")),
        client.get("/no-such-page/"),
        client.get(reverse("intake_public:index")),
    ):
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["form-action"] == "'self'"
        assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in str(policy)


def test_no_template_has_inline_script_or_event_handlers():
    import re

    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", re.I)
    offenders = []
    for path in (ROOT / "careerhub").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if handler.search(text) or inline_script.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


DEV_PAGES = """
import django, json
django.setup()
from django.test.utils import setup_test_environment, override_settings
from django.test import Client
setup_test_environment()
client = Client(raise_request_exception=False)
with override_settings(ROOT_URLCONF="careerhub.core.tests.raising_urls", ALLOWED_HOSTS=["*"]):
    missing = client.get("/no-such-page/")
    failing = client.get("/boom/")
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": [missing.status_code, missing.content.decode()],
    "failing": [failing.status_code, failing.content.decode()],
}))
"""


def test_the_dev_and_demo_settings_show_the_korean_error_pages(tmp_path):
    """What a visitor of the demo (scripts/run.sh, the dev settings) gets for a missing page
    and for a failing view: the Korean pages, never Django's technical pages."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")} | {
        "DJANGO_SETTINGS_MODULE": "careerhub.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "x" * 10 + "dev-settings-test-key-not-used-anywhere-else-0123456789",
    }
    out = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", DEV_PAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pages = json.loads(out.stdout.strip().splitlines()[-1])
    assert pages["debug"] is False
    status, html = pages["missing"]
    assert status == 404
    assert "페이지를 찾을 수 없습니다" in html and "Traceback" not in html
    assert "URLconf" not in html
    status, html = pages["failing"]
    assert status == 500
    assert "일시적인 오류가 발생했습니다" in html and "RuntimeError" not in html
