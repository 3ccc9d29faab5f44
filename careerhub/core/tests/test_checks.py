"""careerhub.E001: production refuses a published, short or repetitive SECRET_KEY (issue 12)."""

from __future__ import annotations

import stat

import pytest
from django.core.checks import Error, run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from careerhub.core.checks import (
    PUBLISHED_SECRET_KEYS,
    check_secret_key,
    check_secret_key_deploy,
    refuse_weak_secret_key,
    secret_key_errors,
)
from careerhub.settings.dev import machine_secret_key

# A fixed strong-looking key (parametrised test ids must be the same in every xdist worker).
STRONG = "q8#v2m!x0r$k7w^p3n&z5t*y9b(c1d)e6f_g4h+j-l=s@u%i~o"


def _ids(errors):
    return [e.id for e in errors]


@pytest.mark.parametrize(
    "key",
    [
        "dev-insecure-change-me-careerhub",  # the default this repository used to publish
        *sorted(PUBLISHED_SECRET_KEYS),
        "django-insecure-" + STRONG,
        "",
        None,
        STRONG[:49],  # one short of 50
        "ab" * 40,  # long enough, two distinct characters
        "abcd" * 20,  # four distinct characters
    ],
)
def test_weak_keys_are_an_error(key):
    errors = secret_key_errors(key)
    assert _ids(errors) == ["careerhub.E001"]
    assert isinstance(errors[0], Error)


def test_a_long_random_key_passes():
    assert secret_key_errors(STRONG) == []
    assert secret_key_errors(get_random_secret_key()) == []
    assert secret_key_errors("abcde" * 10) == []  # 50 characters, 5 distinct: the minimum


def test_the_published_key_is_named_as_such():
    assert "published" in secret_key_errors("dev-insecure-change-me-careerhub")[0].msg


def test_production_fails_plain_check_and_refuses_to_start(settings):
    settings.REQUIRE_STRONG_SECRET_KEY = True
    settings.SECRET_KEY = "dev-insecure-change-me-careerhub"
    assert _ids(check_secret_key(None)) == ["careerhub.E001"]
    assert check_secret_key_deploy(None) == []  # reported once under --deploy
    assert "careerhub.E001" in _ids(run_checks(include_deployment_checks=False))
    with pytest.raises(ImproperlyConfigured, match=r"careerhub\.E001"):
        refuse_weak_secret_key()
    settings.SECRET_KEY = STRONG
    assert check_secret_key(None) == []
    refuse_weak_secret_key()


def test_other_settings_report_it_under_deploy_only(settings):
    settings.REQUIRE_STRONG_SECRET_KEY = False
    settings.SECRET_KEY = "dev-insecure-change-me-careerhub"
    assert check_secret_key(None) == []
    assert "careerhub.E001" not in _ids(run_checks(include_deployment_checks=False))
    assert "careerhub.E001" in _ids(run_checks(include_deployment_checks=True))
    refuse_weak_secret_key()  # dev and tests start


def test_dev_makes_one_key_per_machine_and_keeps_it(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = machine_secret_key(path)
    assert secret_key_errors(key) == []
    assert machine_secret_key(path) == key  # the same on every start
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no draft left behind
    assert machine_secret_key(tmp_path / "other" / "secret_key") != key
