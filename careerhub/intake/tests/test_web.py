"""Pages: the public form (no login) and the staff pages, with the role × action matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from careerhub.conftest import ROLE_KEYS, every_role, refused
from careerhub.core.models import AccessRecord
from careerhub.intake import services, tokens
from careerhub.intake.models import Application, ScreeningScore, SelectionOverride
from careerhub.intake.tests.conftest import AFTER, CLOSES, DURING, apply, at, one_stage


def form_data(world, **overrides):
    data = {
        "name": "홍길동",
        "birth_date": "1999-05-05",
        "email": "hong@example.kr",
        "phone": "010-1234-5678",
        "region": "gwangju",
        "education": "university",
        "major": "전자공학",
        "experience": "",
        "motivation": "광주에서 AI 개발자로 일하고 싶습니다.",
        "skills_text": "파이썬",
        "portfolio_url": "",
        "choice_1": world.course_a.pk,
        "choice_2": world.course_b.pk,
        "choice_3": "",
        "consent_collection": "on",
        "consent_provision": "on",
    }
    return data | overrides


def test_public_form_needs_no_login_and_shows_pipa_notices(client, world, cohort):
    with at(DURING):
        response = client.get(reverse("intake_public:apply", args=[cohort.number]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("목적", "항목", "보유", "거부"):
        assert text in html
    assert "주민등록번호" in html  # the warning never to enter it; no field asks for it
    assert 'name="resident' not in html and "rrn" not in html.lower()


def test_apply_answers_on_a_neutral_page_and_mails_the_receipt_link(client, world, cohort):
    """The answer shows nothing of the application (a duplicate gets the same one); the
    receipt and the link go to the email address."""
    with at(DURING):
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]), form_data(world)
        )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_public:received", args=[cohort.number])
    assert application.receipt_number not in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    manage = reverse("intake_public:manage", args=[tokens.access_token(application)])
    assert manage in mail.outbox[0].body
    assert application.receipt_number in client.get(manage).content.decode()


def test_form_loaded_before_the_deadline_and_posted_after_is_refused(client, world, cohort):
    with at(CLOSES - dt.timedelta(minutes=5)):
        assert client.get(reverse("intake_public:apply", args=[cohort.number])).status_code == 200
    with at(CLOSES + dt.timedelta(seconds=1)):
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]), form_data(world)
        )
    assert response.status_code == 409
    assert "2026. 4. 17. 18:00" in response.content.decode()
    assert not Application.objects.exists() and not mail.outbox


def test_resident_number_in_free_text_is_refused_with_a_clear_message(client, world, cohort):
    with at(DURING):
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]),
            form_data(world, motivation="990505-1234567 입니다"),
        )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert response.context["form"].errors["motivation"][0]
    assert not Application.objects.exists()


def test_missing_consent_and_choice_gap_are_form_errors(client, world, cohort):
    with at(DURING):
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]),
            form_data(world, consent_provision="", choice_1="", choice_2=world.course_b.pk),
        )
    errors = response.context["form"].errors
    assert "consent_provision" in errors and "choice_2" in errors
    assert not Application.objects.exists()


def test_duplicate_through_the_form_is_refused(client, world, cohort):
    """Refused without saying so (careerhub/intake/tests/test_ratelimit.py compares the
    answers): only the owner's address learns of it."""
    with at(DURING):
        client.post(reverse("intake_public:apply", args=[cohort.number]), form_data(world))
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]),
            form_data(world, email="hong2@example.kr"),
        )
    assert response.status_code == 302
    assert Application.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["hong@example.kr"], ["hong@example.kr"]]


