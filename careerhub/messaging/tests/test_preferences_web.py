"""The person's own notification settings page and the one-click opt-out page."""

from __future__ import annotations

import pytest
from django.utils import translation

from careerhub.core.models import Event
from careerhub.messaging.models import ContactPreference
from careerhub.messaging.tests.fake_solapi import API_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_on(settings):
    settings.SMS_PROVIDER = "solapi"
    settings.SOLAPI_API_KEY = API_KEY
    settings.SOLAPI_API_SECRET = "secret"
    settings.SMS_SENDER_NUMBER = "062-123-4567"


def test_without_configuration_the_page_says_phone_messages_are_off(world, client, settings):
    settings.SMS_PROVIDER = ""
    client.force_login(world.users["trainee_a1"])
    with translation.override("en"):
        response = client.get("/messages/settings/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b'data-testid="phone-off"' in response.content
    assert "phone_channel" not in response.context["form"].fields
    assert "job_alerts" in response.context["form"].fields, "a trainee may subscribe"


def test_choosing_sms_needs_a_mobile_number_and_consent_and_is_recorded(world, client, sms_on):
    user = world.users["trainee_a1"]
    client.force_login(user)
    base = {"announcements": "on", "phone_channel": "sms"}

    response = client.post("/messages/settings/", base | {"phone": "010-2345-6789"})
    assert response.status_code == 200 and response.context["form"].errors["consent"]
    response = client.post("/messages/settings/", base | {"phone": "02-123-4567", "consent": "on"})
    assert response.context["form"].errors["phone"]
    assert not ContactPreference.objects.filter(user=user, phone_channel="sms").exists()

    response = client.post(
        "/messages/settings/",
        base | {"phone": "01023456789", "consent": "on", "job_alerts": "on"},
    )
    assert response.status_code == 302
    pref = ContactPreference.objects.get(user=user)
    assert pref.phone_active and pref.phone == "010-2345-6789" and pref.job_alerts
    assert pref.consented_at is not None and pref.consent_version
    given = Event.objects.get(verb="contact_preference.changed")
    assert given.data["consent"] == "given" and given.actor_id == user.pk

    client.post("/messages/settings/", {"announcements": "on", "phone_channel": ""})
    pref.refresh_from_db()
    assert not pref.phone_active and pref.withdrawn_at >= pref.consented_at
    assert Event.objects.filter(verb="contact_preference.changed").count() == 2


def test_the_opt_out_link_asks_first_then_stops_everything(world, client, sms_on):
    user = world.users["trainee_a1"]
    pref = ContactPreference.objects.create(
        user=user,
        phone_channel="sms",
        phone="010-2345-6789",
        job_alerts=True,
        consented_at="2026-12-01T00:00:00Z",
    )
    url = f"/messages/stop/{pref.stop_code}/"
    assert client.get(url).status_code == 200
    pref.refresh_from_db()
    assert pref.phone_active, "opening the link (or a link preview) changes nothing"
    response = client.post(url)
    assert b'data-testid="stopped"' in response.content
    pref.refresh_from_db()
    assert not pref.phone_active and not pref.job_alerts
    assert pref.announcements_stopped_at is not None
    assert client.get("/messages/stop/AAAAAAAA/").status_code == 404
