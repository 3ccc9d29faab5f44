"""A self-introduction (shown to companies) never stores a resident registration number."""

from django.urls import reverse

RRN_MESSAGE = "주민등록번호"


def test_self_introduction_with_a_resident_number_is_refused_and_nothing_is_saved(login, world):
    client = login(world.users["trainee_a1"])
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    response = client.post(
        url,
        {
            "phone": "010-2222-3333",
            "introduction": "안녕하세요. 990101-1234567 입니다.",
            "desired_regions": ["gwangju"],
        },
    )
    assert response.status_code == 200
    assert RRN_MESSAGE in response.content.decode()
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.introduction == ""
    assert world.trainee_a1.phone == "01012345678"


def test_self_introduction_with_a_phone_number_is_saved(login, world):
    client = login(world.users["trainee_a1"])
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    text = "연락처 010-1234-5678, 2026-03-01부터 근무 가능"
    response = client.post(
        url, {"phone": "010-2222-3333", "introduction": text, "desired_regions": ["gwangju"]}
    )
    assert response.status_code == 302
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.introduction == text


def test_a_status_correction_reason_never_stores_a_resident_number(world):
    import datetime as dt

    import pytest
    from django.core.exceptions import ValidationError

    from careerhub.academy import services
    from careerhub.academy.models import TraineeStatusChange

    trainee = world.trainee_a1
    with pytest.raises(ValidationError) as caught:
        services.trainee_change_status(
            actor=world.actor("staff_a"),
            trainee=trainee,
            status="completed",
            effective_on=dt.date(2026, 11, 30),
            reason="수료 확인 (900101-1234567)",
        )
    assert "reason" in caught.value.message_dict
    trainee.refresh_from_db()
    assert trainee.status == "enrolled" and not TraineeStatusChange.objects.exists()
