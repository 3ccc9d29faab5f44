"""Applicants' access links expire after APPLICANT_LINK_MAX_AGE_DAYS (issue 12)."""

from __future__ import annotations

import time
from unittest import mock

from django.urls import reverse

from careerhub.intake import tokens
from careerhub.intake.tests.conftest import apply

DAY = 24 * 3600


def _link(application, *, days_ago: float) -> str:
    """The access link as it was signed ``days_ago`` days ago."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days_ago * DAY):
        token = tokens.access_token(application)
    return reverse("intake_public:manage", args=[token])


def test_a_fresh_link_opens_the_application(client, world, cohort):
    application = apply(cohort, 1, [world.course_a])
    page = client.get(_link(application, days_ago=29))
    assert page.status_code == 200
    assert application.receipt_number in page.content.decode()


def test_a_link_31_days_old_shows_the_korean_expired_page_with_a_new_link_form(
    client, world, cohort
):
    application = apply(cohort, 1, [world.course_a])
    page = client.get(_link(application, days_ago=31))
    assert page.status_code == 410
    html = page.content.decode()
    assert application.receipt_number not in html and application.name not in html
    assert "링크가 만료되었습니다" in html
    assert reverse("intake_public:link_request", args=[cohort.number]) in html
    assert 'name="email"' in html


def test_an_expired_link_changes_nothing(client, world, cohort):
    application = apply(cohort, 1, [world.course_a])
    token = _link(application, days_ago=31).rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("intake_public:withdraw", args=[token]))
    assert response.status_code == 410
    application.refresh_from_db()
    assert application.withdrawn_at is None


def test_the_age_is_a_setting(client, world, cohort, settings):
    settings.APPLICANT_LINK_MAX_AGE_DAYS = 7
    application = apply(cohort, 1, [world.course_a])
    assert client.get(_link(application, days_ago=8)).status_code == 410
    assert client.get(_link(application, days_ago=6)).status_code == 200


def test_a_forged_link_is_still_a_plain_404(client, world, cohort):
    application = apply(cohort, 1, [world.course_a])
    token = tokens.access_token(application)
    assert client.get(reverse("intake_public:manage", args=[token[:-2] + "xx"])).status_code == 404
