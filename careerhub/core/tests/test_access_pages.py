"""Pages that show personal data beyond the lists and profiles: edit forms, start-up teams and
a consultant's own slots record the access too."""

import pytest
from django.urls import reverse

from careerhub.consulting.tests.test_consulting import book, make_slot
from careerhub.core.models import AccessRecord
from careerhub.outcomes import services as outcome_services

pytestmark = pytest.mark.django_db


def _only_record():
    return AccessRecord.objects.get()


def test_the_profile_edit_form_records_a_view(login, world):
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    assert login(world.users["staff_a"]).get(url).status_code == 200
    record = _only_record()
    assert record.subjects["trainees"] == [world.trainee_a1.pk]


def test_a_start_up_team_page_and_the_list_record_their_members(login, world):
    team = outcome_services.startup_team_create(
        actor=world.actor("staff_a"),
        operator_id=world.op_a.pk,
        name="광주 AI 팀",
        idea="데이터 분석 서비스",
        trainee_ids=[world.trainee_a1.pk, world.trainee_a2.pk],
    )
    client = login(world.users["staff_a"])
    assert client.get(reverse("outcomes:startup_detail", args=[team.pk])).status_code == 200
    assert client.get(reverse("outcomes:startup_list")).status_code == 200
    members = {world.trainee_a1.pk, world.trainee_a2.pk}
    assert [set(r.subjects["trainees"]) for r in AccessRecord.objects.order_by("pk")] == [
        members,
        members,
    ]


def test_a_consultant_s_own_slots_record_who_booked_them(login, world):
    book(world, make_slot(world))
    response = login(world.users["consultant_a"]).get(reverse("consulting:home"))
    assert response.status_code == 200
    assert _only_record().subjects["trainees"] == [world.trainee_a1.pk]
