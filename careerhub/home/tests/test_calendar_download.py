"""Each person's own calendar file (issue 17 item 4): their upcoming interviews and consulting
sessions, nobody else's; the same UIDs as the invites; recorded when it shows others' data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from careerhub.applications import services as applications
from careerhub.applications.tests.test_applications import move
from careerhub.consulting.models import Booking, Slot
from careerhub.consulting.tests.test_consulting import book
from careerhub.core.models import AccessRecord
from careerhub.hiring.models import JobPosting
from careerhub.messaging.models import Message

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
URL = reverse("home:calendar")


@pytest.fixture
def events(world):
    """Trainee A1: an interview at company X and a session with consultant A; trainee B1: an
    interview at company Y; a past session of A1 (not upcoming, so not in the file)."""
    soon = timezone.now() + dt.timedelta(days=3)
    postings = {}
    for key, company in (("x", world.company_x), ("y", world.company_y)):
        postings[key] = JobPosting.objects.create(
            company=company,
            title=f"개발자 {key}",
            deadline=timezone.localdate() + dt.timedelta(days=20),
            status="open",
        )
    a1 = applications.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=postings["x"]
    )
    b1 = applications.application_create(
        actor=world.actor("trainee_b1"), trainee=world.trainee_b1, posting=postings["y"]
    )
    for app, who in ((a1, "recruiter_x"), (b1, "recruiter_y")):
        move(world, app, "document_pass", who=who)
        move(world, app, "interview_scheduled", who=who, interview_at=soon, interview_place="본사")
    slot = Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=soon + dt.timedelta(days=1),
        ends_at=soon + dt.timedelta(days=1, minutes=50),
        location="상담실",
    )
    booking = book(world, slot)
    past = Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(minutes=50),
    )
    Booking.objects.create(slot=past, trainee=world.trainee_a1, session_type="resume")
    return {"a1": a1, "b1": b1, "booking": booking}


def uids(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(response.content.decode())
    assert "METHOD" not in cal
    return {str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")}


def test_a_trainee_gets_only_their_own_events(login, world, events):
    a1, b1, booking = events["a1"], events["b1"], events["booking"]
    mine = uids(login(world.users["trainee_a1"]).get(URL))
    assert mine == {f"application-{a1.pk}-interview-1", f"consulting-booking-{booking.pk}"}
    theirs = uids(login(world.users["trainee_b1"]).get(URL))
    assert theirs == {f"application-{b1.pk}-interview-1"}  # not A1's interview nor session
    assert not AccessRecord.objects.exists()  # their own data: not an access to record


def test_the_other_side_gets_its_events_and_the_download_is_recorded(login, world, events):
    a1, b1, booking = events["a1"], events["b1"], events["booking"]
    assert uids(login(world.users["recruiter_x"]).get(URL)) == {f"application-{a1.pk}-interview-1"}
    assert uids(login(world.users["recruiter_y"]).get(URL)) == {f"application-{b1.pk}-interview-1"}
    assert uids(login(world.users["consultant_a"]).get(URL)) == {f"consulting-booking-{booking.pk}"}
    record = AccessRecord.objects.filter(actor=world.users["consultant_a"]).get()
    assert record.action == AccessRecord.Action.DOWNLOAD
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}


def test_the_file_has_the_invites_uid_and_sequence(login, world, events):
    a1 = events["a1"]
    move(
        world,
        a1,
        "interview_scheduled",
        interview_at=timezone.now() + dt.timedelta(days=4),
        interview_place="본사",
    )
    invite = (
        Message.objects.filter(to_address="trainee_a1@example.kr")
        .exclude(attachment="")
        .latest("pk")
    )
    [sent] = icalendar.Calendar.from_ical(invite.attachment).walk("VEVENT")
    response = login(world.users["trainee_a1"]).get(URL)
    cal = icalendar.Calendar.from_ical(response.content.decode())
    [mine] = [e for e in cal.walk("VEVENT") if e["UID"] == sent["UID"]]
    assert mine["SEQUENCE"] == sent["SEQUENCE"] == 1
    assert mine.decoded("DTSTART") == sent.decoded("DTSTART")
    assert mine["DTSTART"].params["TZID"] == "Asia/Seoul"


@pytest.mark.parametrize("key", ["office", "staff_a", "committee", "nobody"])
def test_people_without_events_of_their_own_get_404(login, world, key):
    assert login(world.users[key]).get(URL).status_code == 404


def test_the_home_page_links_the_calendar(login, world):
    assert URL in login(world.users["trainee_a1"]).get(reverse("home:index")).content.decode()
    assert URL not in login(world.users["office"]).get(reverse("home:index")).content.decode()


def test_the_consulting_page_links_the_calendar(login, world):
    page = reverse("consulting:home")
    for key in ("trainee_a1", "consultant_a"):
        assert URL in login(world.users[key]).get(page).content.decode()
