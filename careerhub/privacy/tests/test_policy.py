"""The privacy policy page: public, linked from every page, generated from the same catalogue
as the consent notices and the application form, so a changed period changes all three."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from careerhub.academy.selectors import consent_state_for
from careerhub.core import privacy_catalogue as catalogue

POLICY = "/privacy/"


def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_policy_needs_no_login_and_states_every_required_part(client, db):
    assert reverse("privacy:policy") == POLICY
    response = english(client).get(POLICY)
    assert response.status_code == 200
    html = response.content.decode()
    c = catalogue.controller()
    for text in (c.name, c.contact, c.officer_name, c.officer_contact, "2026. 3. 1."):
        assert text in html  # controller, privacy officer, the date of the policy
    for key in ("applicants", "trainees", "trainees_to_operators", "trainees_to_companies"):
        assert f'data-processing="{key}"' in html  # purposes, items, periods, recipients
    for heading in ("destroyed", "Your rights", "Access records"):
        assert heading in html
    assert "1 year after the results are published" in html  # 365 days, the default
    assert "3 years after the end of the program year" in html
    assert "2 years" in html  # access records, ACCESS_RECORD_RETENTION_DAYS 730


def test_the_policy_is_korean_first(client, db):
    html = client.get(POLICY).content.decode()
    assert '<html lang="ko">' in html


def test_the_policy_shows_the_configured_periods(client, db, settings):
    settings.RETENTION_UNSELECTED_APPLICANT_DAYS = 200
    settings.RETENTION_TRAINEE_YEARS = 7
    settings.PRIVACY_OFFICER_NAME = "홍보호"
    settings.PRIVACY_POLICY_DATE = "2026-09-15"
    html = english(client).get(POLICY).content.decode()
    assert "200 days after the results are published" in html
    assert "7 years after the end of the program year" in html
    assert "3 years" not in html and "1 year after" not in html
    assert "홍보호" in html and "2026. 9. 15." in html


def test_consent_notices_and_the_policy_read_the_same_period(client, world, settings):
    settings.RETENTION_TRAINEE_YEARS = 7
    with translation.override("en"):
        notices = {c.purpose: c.notice for c in consent_state_for(trainee=world.trainee_a1)}
        trainee_retention = catalogue.processing(catalogue.TRAINEES).retention
    assert "7 years" in notices["collection"] and "3 years" not in notices["collection"]
    assert "7 years" in notices["provision_operator"]
    assert "7 years" in notices["provision_companies"]
    assert trainee_retention in notices["collection"]
    assert escape(trainee_retention) in english(client).get(POLICY).content.decode()


@pytest.fixture
def open_cohort(world):
    cohort = world.course_a.cohort
    now = timezone.now()
    cohort.application_opens_at = now - dt.timedelta(days=1)
    cohort.application_closes_at = now + dt.timedelta(days=1)
    cohort.save()
    for course in (world.course_a, world.course_b):  # training starts after selection
        course.start_date = timezone.localdate() + dt.timedelta(days=30)
        course.end_date = course.start_date + dt.timedelta(days=150)
        course.save()
    return cohort


def test_the_application_form_promises_the_configured_period(client, open_cohort, settings):
    settings.RETENTION_UNSELECTED_APPLICANT_DAYS = 200
    url = reverse("intake_public:apply", args=[open_cohort.number])
    html = english(client).get(url).content.decode()
    assert "destroyed 200 days after the results are published" in html
    assert "1 year after" not in html
    with translation.override("en"):  # word for word what the policy says
        assert escape(catalogue.processing(catalogue.APPLICANTS).retention) in html


def test_every_page_links_the_policy(client, login, world, open_cohort):
    link = f'href="{POLICY}"'
    public = [reverse("intake_public:index"), reverse("intake_public:apply", args=[3]), POLICY]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert link in response.content.decode(), url
    login(world.users["office"])
    for url in (reverse("home:index"), reverse("academy:trainee_list")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert link in response.content.decode(), url
