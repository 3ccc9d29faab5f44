"""Committees: who sees what, meetings, minutes publication and decision follow-up."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.committees import policies, services
from careerhub.committees.models import Committee, CommitteeMember, Decision, DecisionUpdate
from careerhub.conftest import ROLE_KEYS, every_role, roles_except


@pytest.fixture
def board(world):
    """The employment-support committee: the committee login and X's recruiter sit on it."""
    office = world.actor("office")
    committee = Committee.objects.create(kind="employment_support", name="취업지원위원회")
    Committee.objects.create(kind="operating", name="운영위원회")
    member = services.member_save(
        actor=office,
        committee=committee,
        data={
            "name": "윤위원",
            "user": world.users["committee"],
            "affiliation": "external",
            "organisation": "지역대학",
            "joined_on": dt.date(2025, 1, 1),
        },
    )
    company_member = services.member_save(
        actor=office,
        committee=committee,
        data={
            "name": "기업X 대표",
            "user": world.users["recruiter_x"],
            "affiliation": "company",
            "company": world.company_x,
            "joined_on": dt.date(2025, 1, 1),
        },
    )
    meeting = services.meeting_save(
        actor=office,
        committee=committee,
        data={
            "held_at": timezone.now() - dt.timedelta(days=7),
            "agenda": "2027년 상반기 채용 수요 검토",
            "minutes": "수요 조사 결과를 검토했다.",
            "status": "held",
        },
        attendees=[member, company_member],
    )
    decision = services.decision_add(
        actor=office, meeting=meeting, text="데이터 직무 과정 정원 확대 검토", owner="사업단"
    )
    return committee, meeting, decision


# The committee login and company X's recruiter sit on the committee; the office keeps it.
RECORDS = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 404,
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 200,  # a member
        "recruiter_y": 404,  # the other company: not a member
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_committee_records_are_for_members_and_the_office(as_role, world, board, who):
    committee, meeting, _ = board
    client = as_role(who)
    expected = RECORDS[who]
    assert (
        client.get(reverse("committees:committee_detail", args=[committee.pk])).status_code
        == expected
    )
    assert (
        client.get(reverse("committees:meeting_detail", args=[meeting.pk])).status_code == expected
    )


def test_members_see_minutes_and_decisions_only_once_published(login, world, board):
    _, meeting, decision = board
    client = login(world.users["committee"])
    url = reverse("committees:meeting_detail", args=[meeting.pk])
    body = client.get(url).content.decode()
    assert "2027년 상반기 채용 수요 검토" in body  # the agenda
    assert "수요 조사 결과를 검토했다" not in body and decision.text not in body
    assert not policies.decisions_visible_to(world.actor("committee")).exists()
    services.meeting_publish_minutes(actor=world.actor("office"), meeting=meeting)
    body = client.get(url).content.decode()
    assert "수요 조사 결과를 검토했다" in body and decision.text in body


def test_a_member_who_left_no_longer_sees_the_committee(world, board):
    seat = CommitteeMember.objects.get(user=world.users["committee"])
    seat.left_on = timezone.localdate() - dt.timedelta(days=1)
    seat.save()
    assert not policies.committees_visible_to(world.actor("committee")).exists()


def test_operating_committee_is_not_shown_to_employment_support_members(world, board):
    visible = policies.committees_visible_to(world.actor("committee"))
    assert list(visible.values_list("kind", flat=True)) == ["employment_support"]


