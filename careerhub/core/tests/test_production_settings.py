"""settings.production from the environment: safe defaults, each switch documented in README."""

from __future__ import annotations

import importlib

import pytest

STRONG = "q8#v2m!x0r$k7w^p3n&z5t*y9b(c1d)e6f_g4h+j-l=s@u%i~o"
SWITCHES = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "USE_X_FORWARDED_HOST",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "DATABASE_CONN_MAX_AGE",
)


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("ALLOWED_HOSTS", "careerhub.example.kr")
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)

    def load(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(importlib.import_module("careerhub.settings.production"))

    return load


def test_defaults_are_https_only_behind_a_proxy(production):
    s = production()
    assert s.SECURE_SSL_REDIRECT is True
    assert s.SESSION_COOKIE_SECURE is True
    assert s.CSRF_COOKIE_SECURE is True
    assert s.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s.USE_X_FORWARDED_HOST is False
    assert s.CSRF_TRUSTED_ORIGINS == []  # no SITE_URL: same-origin posts only
    assert s.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"


def test_database_connections_are_kept_and_checked_before_reuse(production):
    from careerhub.settings import base

    s = production()
    assert s.DATABASES["default"]["CONN_MAX_AGE"] == 300
    assert s.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert production(DATABASE_CONN_MAX_AGE="0").DATABASES["default"]["CONN_MAX_AGE"] == 0
    # base's dict (shared with the other settings modules) is left as it was
    assert s.DATABASES["default"] is not base.DATABASES["default"]
    assert base.DATABASES["default"].get("CONN_MAX_AGE", 0) == 0


def test_each_switch_can_be_turned_from_the_environment(production):
    s = production(
        SECURE_SSL_REDIRECT="off",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="false",
        SECURE_PROXY_SSL_HEADER="off",
        USE_X_FORWARDED_HOST="on",
    )
    assert s.SECURE_SSL_REDIRECT is False
    assert s.SESSION_COOKIE_SECURE is False
    assert s.CSRF_COOKIE_SECURE is False
    assert s.USE_X_FORWARDED_HOST is True
    assert s.SECURE_PROXY_SSL_HEADER is None


def test_trusted_origins_follow_site_url_unless_listed(production):
    assert production(SITE_URL="https://careerhub.example.kr/app").CSRF_TRUSTED_ORIGINS == [
        "https://careerhub.example.kr"
    ]
    listed = production(CSRF_TRUSTED_ORIGINS="https://a.example.kr,https://b.example.kr")
    assert listed.CSRF_TRUSTED_ORIGINS == ["https://a.example.kr", "https://b.example.kr"]


def test_the_mail_server_comes_from_one_url(production):
    s = production(EMAIL_URL="smtp+tls://mailer:secret@smtp.example.kr:587")
    assert s.EMAIL_HOST == "smtp.example.kr"
    assert s.EMAIL_PORT == 587
    assert s.EMAIL_USE_TLS is True
    assert s.EMAIL_HOST_USER == "mailer"
    assert s.EMAIL_HOST_PASSWORD == "secret"