def test_applicant_sees_only_their_own_application(client, world, cohort):
    mine = apply(cohort, 1, [world.course_a])
    other = apply(cohort, 2, [world.course_a])
    page = client.get(
        reverse("intake_public:manage", args=[tokens.access_token(mine)])
    ).content.decode()
    assert mine.receipt_number in page and other.receipt_number not in page
    # the other application's payload under my signature: tampering is detected
    forged = (
        tokens.access_token(other).split(":", 1)[0]
        + ":"
        + tokens.access_token(mine).split(":", 1)[1]
    )
    assert client.get(reverse("intake_public:manage", args=[forged])).status_code == 404
    assert client.get(reverse("intake_public:manage", args=["nonsense"])).status_code == 404
    mine.access_version += 1
    mine.save()
    assert (
        client.get(reverse("intake_public:manage", args=[tokens.access_token(other)])).status_code
        == 200
    )


def test_email_confirmation_link(client, world, cohort):
    application = apply(cohort, 1, [world.course_a], confirm=False)
    response = client.get(
        reverse("intake_public:confirm_email", args=[tokens.confirm_token(application)])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.email_confirmed_at is not None
    assert client.get(reverse("intake_public:confirm_email", args=["bad"])).status_code == 400


def test_edit_until_the_deadline(client, world, cohort):
    application = apply(cohort, 1, [world.course_a])
    url = reverse("intake_public:edit", args=[tokens.access_token(application)])
    data = form_data(
        world,
        email=application.email,
        name=application.name,
        choice_1=world.course_b.pk,
        choice_2="",
    )
    with at(DURING):
        assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.name == "지원자1" and application.major == "전자공학"
    assert list(application.choices.values_list("course_id", flat=True)) == [world.course_b.pk]
    with at(CLOSES + dt.timedelta(seconds=1)):
        response = client.post(url, form_data(world, choice_1=world.course_a.pk))
    assert response.status_code == 409
    assert list(application.choices.values_list("course_id", flat=True)) == [world.course_b.pk]


def test_link_request_answers_the_same_whether_or_not_an_application_exists(client, world, cohort):
    apply(cohort, 1, [world.course_a])
    mail.outbox.clear()
    url = reverse("intake_public:link_request", args=[cohort.number])
    first = client.post(url, {"email": "applicant1@example.kr"}, follow=True).content.decode()
    second = client.post(url, {"email": "nobody@example.kr"}, follow=True).content.decode()
    assert len(mail.outbox) == 1
    assert first.count("messages") == second.count("messages")


# --- staff pages ---------------------------------------------------------------------------


@pytest.fixture
def apps(world, cohort):
    return {
        "only_a": apply(cohort, 1, [world.course_a]),
        "only_b": apply(cohort, 2, [world.course_b]),
        "both": apply(cohort, 3, [world.course_b, world.course_a]),
    }


# role: (index, cohort, course A, only_a, only_b, both); everyone else is refused everything.
PAGE_MATRIX = every_role(
    {
        "office": (200, 200, 200, 200, 200, 200),
        "staff_a": (200, 200, 200, 200, 404, 200),
        "staff_b": (200, 200, 404, 404, 200, 200),
    }
    | {key: (refused(key),) * 6 for key in ROLE_KEYS if key not in ("office", "staff_a", "staff_b")}
)


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_staff_pages_matrix(as_role, world, cohort, apps, role):
    client = as_role(role)
    urls = [
        reverse("intake:index"),
        reverse("intake:cohort", args=[cohort.pk]),
        reverse("intake:course", args=[world.course_a.pk]),
        reverse("intake:application", args=[apps["only_a"].pk]),
        reverse("intake:application", args=[apps["only_b"].pk]),
        reverse("intake:application", args=[apps["both"].pk]),
    ]
    assert tuple(client.get(u).status_code for u in urls) == PAGE_MATRIX[role]


def test_anonymous_is_sent_to_login(client, cohort):
    response = client.get(reverse("intake:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_operator_sees_only_their_course_of_a_shared_applicant(login, world, apps):
    page = login(world.users["staff_a"]).get(reverse("intake:application", args=[apps["both"].pk]))
    html = page.content.decode()
    assert "과정A" in html and "과정B" not in html and "운영기관B" not in html
    record = AccessRecord.objects.get(actor=world.users["staff_a"])
    assert record.page == "intake:application" and record.subjects == {
        "applicants": [apps["both"].pk]
    }


def test_staff_records_scores_and_another_operator_cannot(login, world, apps):
    stage = one_stage(world.course_a)
    choice = apps["only_a"].choices.get()
    url = reverse("intake:choice_scores", args=[choice.pk])
    data = {f"c{choice.pk}-stage_{stage.pk}": "77.5", f"c{choice.pk}-note": ""}
    with at(AFTER):
        assert login(world.users["staff_b"]).post(url, data).status_code == 404
        assert not ScreeningScore.objects.exists()
        assert login(world.users["staff_a"]).post(url, data).status_code == 302
    assert ScreeningScore.objects.get().score == Decimal("77.5")


def test_override_through_the_page_and_idor(login, world, apps):
    choice = apps["only_a"].choices.get()
    url = reverse("intake:choice_override", args=[choice.pk])
    data = {f"o{choice.pk}-kind": "exclude", f"o{choice.pk}-reason": "서류 미제출"}
    with at(AFTER):
        assert login(world.users["staff_b"]).post(url, data).status_code == 404
        assert login(world.users["staff_a"]).post(url, data).status_code == 302
    override = SelectionOverride.objects.get()
    assert (override.kind, override.reason, override.created_by) == (
        "exclude",
        "서류 미제출",
        world.users["staff_a"],
    )


def test_run_and_publish_through_the_pages(login, world, cohort, apps):
    stage_a, stage_b = one_stage(world.course_a), one_stage(world.course_b)
    office = world.actor("office")
    with at(AFTER):
        for app in apps.values():
            for choice in app.choices.all():
                stage = stage_a if choice.course_id == world.course_a.pk else stage_b
                services.scores_record(actor=office, choice=choice, scores={stage.pk: Decimal(80)})
        staff = login(world.users["staff_a"])
        assert staff.post(reverse("intake:cohort_run", args=[cohort.pk])).status_code == 302
        assert staff.post(reverse("intake:cohort_publish", args=[cohort.pk])).status_code == 404
        mail.outbox.clear()
        office_client = login(world.users["office"])
        assert (
            office_client.post(reverse("intake:cohort_publish", args=[cohort.pk])).status_code
            == 302
        )
    assert len(mail.outbox) == 3
    assert (
        login(world.users["committee"])
        .post(reverse("intake:cohort_run", args=[cohort.pk]))
        .status_code
        == 404
    )


def test_stage_configuration(login, world, cohort):
    client = login(world.users["staff_a"])
    url = reverse("intake:course_stages", args=[world.course_a.pk])
    data = {
        "kind": "interview",
        "name": "면접",
        "order": 2,
        "weight": "40",
        "max_score": "100",
        "min_score": "60",
    }
    assert client.post(url, data).status_code == 302
    stage = world.course_a.screening_stages.get()
    assert (stage.name, stage.weight, stage.min_score) == ("면접", Decimal("40"), Decimal("60"))
    bad = data | {"name": "면접2", "min_score": "120"}
    response = client.post(url, bad)
    assert response.status_code == 200 and world.course_a.screening_stages.count() == 1
    assert login(world.users["staff_b"]).post(url, data | {"name": "x"}).status_code == 404


def test_import_page(login, world, cohort, settings, tmp_path):
    """The upload is imported in the background (here at once: the immediate backend);
    the page of the run shows the same row-numbered result."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from careerhub.intake.tests.test_import import csv_bytes, good_rows

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    url = reverse("intake:cohort_import", args=[cohort.pk])
    assert login(world.users["office"]).get(url).status_code == 404
    client = login(world.users["staff_a"])
    rows = good_rows()
    rows[0][2] = "not-an-email"
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", csv_bytes(rows))}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "not-an-email" in html and 'role="alert"' in html
    assert not Application.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", csv_bytes(good_rows()))})
    assert response.status_code == 302 and "?run=" in response["Location"]
    assert Application.objects.count() == 3
    assert not any(tmp_path.rglob("*.csv"))  # the stored uploads were deleted
    # another operator's staff cannot see the run
    assert login(world.users["staff_b"]).get(response["Location"]).status_code == 404
