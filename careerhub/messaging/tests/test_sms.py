"""The SMS / 알림톡 channel against a local fake of Solapi's HTTP API (never the network):
sent (the provider's id kept), refused and tried again with the outbox back-off, a wrong
key, opted out (nothing written, nothing sent), the channel off without configuration."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation

from careerhub.core.actors import Actor
from careerhub.core.tests import factories as f
from careerhub.messaging import phone, preferences, services, solapi, transport
from careerhub.messaging.models import Channel, ContactPreference, Message
from careerhub.messaging.tests.fake_solapi import SENDER, FakeSolapi, configure
from careerhub.messaging.tests.helpers import everything_due, mail_server_up

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def ko(msgid: str) -> str:
    """``msgid`` as the Korean catalogue says it (the English until the catalogue has it)."""
    with translation.override("ko"):
        return translation.gettext(msgid)


@pytest.fixture
def fake(settings):
    mail_server_up(settings)
    previous = {c: transport.registered_transport(c) for c in (Channel.SMS, Channel.ALIMTALK)}
    for channel in previous:  # the app's registration (a test elsewhere may have removed it)
        transport.register_transport(channel, solapi.transport_factory)
    with FakeSolapi() as server:
        configure(settings, server)
        yield server
    for channel, factory in previous.items():
        if factory is None:
            transport.unregister_transport(channel)
        else:
            transport.register_transport(channel, factory)


def _person(channel: str = "sms", phone_number: str = "010-2345-6789"):
    user = f.UserFactory()
    preferences.contact_preference_set(
        actor=Actor(user=user),
        user_id=user.pk,
        choice=preferences.PreferenceChoice(
            phone_channel=channel, phone=phone_number, consent=bool(channel)
        ),
    )
    return user


def _notify(user, kind: str = "application_update") -> Message:
    return services.message_enqueue(
        kind=kind,
        to_address=user.email,
        subject="입사 지원 진행 알림",
        body="서류 전형을 통과했습니다.",
        recipient_id=user.pk,
    )


def test_an_email_to_a_person_who_chose_sms_is_copied_to_their_phone_and_sent(fake):
    user = _person()
    email = _notify(user)
    sms = Message.objects.get(channel=Channel.SMS)
    assert (sms.kind, sms.recipient_id, sms.to_address) == (email.kind, user.pk, "010-2345-6789")
    assert solapi.sms_bytes(sms.body) <= solapi.SMS_BYTE_LIMIT
    assert ko("Opt out: notification settings") in sms.body and "http" not in sms.body

    counts = services.messages_deliver_due()

    assert counts["sent"] == 2
    sms.refresh_from_db()
    assert sms.status == Message.Status.SENT
    assert sms.external_id.startswith("M4V"), "Solapi's messageId is the delivery reference"
    assert sms.meta["provider_status"] == "2000"
    (request,) = fake.requests
    (sent,) = request["messages"]
    assert sent["to"] == "01023456789" and sent["from"] == SENDER
    assert sent["type"] == "SMS" and sent["text"] == sms.body
    assert sent["customFields"] == {"careerhub": str(sms.pk)}


def test_a_refused_message_waits_with_back_off_in_korean_and_is_sent_on_a_later_pass(fake):
    _notify(_person())
    fake.mode = "refuse"
    counts = services.messages_deliver_due()
    assert counts["retry"] == 1
    sms = Message.objects.get(channel=Channel.SMS)
    assert sms.status == Message.Status.PENDING and sms.attempts == 1
    assert sms.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert sms.error_summary == ko("The text message provider did not accept the message.")
    assert "1062" in sms.error_detail and sms.external_id == ""

    fake.mode = "error"
    everything_due()
    services.messages_deliver_due()
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Message.Status.PENDING, 2)
    assert sms.error_summary == ko(
        "The text message provider had a problem; it will be tried again."
    )

    fake.mode = "accept"
    everything_due()
    services.messages_deliver_due()
    sms.refresh_from_db()
    assert sms.status == Message.Status.SENT and sms.external_id and sms.last_error == ""
    assert len(fake.requests) == 3


def test_a_wrong_secret_is_refused_by_the_signature_check_and_said_so(fake, settings):
    settings.SOLAPI_API_SECRET = "not-the-secret"
    _notify(_person())
    services.messages_deliver_due()
    sms = Message.objects.get(channel=Channel.SMS)
    assert fake.rejected_auth == 1 and fake.requests == []
    assert sms.status == Message.Status.PENDING
    assert sms.error_summary == ko(
        "The text message provider refused our key. Check the SMS settings."
    )
    assert "SignatureDoesNotMatch" in sms.error_detail


def test_the_signature_is_hmac_sha256_of_date_and_salt_with_the_secret():
    header = solapi.authorization("KEY", "SECRET", date="2026-12-05T03:00:00+00:00", salt="abc")
    assert header == (
        "HMAC-SHA256 apiKey=KEY, date=2026-12-05T03:00:00+00:00, salt=abc, "
        "signature=" + solapi.signature("SECRET", "2026-12-05T03:00:00+00:00", "abc")
    )
    import hashlib
    import hmac

    expected = hmac.new(b"SECRET", b"2026-12-05T03:00:00+00:00abc", hashlib.sha256).hexdigest()
    assert header.endswith(expected)


def test_opted_out_people_get_no_phone_message(fake, client):
    withdrawn = _person()
    preferences.contact_preference_set(
        actor=Actor(user=withdrawn),
        user_id=withdrawn.pk,
        choice=preferences.PreferenceChoice(phone_channel="", phone="010-2345-6789"),
    )
    stopped = _person(phone_number="010-3456-7890")
    code = ContactPreference.objects.get(user=stopped).stop_code
    assert client.post(f"/messages/stop/{code}/").status_code == 200
    email_only = f.UserFactory()

    for user in (withdrawn, stopped, email_only):
        _notify(user)
    services.messages_deliver_due()

    assert not Message.objects.exclude(channel=Channel.EMAIL).exists()
    assert fake.requests == []
    pref = ContactPreference.objects.get(user=withdrawn)
    assert pref.withdrawn_at is not None and pref.consented_at is not None
    assert not pref.phone_active


def test_without_configuration_the_channel_is_off(settings, fake):
    user = _person()
    settings.SMS_PROVIDER = ""
    _notify(user)
    assert not Message.objects.exclude(channel=Channel.EMAIL).exists(), "no copy is written"
    # a phone message written anyway (by hand, or before the settings changed) is not sent
    services.message_enqueue(
        kind="test", to_address="01012345678", subject="", body="문자", channel=Channel.SMS
    )
    services.messages_deliver_due()
    stray = Message.objects.get(channel=Channel.SMS)
    assert stray.status == Message.Status.PENDING
    assert stray.error_summary == ko("Text messages are not set up, so the message cannot be sent.")
    assert fake.requests == []


def test_alimtalk_goes_with_its_registered_template_and_variables(fake):
    user = _person(channel="alimtalk")
    _notify(user)
    _notify(user, kind="consulting_booked")  # no template registered: a text message instead
    message = Message.objects.get(channel=Channel.ALIMTALK)
    assert message.meta["template_id"] == "KA01TP0000application"
    assert Message.objects.get(channel=Channel.SMS).kind == "consulting_booked"
    services.messages_deliver_due()
    (ata,) = [m for r in fake.requests for m in r["messages"] if m["type"] == "ATA"]
    assert ata["kakaoOptions"]["pfId"] == "KA01PF0000000000000000test"
    assert ata["kakaoOptions"]["templateId"] == "KA01TP0000application"
    assert ata["kakaoOptions"]["disableSms"] is False
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.external_id


def test_bulk_sends_copy_to_phones_in_the_same_batch(fake):
    user, other = _person(), f.UserFactory()
    batch = services.message_batch_create(title="발표")
    drafts = [
        services.Draft(
            kind="intake_result", to_address=u.email, subject="결과", body="본문", recipient_id=u.pk
        )
        for u in (user, other)
    ]
    created = services.messages_enqueue_bulk(drafts=drafts, batch=batch)
    assert [m.to_address for m in created] == [user.email, other.email]
    assert batch.counts()["total"] == 3
    assert Message.objects.get(channel=Channel.SMS).batch_id == batch.pk


@pytest.mark.parametrize("kind", sorted(set(phone.TEXTS) - phone.LINK_OPT_OUT))
def test_every_notice_text_fits_one_sms_and_carries_no_link(kind):
    text = phone.phone_text(kind)
    assert solapi.sms_bytes(text) <= solapi.SMS_BYTE_LIMIT, text
    assert "http" not in text and ko("Opt out: notification settings") in text


def test_sms_or_lms_by_euc_kr_bytes():
    assert solapi.sms_bytes("가" * 45) == 90 and solapi.sms_type("가" * 45) == "SMS"
    assert solapi.sms_type("가" * 45 + "a") == "LMS"
    assert solapi.sms_bytes("😀") == 2


def test_job_alerts_and_announcements_wait_for_daytime(fake):
    user = _person()
    night = dt.datetime(2026, 12, 4, 22, 30, tzinfo=SEOUL)
    from careerhub.messaging.services import Draft

    draft = Draft(
        kind="announcement",
        to_address=user.email,
        subject="매칭데이 안내",
        body="본문",
        recipient_id=user.pk,
    )
    ((copy, at),) = phone.phone_drafts([draft], now=night)
    assert at == dt.datetime(2026, 12, 5, 8, 0, tzinfo=SEOUL)
    assert "/messages/stop/" in copy.body and copy.body.startswith(
        ko("[AI Academy]") + " 매칭데이 안내"
    )
    ((_copy, at),) = phone.phone_drafts([draft], now=night.replace(hour=10))
    assert at == night.replace(hour=10)


def test_the_final_delivery_status_is_asked_for_and_recorded(fake):
    received, lost = _person(), _person(phone_number="010-3456-7890")
    _notify(received)
    _notify(lost)
    services.messages_deliver_due()
    ok = Message.objects.get(channel=Channel.SMS, recipient=received)
    bad = Message.objects.get(channel=Channel.SMS, recipient=lost)
    assert solapi.delivery_statuses_poll() == {"asked": 2, "received": 0, "failed": 0, "waiting": 2}

    fake.statuses[ok.external_id] = ("4000", "수신완료")
    fake.statuses[bad.external_id] = ("3059", "변작된 발신번호")
    assert solapi.delivery_statuses_poll() == {"asked": 2, "received": 1, "failed": 1, "waiting": 0}
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.status == Message.Status.SENT and ok.meta["provider_status"] == "4000"
    assert bad.status == Message.Status.FAILED and bad.is_retryable
    assert bad.error_summary == ko("The phone company could not deliver the message.")
    assert "3059" in bad.error_detail
    assert solapi.delivery_statuses_poll()["asked"] == 0, "a settled message is not asked again"


def test_the_phone_copies_of_a_bulk_send_cost_one_query(fake):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opted_in = [_person(phone_number=f"010-5555-{i:04d}") for i in range(40)]
    email_only = [f.UserFactory() for _ in range(160)]
    drafts = [
        services.Draft(
            kind="intake_result", to_address=u.email, subject="결과", body="본문", recipient_id=u.pk
        )
        for u in opted_in + email_only
    ]
    with CaptureQueriesContext(connection) as queries:
        services.messages_enqueue_bulk(drafts=drafts)
    kinds = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    # one SELECT of the preferences; the rest are the bulk INSERT (one per 500 rows on
    # PostgreSQL, more on SQLite, which limits the parameters of one statement)
    assert kinds.count("SELECT") == 1 and set(kinds) == {"SELECT", "INSERT"}
    assert Message.objects.filter(channel=Channel.SMS).count() == 40


def test_staff_filter_the_outbox_by_channel_and_see_the_delivery_reference(fake, world, client):
    _notify(_person())
    services.messages_deliver_due()
    sms = Message.objects.get(channel=Channel.SMS)
    client.force_login(world.users["office"])
    response = client.get("/messages/?channel=sms")
    assert [m.pk for m, _label in response.context["rows"]] == [sms.pk]
    assert b'data-testid="message-channel"' in response.content
    response = client.get("/messages/?channel=email")
    assert sms.pk not in [m.pk for m, _label in response.context["rows"]]
    response = client.get(f"/messages/{sms.pk}/")
    assert sms.external_id.encode() in response.content
    assert b'data-testid="message-reference"' in response.content
