"""Job alerts (a weekly digest of new fitting openings) and targeted messages (staff write to
a filtered group, the preview is exactly the recipients, opted-out people are left out)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting
from careerhub.matching import alerts, outreach
from careerhub.messaging import preferences
from careerhub.messaging.models import ContactPreference, Message, MessageBatch
from careerhub.outcomes.models import Outcome, OutcomeType

pytestmark = pytest.mark.django_db


def _subscribe(world, key="trainee_a1"):
    user = world.users[key]
    return preferences.contact_preference_set(
        actor=world.actor(key),
        user_id=user.pk,
        choice=preferences.PreferenceChoice(job_alerts=True),
    )


def test_a_weekly_digest_holds_only_openings_no_earlier_digest_named(world, mx):
    _subscribe(world)
    monday = timezone.now()

    assert alerts.job_alerts_send(now=monday) == {"due": 1, "sent": 1, "nothing_new": 0}
    first = Message.objects.get(kind="job_alert", channel="email")
    assert first.recipient_id == world.users["trainee_a1"].pk
    assert set(first.meta["openings"]) == {f"p{mx.p1.pk}", f"p{mx.p2.pk}", f"p{mx.p3.pk}"}
    assert mx.p1.title in first.body
    assert "/messages/stop/" in first.body, "the digest carries the opt-out link"

    # the next day: not due (once a week), even with a new opening
    new = JobPosting.objects.create(
        company=world.company_x,
        title="백엔드 신입",
        role=mx.backend,
        region="gwangju",
        headcount=1,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        status="open",
    )
    assert alerts.job_alerts_send(now=monday + dt.timedelta(days=1))["due"] == 0

    # a week later: only the new opening
    assert alerts.job_alerts_send(now=monday + dt.timedelta(days=7))["sent"] == 1
    second = Message.objects.filter(kind="job_alert").order_by("-pk").first()
    assert second.meta["openings"] == [f"p{new.pk}"]
    assert mx.p1.title not in second.body

    # and a week after that, nothing new: no message
    counts = alerts.job_alerts_send(now=monday + dt.timedelta(days=14))
    assert counts == {"due": 1, "sent": 0, "nothing_new": 1}
    assert Message.objects.filter(kind="job_alert").count() == 2


def test_no_digest_without_a_subscription_or_after_the_opt_out_link(world, mx, client):
    assert alerts.job_alerts_send()["due"] == 0
    pref = _subscribe(world)
    assert client.post(f"/messages/stop/{pref.stop_code}/").status_code == 200
    assert alerts.job_alerts_send()["due"] == 0
    assert not Message.objects.filter(kind="job_alert").exists()


def test_the_digest_is_scheduled(settings):
    names = {entry["name"]: entry for entry in settings.PERIODIC_TASKS}
    assert names["job_alerts"]["task"] == "careerhub.matching.alerts.job_alerts_task"


# --- targeted messages ----------------------------------------------------------------------


def test_the_preview_is_exactly_who_receives_it(world, mx):
    office = world.actor("office")
    # trainee A2 has a login too, but stopped announcements; B1 is in another course
    a2_user = f.UserFactory()
    mx.t2.user = a2_user
    mx.t2.save()
    ContactPreference.objects.create(user=a2_user, announcements_stopped_at=timezone.now())
    audience = outreach.Audience(course_id=mx.course.pk, role_id=mx.backend.pk)
    preview = outreach.audience_for(actor=office, audience=audience, today=timezone.localdate())
    assert [t.pk for t in preview.recipients] == [mx.t1.pk]
    assert [t.pk for t in preview.left_out["opted_out"]] == [mx.t2.pk]

    batch = outreach.announcement_send(
        actor=office,
        audience=audience,
        topic="match_day",
        subject="12월 매칭데이 안내",
        body="12월 18일 매칭데이에 참여하세요.",
        expected_digest=preview.digest,
    )
    sent = Message.objects.filter(batch=batch, channel="email")
    assert sorted(sent.values_list("recipient_id", flat=True)) == [world.users["trainee_a1"].pk]
    assert batch.kind == "announcement" and batch.counts()["total"] == 1
    assert "/messages/stop/" in sent.get().body


def test_a_changed_group_is_not_sent_blind(world, mx):
    office = world.actor("office")
    audience = outreach.Audience(course_id=mx.course.pk)
    preview = outreach.audience_for(actor=office, audience=audience, today=timezone.localdate())
    mx.t1.user = None  # the group changes after the preview: A1 loses their login
    mx.t1.save()
    with pytest.raises(ValidationError) as err:
        outreach.announcement_send(
            actor=office,
            audience=audience,
            topic="event",
            subject="채용설명회",
            body="본문",
            expected_digest=preview.digest,
        )
    assert err.value.code == "audience_changed"
    assert not MessageBatch.objects.exists()


def test_operator_staff_reach_only_their_own_trainees_and_others_nobody(world, mx):
    everyone = outreach.Audience()
    today = timezone.localdate()
    staff_b = outreach.audience_for(actor=world.actor("staff_b"), audience=everyone, today=today)
    all_ids = {t.pk for t in staff_b.recipients} | {
        t.pk for rows in staff_b.left_out.values() for t in rows
    }
    assert mx.t1.pk not in all_ids and world.trainee_b1.pk in all_ids
    for key in ("consultant_a", "recruiter_x", "trainee_a1", "committee"):
        with pytest.raises(outreach.PermissionDenied):
            outreach.audience_for(actor=world.actor(key), audience=everyone, today=today)


def test_unplaced_and_available_filters(world, mx):
    office = world.actor("office")
    today = timezone.localdate()
    Outcome.objects.create(trainee=mx.t2, outcome_type=OutcomeType.EMPLOYED, start_date=today)
    unplaced = outreach.audience_for(
        actor=office, audience=outreach.Audience(course_id=mx.course.pk, unplaced=True), today=today
    )
    names = {t.pk for t in unplaced.recipients} | {
        t.pk for rows in unplaced.left_out.values() for t in rows
    }
    assert mx.t2.pk not in names and mx.t1.pk in names
    soon = outreach.audience_for(
        actor=office,
        audience=outreach.Audience(course_id=mx.course.pk, available_by=today),
        today=today,
    )
    assert mx.t1.pk not in {t.pk for t in soon.recipients}, "available only next month"


def test_the_page_previews_then_sends_one_batch(world, mx, client):
    client.force_login(world.users["office"])
    url = f"/matching/announce/?course={mx.course.pk}&role={mx.backend.pk}"
    response = client.get(url)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [t.pk for t in preview.recipients] == [mx.t1.pk]
    response = client.post(
        "/matching/announce/",
        {
            "course": mx.course.pk,
            "role": mx.backend.pk,
            "digest": preview.digest,
            "topic": "opening",
            "subject": "백엔드 채용 안내",
            "body": "새 채용공고를 확인하세요.",
        },
    )
    batch = MessageBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/batches/{batch.pk}/"


def test_a_trainee_finds_the_subscription_from_their_recommendations(world, mx, client):
    client.force_login(world.users["trainee_a1"])
    response = client.get(f"/matching/trainees/{mx.t1.pk}/")
    assert response.status_code == 200
    assert b'data-testid="job-alerts-link"' in response.content
    assert b'href="/messages/settings/"' in response.content
    client.force_login(world.users["office"])
    response = client.get(f"/matching/trainees/{mx.t1.pk}/")
    assert b'data-testid="job-alerts-link"' not in response.content
