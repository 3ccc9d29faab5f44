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
