"""The access log: one JSON line per request from gunicorn, without the query string or
secrets in the path, with the request id and the signed-in user's id."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from careerhub.core.accesslog import REQUEST_ID_KEY, USER_ID_KEY, path_redact, request_id_from
from careerhub.core.tests import factories as f


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/login/", "/login/"),
        ("/academy/trainees/1234/", "/academy/trainees/1234/"),
        ("/applications/email-failures/", "/applications/email-failures/"),
        ("/apply/a/eyJhcHBsaWNhbnQiOjEyfQ:1uXyZ:AbCdEf0123456789/", "/apply/a/:token/"),
        ("/apply/confirm/AbCdEf0123456789xyz/", "/apply/confirm/:token/"),
        ("/reset/MQ/cz9k3j-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d/", "/reset/MQ/:token/"),
        ("/x/kim@example.kr/", "/x/:email/"),
        ("/x/kim%40example.kr/", "/x/:email/"),
    ],
)
def test_paths_lose_their_tokens_and_addresses(path, expected):
    assert path_redact(path) == expected


def test_the_request_id_is_the_proxys_when_plain_else_new():
    assert request_id_from({"HTTP_X_REQUEST_ID": "abcdef0123456789"}) == "abcdef0123456789"
    made = request_id_from({"HTTP_X_REQUEST_ID": "<script>"})
    assert made != "<script>" and len(made) == 32
    assert request_id_from({REQUEST_ID_KEY: "set-by-middleware"}) == "set-by-middleware"


@pytest.mark.django_db
def test_the_middleware_answers_the_id_and_leaves_the_user_id_in_the_environ(client):
    user = f.UserFactory()
    client.force_login(user)
    response = client.get("/", HTTP_X_REQUEST_ID="req-0123456789")
    assert response["X-Request-ID"] == "req-0123456789"
    assert response.wsgi_request.META[USER_ID_KEY] == user.pk
    anonymous = client.__class__().get("/healthz")
    assert len(anonymous["X-Request-ID"]) == 32
    assert USER_ID_KEY not in anonymous.wsgi_request.META


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_writes_one_json_line_per_request(tmp_path: Path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerhub.settings.test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    out = (tmp_path / "out.log").open("w+")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn and configuration
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):  # wait until gunicorn listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/healthz?email=kim@example.kr"
        request = urllib.request.Request(url, headers={"X-Request-ID": "lb-check-000001"})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http only
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    out.seek(0)
    lines = [json.loads(line) for line in out if line.startswith("{")]
    assert len(lines) == 1, out.read()
    line = lines[0]
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"  # no query string
    assert line["status"] == 200
    assert line["request_id"] == "lb-check-000001"
    assert line["user_id"] is None
    assert line["bytes"] > 0
    assert 0 <= line["duration_ms"] < 10_000
    assert line["time"].endswith("Z")