def test_follow_up_keeps_every_report(world, board):
    _, _, decision = board
    office = world.actor("office")
    services.decision_follow_up(
        actor=office, decision=decision, status="in_progress", note="예산 협의"
    )
    services.decision_follow_up(
        actor=office, decision=decision, status="done", note="정원 10명 확대"
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE
    assert list(
        DecisionUpdate.objects.filter(decision=decision)
        .order_by("recorded_at", "pk")
        .values_list("status", "note", "recorded_by")
    ) == [
        ("in_progress", "예산 협의", world.users["office"].pk),
        ("done", "정원 10명 확대", world.users["office"].pk),
    ]


@pytest.mark.parametrize("who", roles_except("office"))
def test_only_the_office_writes_committee_records(as_role, world, board, who):
    committee, meeting, decision = board
    client = as_role(who)
    refused = 302 if who == "anonymous" else 404
    follow = reverse("committees:decision_follow_up", args=[decision.pk])
    assert client.post(follow, {"status": "done"}).status_code == refused
    publish = reverse("committees:meeting_publish", args=[meeting.pk])
    assert client.post(publish).status_code == refused
    add = reverse("committees:decision_add", args=[meeting.pk])
    assert client.post(add, {"decision-text": "몰래 추가"}).status_code == refused
    new_meeting = reverse("committees:meeting_create", args=[committee.pk])
    assert (
        client.post(new_meeting, {"held_at": "2026-12-01T10:00", "agenda": "x"}).status_code
        == refused
    )
    decision.refresh_from_db()
    meeting.refresh_from_db()
    assert decision.status == "open" and not DecisionUpdate.objects.exists()
    assert meeting.minutes_published_at is None
    assert committee.meetings.count() == 1 and meeting.decisions.count() == 1


def test_attendees_must_sit_on_the_committee(world, board):
    committee, meeting, _ = board
    operating = Committee.objects.get(kind="operating")
    stranger = CommitteeMember.objects.create(
        committee=operating, name="외부", affiliation="office", joined_on=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.meeting_save(
            actor=world.actor("office"),
            committee=committee,
            data={},
            attendees=[stranger],
            meeting=meeting,
        )
    assert stranger not in meeting.attendees.all()


def test_meetings_are_numbered_and_planned_ones_cannot_be_published(world, board):
    committee, _, _ = board
    planned = services.meeting_save(
        actor=world.actor("office"),
        committee=committee,
        data={"held_at": timezone.now() + dt.timedelta(days=20), "agenda": "하반기 계획"},
    )
    assert planned.number == 2
    with pytest.raises(ValidationError) as exc:
        services.meeting_publish_minutes(actor=world.actor("office"), meeting=planned)
    assert exc.value.code == "minutes_not_ready"
    with pytest.raises(ValidationError):
        services.decision_add(actor=world.actor("office"), meeting=planned, text="x")


def test_company_member_needs_a_company(world, board):
    committee, _, _ = board
    with pytest.raises(ValidationError) as exc:
        services.member_save(
            actor=world.actor("office"),
            committee=committee,
            data={"name": "누구", "affiliation": "company", "joined_on": dt.date(2025, 1, 1)},
        )
    assert exc.value.error_dict["company"][0].code == "company_missing"


def test_office_records_a_meeting_through_the_page(login, world, board):
    committee, _, _ = board
    member = CommitteeMember.objects.get(user=world.users["committee"])
    client = login(world.users["office"])
    response = client.post(
        reverse("committees:meeting_create", args=[committee.pk]),
        {
            "held_at": "2026-11-20T14:00",
            "place": "사업단 회의실",
            "status": "held",
            "agenda": "매칭데이 준비",
            "minutes": "일정 확정",
            "attendees": [member.pk],
        },
    )
    assert response.status_code == 302
    meeting = committee.meetings.get(number=2)
    assert list(meeting.attendees.all()) == [member]


def test_a_future_meeting_saved_as_planned_stays_planned_with_its_invitees(world, board):
    committee, _, _ = board
    member = CommitteeMember.objects.get(user=world.users["committee"])
    planned = services.meeting_save(
        actor=world.actor("office"),
        committee=committee,
        data={
            "held_at": timezone.now() + dt.timedelta(days=10),
            "status": "planned",
            "agenda": "하반기 채용 수요 검토",
        },
        attendees=[member],
    )
    planned.refresh_from_db()
    assert planned.status == "planned"
    assert list(planned.attendees.all()) == [member]


def test_a_future_meeting_cannot_be_recorded_as_held(world, board):
    committee, _, _ = board
    before = committee.meetings.count()
    with pytest.raises(ValidationError) as exc:
        services.meeting_save(
            actor=world.actor("office"),
            committee=committee,
            data={
                "held_at": timezone.now() + dt.timedelta(days=10),
                "status": "held",
                "agenda": "하반기 계획",
            },
        )
    assert exc.value.error_dict["status"][0].code == "meeting_in_future"
    assert committee.meetings.count() == before
