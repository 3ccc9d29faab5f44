"""Rate limits on password reset and login (issue 12 item 7), on top of django-axes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from careerhub.core import ratelimit
from careerhub.core.tests import factories as f
from careerhub.messaging.tests.helpers import deliver_at_once


@pytest.fixture(autouse=True)
def _deliver_at_once(monkeypatch):
    """The reset email goes through the outbox; deliver it where the commit would."""
    deliver_at_once(monkeypatch)


def limit_message() -> str:
    with translation.override("ko"):
        return str(ratelimit.MESSAGE)


def reset(client, email, ip):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_31st_reset_request_from_one_address_in_an_hour_sends_no_mail(client, db):
    users = [f.UserFactory(email=f"person{n}@example.kr") for n in range(31)]
    for user in users[:30]:
        assert reset(client, user.email, "203.0.113.9").status_code == 302
    assert len(mail.outbox) == 30

    response = reset(client, users[30].email, "203.0.113.9")

    assert response.status_code == 429
    assert limit_message() in response.content.decode()
    assert len(mail.outbox) == 30
    assert reset(client, users[30].email, "203.0.113.10").status_code == 302  # another client
    assert len(mail.outbox) == 31


def test_reset_requests_for_one_email_are_limited_whoever_asks(client, world):
    for i in range(5):
        assert reset(client, "office@example.kr", f"192.0.2.{i}").status_code == 302
    assert len(mail.outbox) == 5
    response = reset(client, "OFFICE@example.kr", "192.0.2.77")
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_reset_limit_answers_the_same_for_unknown_addresses(client, world):
    """The refusal does not depend on whether an account exists."""
    for i in range(5):
        assert reset(client, "stranger@example.kr", f"192.0.2.{i}").status_code == 302
    assert reset(client, "stranger@example.kr", "192.0.2.77").status_code == 429
    assert not mail.outbox


def login(client, email, password, ip):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_failed_logins_from_one_address_are_limited(client, world):
    """30 failures for 30 different accounts (axes never sees 5 for one account) use up the
    address; then even the right password of another account is refused there."""
    for n in range(30):
        assert login(client, f"guess{n}@example.kr", "wrong", "203.0.113.20").status_code == 200
    response = login(client, "office@example.kr", "pw-for-tests-123", "203.0.113.20")
    assert response.status_code == 429
    assert limit_message() in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, "office@example.kr", "pw-for-tests-123", "203.0.113.21").status_code == 302


def test_successful_logins_do_not_use_up_the_address(client, world):
    """A classroom behind one address logs in."""
    for _ in range(35):
        assert login(client, "office@example.kr", "pw-for-tests-123", "203.0.113.30").status_code
        client.post(reverse("accounts:logout"))
    assert login(client, "office@example.kr", "pw-for-tests-123", "203.0.113.30").status_code == 302


def test_failed_logins_for_one_account_are_limited_across_addresses(client, world):
    for i in range(10):
        assert login(client, "office@example.kr", "wrong", f"192.0.2.{i}").status_code == 200
    response = login(client, "office@example.kr", "pw-for-tests-123", "192.0.2.200")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert login(client, "staff_a@example.kr", "pw-for-tests-123", "192.0.2.200").status_code == 302


def test_axes_still_locks_out_one_account_from_one_address(client, world):
    for _ in range(4):
        assert login(client, "office@example.kr", "wrong", "203.0.113.40").status_code == 200
    assert login(client, "office@example.kr", "wrong", "203.0.113.40").status_code == 429
    locked = login(client, "office@example.kr", "pw-for-tests-123", "203.0.113.40")
    assert locked.status_code == 429 and "로그인 실패가 너무 많습니다" in locked.content.decode()


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, world):
    known = reset(client, "office@example.kr", "192.0.2.1")
    unknown = reset(client, "stranger@example.kr", "192.0.2.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["office@example.kr"]]
