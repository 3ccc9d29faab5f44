"""Job applications: the transition table, stale moves, consent, notifications, emails."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Consent
from careerhub.applications import services
from careerhub.applications.models import Application, Notification, StageChange
from careerhub.applications.transitions import (
    COMPANY,
    STAFF,
    TERMINAL,
    TRAINEE,
    TRANSITIONS,
    Stage,
    allowed_moves,
)
from careerhub.conftest import ROLE_KEYS, every_role, roles_except
from careerhub.core.models import AccessRecord
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting
from careerhub.messaging.models import Message
from careerhub.messaging.services import messages_deliver_due
from careerhub.messaging.tests import helpers
from careerhub.outcomes.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(world):
    return JobPosting.objects.create(
        company=world.company_x,
        title="AI 서비스 개발자",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        status="open",
        region="gwangju",
    )


@pytest.fixture
def application(world, posting):
    return services.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
    )


def move(world, app, to, who="recruiter_x", reason="", **details):
    app.refresh_from_db()
    return services.application_move(
        actor=world.actor(who),
        application=app,
        to_status=to,
        expected_version=app.version,
        reason=reason,
        details=details,
    )


# --- the table ---------------------------------------------------------------------------


def test_the_transition_table_written_out():
    expected = {
        ("applied", "document_pass"): {COMPANY, STAFF},
        ("document_pass", "interview_scheduled"): {COMPANY, STAFF},
        ("interview_scheduled", "interview_scheduled"): {COMPANY, STAFF},
        ("interview_scheduled", "interview_done"): {COMPANY, STAFF},
        ("interview_done", "interview_scheduled"): {COMPANY, STAFF},
        ("interview_done", "offer"): {COMPANY, STAFF},
        ("offer", "accepted"): {TRAINEE, STAFF},
        ("accepted", "hired"): {COMPANY, STAFF},
    }
    for stage in (
        "applied",
        "document_pass",
        "interview_scheduled",
        "interview_done",
        "offer",
        "accepted",
    ):
        expected[(stage, "rejected")] = {COMPANY, STAFF}
        expected[(stage, "withdrawn")] = {TRAINEE, STAFF}
    assert {k: set(v) for k, v in TRANSITIONS.items()} == expected
    for terminal in TERMINAL:
        assert allowed_moves(terminal, {COMPANY, STAFF, TRAINEE}) == []


@pytest.mark.parametrize(
    ("current", "to"),
    [(a, b) for a, b in itertools.product(Stage.values, Stage.values) if (a, b) not in TRANSITIONS][
        :40
    ],
)
def test_every_move_outside_the_table_is_refused(world, application, current, to):
    Application.objects.filter(pk=application.pk).update(
        status=current, interview_at=timezone.now(), start_date=dt.date(2027, 1, 4)
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.application_move(
            actor=world.actor("office"),
            application=application,
            to_status=to,
            expected_version=application.version,
            reason="사유",
        )
    assert info.value.code == "illegal_transition"
    application.refresh_from_db()
    assert application.status == current


def test_a_trainee_cannot_move_for_the_company(world, application):
    with pytest.raises(ValidationError) as info:
        move(world, application, "document_pass", who="trainee_a1")
    assert info.value.code == "illegal_transition"
    assert "이동할 수 없습니다" in info.value.messages[0]


def test_another_company_has_no_side(world, application):
    with pytest.raises(PermissionDenied):
        move(world, application, "document_pass", who="recruiter_y")


def test_full_pipeline_to_hired_proposes_an_outcome(world, application):
    move(world, application, "document_pass")
    with pytest.raises(ValidationError) as info:
        move(world, application, "interview_scheduled")
    assert set(info.value.message_dict) == {"interview_at", "interview_place"}
    move(
        world,
        application,
        "interview_scheduled",
        interview_at=timezone.now() + dt.timedelta(days=3),
        interview_place="광주 본사 5층",
    )
    move(world, application, "interview_done")
    move(world, application, "offer", offer_salary=36_000_000)
    move(world, application, "accepted", who="trainee_a1")
    move(world, application, "hired", start_date=dt.date(2027, 1, 4))
    application.refresh_from_db()
    assert application.status == "hired" and application.version == 7
    outcome = application.outcome
    assert outcome.status == Outcome.Status.PROPOSED  # never confirmed by a hire
    assert (outcome.company_id, outcome.start_date, outcome.annual_salary, outcome.in_city) == (
        world.company_x.pk,
        dt.date(2027, 1, 4),
        36_000_000,
        True,
    )
    assert list(
        StageChange.objects.filter(application=application).values_list("to_status", flat=True)
    ) == [
        "applied",
        "document_pass",
        "interview_scheduled",
        "interview_done",
        "offer",
        "accepted",
        "hired",
    ]


def test_rejection_needs_a_reason(world, application):
    with pytest.raises(ValidationError) as info:
        move(world, application, "rejected")
    assert "reason" in info.value.message_dict
    move(world, application, "rejected", reason="직무 경험 부족")
    application.refresh_from_db()
    assert (application.status, application.reason) == ("rejected", "직무 경험 부족")


# --- concurrency -----------------------------------------------------------------------------


def test_two_people_moving_at_once_cannot_overwrite_each_other(world, application):
    recruiter_copy = Application.objects.get(pk=application.pk)
    staff_copy = Application.objects.get(pk=application.pk)
    services.application_move(
        actor=world.actor("recruiter_x"),
        application=recruiter_copy,
        to_status="document_pass",
        expected_version=1,
    )
    with pytest.raises(ValidationError) as info:
        services.application_move(
            actor=world.actor("staff_a"),
            application=staff_copy,
            to_status="rejected",
            expected_version=1,
            reason="중복",
        )
    assert info.value.code == "stale_version"
    assert "다른 사람이" in info.value.messages[0]
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.version) == ("document_pass", 2)
    assert StageChange.objects.filter(application=application).count() == 2


# --- applying --------------------------------------------------------------------------------


def test_only_open_postings_accept_applications(world, posting):
    posting.status = "closed"
    posting.save()
    with pytest.raises(ValidationError) as info:
        services.application_create(
            actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
        )
    assert info.value.code == "posting_not_open"
    assert not Application.objects.exists()


def test_one_live_application_per_posting(world, application, posting):
    with pytest.raises(ValidationError) as info:
        services.application_create(
            actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
        )
    assert info.value.code == "duplicate"
    assert Application.objects.count() == 1


def test_staff_apply_on_behalf_only_with_consent(world, posting):
    staff = world.actor("staff_a")
    with pytest.raises(ValidationError) as info:
        services.application_create(
            actor=staff, trainee=world.trainee_a1, posting=posting, behalf_consent="전화 동의"
        )
    assert info.value.code == "no_provision_consent"
    f.consent(world.trainee_a1, Consent.Purpose.PROVISION_COMPANIES)
    with pytest.raises(ValidationError) as info:
        services.application_create(actor=staff, trainee=world.trainee_a1, posting=posting)
    assert info.value.error_dict["behalf_consent"][0].code == "behalf_consent_required"
    app = services.application_create(
        actor=staff, trainee=world.trainee_a1, posting=posting, behalf_consent="11/24 전화 동의"
    )
    assert app.on_behalf and app.behalf_consent == "11/24 전화 동의"
    with pytest.raises(PermissionDenied):
        services.application_create(
            actor=world.actor("staff_b"),
            trainee=world.trainee_a2,
            posting=posting,
            behalf_consent="x",
        )


# --- notifications and email -------------------------------------------------------------------


def test_every_change_notifies_the_people_concerned(
    world, application, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://careerhub.example.kr"
    with django_capture_on_commit_callbacks(execute=True):
        move(world, application, "document_pass")
    trainee_user = world.users["trainee_a1"]
    consultant = world.users["consultant_a"]
    recipients = set(
        Notification.objects.filter(application=application).values_list("user", flat=True)
    )
    # the trainee and their consultant hear of the application and the move; the recruiter
    # hears of the application (the move was theirs)
    assert recipients == {trainee_user.pk, consultant.pk, world.users["recruiter_x"].pk}
    latest = Notification.objects.filter(user=trainee_user).first()
    assert "서류 합격" in latest.message
    assert not mail.outbox  # the move only wrote the messages: the queue sends them
    emails = Message.objects.filter(kind="application_update")
    assert emails.count() >= 2
    assert set(emails.values_list("operator_id", flat=True)) == {world.op_a.pk}
    messages_deliver_due()
    assert any("서류 합격" in m.subject for m in mail.outbox)
    link = f"https://careerhub.example.kr/applications/{application.pk}/"
    moved = [m for m in mail.outbox if "서류 합격" in m.subject]
    assert moved and all(link in m.body for m in moved)  # absolute, from SITE_URL


def test_a_move_with_the_mail_server_down_answers_and_the_emails_wait(
    login, world, application, settings, monkeypatch
):
    helpers.mail_server_down(settings)
    helpers.deliver_at_once(monkeypatch)  # as a worker would, right after the commit
    response = login(world.users["recruiter_x"]).post(
        reverse("applications:move", args=[application.pk]),
        {"to_status": "document_pass", "version": application.version},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "document_pass"
    waiting = Message.objects.filter(kind="application_update")
    assert waiting.count() >= 2
    assert all(m.status == "pending" and m.last_error for m in waiting)
    assert not mail.outbox
    helpers.mail_server_up(settings)
    helpers.everything_due()
    messages_deliver_due()
    assert len(mail.outbox) == waiting.count()
    messages_deliver_due()
    assert len(mail.outbox) == waiting.count()  # each once


# --- recruiter view of the profile ----------------------------------------------------------


def test_recruiter_sees_the_profile_only_with_consent_and_the_view_is_logged(
    login, world, application
):
    url = reverse("applications:profile", args=[application.pk])
    client = login(world.users["recruiter_x"])
    assert client.get(url).status_code == 404  # trainee_a1 has not consented
    assert not AccessRecord.objects.exists()
    f.consent(world.trainee_a1, Consent.Purpose.PROVISION_COMPANIES)
    assert client.get(url).status_code == 200
    record = AccessRecord.objects.get(page="applications:profile")
    assert record.actor == world.users["recruiter_x"]
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
    assert login(world.users["recruiter_y"]).get(url).status_code == 404


DETAIL = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,
        "consultant_a": 200,
        "recruiter_x": 200,
        "recruiter_y": 404,
        "trainee_a1": 200,
        "trainee_b1": 404,
        "committee": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_application_page_matrix(as_role, world, application, who):
    response = as_role(who).get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == DETAIL[who]


@pytest.mark.parametrize("who", roles_except("office", "staff_a", "recruiter_x", "trainee_a1"))
def test_idor_moves_write_nothing(as_role, world, application, who):
    response = as_role(who).post(
        reverse("applications:move", args=[application.pk]),
        {"to_status": "document_pass", "version": 1},
    )
    assert response.status_code in (302, 404)
    application.refresh_from_db()
    assert (application.status, application.version) == ("applied", 1)


# --- every application moves, however it was created (issue 14 item 1) -----------------------


def test_an_application_without_an_applying_user_moves_through_the_page(login, world, application):
    """Imports, match days and the demo create applications with no ``applied_by``."""
    Application.objects.filter(pk=application.pk).update(applied_by=None)
    move(world, application, "document_pass")
    application.refresh_from_db()
    client = login(world.users["recruiter_x"])
    response = client.post(
        reverse("applications:move", args=[application.pk]),
        {
            "to_status": "interview_scheduled",
            "version": application.version,
            "interview_at": "2027-01-05T14:00",
            "interview_place": "광주 본사 3층",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interview_scheduled"
    assert application.interview_place == "광주 본사 3층"


def test_a_failed_move_keeps_what_was_typed_and_names_the_field(login, world, application):
    move(world, application, "document_pass")
    application.refresh_from_db()
    client = login(world.users["recruiter_x"])
    response = client.post(
        reverse("applications:move", args=[application.pk]),
        {
            "to_status": "interview_scheduled",
            "version": application.version,
            "interview_at": "2027-01-05T14:00",
            "interview_place": "",
        },
    )
    assert response.status_code == 400
    form = response.context["move_form"]
    assert "interview_place" in form.errors
    assert form["interview_at"].value() == "2027-01-05T14:00"
    application.refresh_from_db()
    assert application.status == "document_pass"
