import pytest
from django.core import mail
from django.urls import reverse

from careerhub.messaging.models import Message
from careerhub.messaging.services import messages_deliver_due
from careerhub.messaging.tests import helpers


@pytest.fixture
def deliver_at_once(monkeypatch):
    """The reset email goes through the outbox; deliver it where the commit would."""
    helpers.deliver_at_once(monkeypatch)


def test_login_with_email_case_insensitive(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "OFFICE@example.kr", "password": "pw-for-tests-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")


def test_wrong_password_is_explained_in_korean(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "office@example.kr", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "이메일 또는 비밀번호가 올바르지 않습니다" in response.content.decode()


def test_pages_are_korean_by_default(client, world):
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ko">' in body
    assert "로그인" in body


def test_english_can_be_chosen(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in to careerhub" in body


def test_logout_needs_post(login, world):
    client = login(world.users["office"])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home:index")).status_code == 302


def test_password_reset_sends_mail_only_for_known_addresses(client, world, deliver_at_once):
    client.post(reverse("accounts:password_reset"), {"email": "office@example.kr"})
    client.post(reverse("accounts:password_reset"), {"email": "stranger@example.kr"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@example.kr"]
    assert "/password-reset/" in mail.outbox[0].body


def test_password_reset_with_the_mail_server_down_answers_and_the_email_waits(
    client, world, settings, deliver_at_once
):
    settings.SITE_URL = "https://careerhub.example.kr"
    helpers.mail_server_down(settings)
    response = client.post(reverse("accounts:password_reset"), {"email": "office@example.kr"})
    assert response.status_code == 302
    message = Message.objects.get(kind="password_reset")
    assert message.status == "pending" and message.last_error and message.secret
    assert message.recipient == world.users["office"]
    helpers.mail_server_up(settings)
    helpers.everything_due()
    messages_deliver_due()
    messages_deliver_due()
    assert len(mail.outbox) == 1  # once
    assert "https://careerhub.example.kr/password-reset/" in mail.outbox[0].body
    message.refresh_from_db()
    assert message.status == "sent" and message.body == ""  # the link is not kept


def test_password_reset_full_flow(client, world, deliver_at_once):
    client.post(reverse("accounts:password_reset"), {"email": "staff_a@example.kr"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Gwangju-AI-2026!", "new_password2": "Gwangju-AI-2026!"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:login"),
        {"username": "staff_a@example.kr", "password": "Gwangju-AI-2026!"},
    )
    assert response.status_code == 302


def test_admin_is_korean_for_staff(login, world):
    user = world.users["office"]
    user.is_staff = True
    user.is_superuser = True
    user.save()
    body = login(user).get(reverse("admin:index")).content.decode()
    assert "사이트 관리" in body or "관리" in body
    assert 'lang="ko"' in body


def test_admin_closed_to_non_staff(login, world):
    response = login(world.users["staff_a"]).get(reverse("admin:index"))
    assert response.status_code == 302


def test_browser_language_does_not_override_korean_default(client, world):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ko">' in response.content.decode()
    assert response["Content-Language"] == "ko"


def test_unknown_language_cookie_falls_back_to_korean(client, world):
    client.cookies["django_language"] = "fr"
    assert '<html lang="ko">' in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.parametrize("who", ["trainee_a1", "trainee_b1", "nobody"])
def test_company_list_closed_to_roles_without_companies(login, world, who):
    assert login(world.users[who]).get(reverse("companies:company_list")).status_code == 404


def test_not_found_page_is_korean_and_reveals_nothing(login, world):
    response = login(world.users["staff_b"]).get(
        reverse("academy:trainee_detail", args=[world.trainee_a1.pk])
    )
    body = response.content.decode()
    assert response.status_code == 404
    assert "요청한 페이지가 없거나 열람 권한이 없습니다" in body
    assert world.trainee_a1.name not in body


def test_recruiter_search_cannot_probe_emails(login, world):
    client = login(world.users["recruiter_x"])
    by_email = client.get(reverse("academy:trainee_list"), {"q": world.trainee_b1.email})
    assert list(by_email.context["page"]) == []
    by_name = client.get(reverse("academy:trainee_list"), {"q": world.trainee_b1.name})
    assert list(by_name.context["page"]) == [world.trainee_b1]


def test_program_office_grant_opens_the_korean_admin(client, world):
    from careerhub.accounts.models import Role
    from careerhub.accounts.services import membership_grant
    from careerhub.core.models import Event

    user = world.users["nobody"]
    membership_grant(actor=None, user=user, role=Role.PROGRAM_STAFF)
    membership_grant(actor=None, user=user, role=Role.PROGRAM_STAFF)  # idempotent
    assert Event.objects.filter(verb="membership.granted").count() == 1
    client.force_login(user)
    page = client.get(reverse("admin:academy_trainee_changelist"))
    assert page.status_code == 200
    assert "교육생" in page.content.decode()
    assert client.get(reverse("admin:core_event_changelist")).status_code == 200
    # deleting through the admin is not part of the office's rights
    assert not user.has_perm("academy.delete_trainee")


def _try(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(client, world):
    for _ in range(4):
        assert _try(client, "office@example.kr", "wrong").status_code == 200
    assert _try(client, "office@example.kr", "wrong").status_code == 429  # the fifth locks
    locked = _try(client, "office@example.kr", "pw-for-tests-123")
    assert locked.status_code == 429
    assert "로그인 실패가 너무 많습니다" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # another account from the same address still logs in
    assert _try(client, "staff_a@example.kr", "pw-for-tests-123").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, world):
    for _ in range(4):
        _try(client, "office@example.kr", "wrong")
    assert _try(client, "office@example.kr", "pw-for-tests-123").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _try(client, "office@example.kr", "wrong")
    assert _try(client, "office@example.kr", "pw-for-tests-123").status_code == 302
