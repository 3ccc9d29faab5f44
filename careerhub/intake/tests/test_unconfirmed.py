"""Issue 14 item 6: an applicant scored 85/85 whose email address is not confirmed showed
합계 "—" and 불합격 with no reason. The screening pages now show the total, say why the
applicant is not in the running and offer to send the confirmation email again (outbox)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.intake import eligibility, services
from careerhub.intake.models import ApplicationChoice, ScreeningStage
from careerhub.intake.tests.conftest import AFTER, apply, at

Outcome = ApplicationChoice.Outcome


@pytest.fixture
def unconfirmed(world, cohort):
    """An applicant to course A, scored 85 in documents and 85 in the interview, who never
    opened the confirmation link; selection has run."""
    application = apply(cohort, 1, [world.course_a], confirm=False)
    stages = [
        ScreeningStage.objects.create(
            course=world.course_a,
            kind=kind,
            name=name,
            weight=Decimal(50),
            max_score=Decimal(100),
            min_score=Decimal(0),
        )
        for kind, name in (
            (ScreeningStage.Kind.DOCUMENTS, "서류"),
            (ScreeningStage.Kind.INTERVIEW, "면접"),
        )
    ]
    with at(AFTER):
        services.scores_record(
            actor=world.actor("office"),
            choice=application.choices.get(),
            scores={s.pk: Decimal(85) for s in stages},
        )
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    mail.outbox.clear()
    return application


def test_the_status_gives_the_total_and_the_reason(unconfirmed):
    choice = unconfirmed.choices.get()
    assert choice.outcome == Outcome.NOT_SELECTED and choice.total_score is None
    status = eligibility.choice_status(choice)
    assert status.total == Decimal("85.00")
    assert status.unconfirmed and not status.eligible
    with translation.override("en"):
        assert eligibility.choice_status(choice).reasons == [
            "The applicant has not confirmed their email address: an unconfirmed "
            "application is not selected, whatever its scores."
        ]


@translation.override("en")
def test_a_confirmed_scored_choice_has_no_reason(world, cohort):
    application = apply(cohort, 2, [world.course_a])
    stage = ScreeningStage.objects.create(
        course=world.course_a,
        kind=ScreeningStage.Kind.DOCUMENTS,
        name="서류",
        weight=Decimal(100),
        max_score=Decimal(100),
        min_score=Decimal(60),
    )
    choice = application.choices.get()
    status = eligibility.choice_status(choice)
    assert status.reasons == ["Not every screening stage is scored yet (missing: 서류)."]
    with at(AFTER):
        services.scores_record(
            actor=world.actor("office"), choice=choice, scores={stage.pk: Decimal(50)}
        )
    status = eligibility.choice_status(application.choices.get())
    assert status.reasons == ["서류: 50 is below the pass mark of 60."]
    with at(AFTER):
        services.scores_record(
            actor=world.actor("office"), choice=choice, scores={stage.pk: Decimal(70)}
        )
    status = eligibility.choice_status(application.choices.get())
    assert status.eligible and status.total == Decimal("70.00")


def test_staff_resend_the_confirmation_through_the_outbox(world, unconfirmed):
    with at(AFTER):
        services.application_confirmation_resend(
            actor=world.actor("staff_a"), application=unconfirmed
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [unconfirmed.email]
    assert "/apply/confirm/" in sent.body
    assert Event.objects.filter(
        verb="application.confirmation_resent", target_id=unconfirmed.pk
    ).exists()


def test_only_staff_who_see_the_application_may_resend(world, unconfirmed):
    for who in ("staff_b", "consultant_a", "recruiter_x", "trainee_a1"):
        with pytest.raises(PermissionDenied):
            services.application_confirmation_resend(
                actor=world.actor(who), application=unconfirmed
            )
    assert not mail.outbox
    assert not Event.objects.filter(verb="application.confirmation_resent").exists()


def test_a_confirmed_application_needs_no_resend(world, unconfirmed):
    services.application_confirm_email(application=unconfirmed)
    with pytest.raises(ValidationError) as exc:
        services.application_confirmation_resend(
            actor=world.actor("office"), application=unconfirmed
        )
    assert exc.value.code == "already_confirmed"
    assert not mail.outbox


def test_once_confirmed_the_next_run_selects_the_applicant(world, cohort, unconfirmed):
    services.application_confirm_email(application=unconfirmed)
    with at(AFTER):
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    choice = unconfirmed.choices.get()
    assert choice.outcome == Outcome.SELECTED and choice.total_score == Decimal("85.00")


# --- pages ---------------------------------------------------------------------------------


def test_the_course_list_shows_the_total_the_reason_and_the_way_out(login, world, unconfirmed):
    html = (
        login(world.users["staff_a"])
        .get(reverse("intake:course", args=[world.course_a.pk]))
        .content.decode()
    )
    assert "85.00" in html
    assert 'data-testid="not-eligible"' in html and "이메일" in html
    assert reverse("intake:application", args=[unconfirmed.pk]) + "#h-eligibility" in html


def test_the_application_page_resends_and_says_so(login, world, unconfirmed):
    client = login(world.users["staff_a"])
    url = reverse("intake:application", args=[unconfirmed.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="unconfirmed"' in html and "85.00" in html
    resend = reverse("intake:confirmation_resend", args=[unconfirmed.pk])
    assert f'action="{resend}"' in html
    with at(AFTER):
        response = client.post(resend, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert unconfirmed.email in response.content.decode()
    assert len(mail.outbox) == 1


def test_another_operator_gets_404_and_nothing_is_sent(login, world, unconfirmed):
    response = login(world.users["staff_b"]).post(
        reverse("intake:confirmation_resend", args=[unconfirmed.pk])
    )
    assert response.status_code == 404
    assert not mail.outbox
