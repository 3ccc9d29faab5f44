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
