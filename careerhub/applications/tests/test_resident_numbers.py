"""A cover note to a company never carries a resident registration number."""

from django.urls import reverse

from careerhub.applications.models import Application
from careerhub.applications.tests.test_applications import posting  # noqa: F401


def test_cover_note_with_a_resident_number_is_refused(login, world, posting):  # noqa: F811
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("applications:apply", args=[posting.pk]),
        {"cover_note": "제 주민번호는 0102034123456 입니다"},
        follow=True,
    )
    assert "주민등록번호" in response.content.decode()
    assert not Application.objects.exists()


def test_cover_note_without_one_is_sent(login, world, posting):  # noqa: F811
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("applications:apply", args=[posting.pk]),
        {"cover_note": "사업자등록번호 123-45-67890 회사에서 일했습니다"},
    )
    assert response.status_code == 302
    assert Application.objects.get().cover_note.startswith("사업자등록번호")


def test_a_stage_change_reason_never_stores_a_resident_number(world, posting):  # noqa: F811
    import pytest
    from django.core.exceptions import ValidationError

    from careerhub.applications import services
    from careerhub.applications.models import StageChange
    from careerhub.applications.tests.test_applications import move
    from careerhub.core.errors import CoreErrorCode, error_codes

    application = services.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
    )
    before = StageChange.objects.count()
    with pytest.raises(ValidationError) as caught:
        move(world, application, "document_pass", reason="본인 확인 9001011234567")
    assert error_codes(caught.value) == {CoreErrorCode.RESIDENT_NUMBER}
    assert "reason" in caught.value.message_dict
    application.refresh_from_db()
    assert application.status == "applied" and StageChange.objects.count() == before
