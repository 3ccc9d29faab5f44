"""The demo (issue 17, "Done when"): cohort 2's check-ins at 6 months sent and partly
answered, proposed outcomes waiting for verification, retention answers with early leavers;
a second build writes nothing."""

from __future__ import annotations

import datetime as dt

from careerhub.academy.models import Trainee
from careerhub.demo.builder import demo_build
from careerhub.followup.models import CheckIn
from careerhub.matching import adapter
from careerhub.outcomes.models import Outcome


def test_cohort_2_check_ins_are_sent_and_partly_answered(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    demo_build()
    graduates = CheckIn.objects.filter(
        kind=CheckIn.Kind.GRADUATE, trainee__course__cohort__number=2, months=6
    )
    assert graduates.count() >= 5
    answered = graduates.filter(answered_at__isnull=False)
    assert 0 < answered.count() < graduates.count()  # partly answered
    assert graduates.filter(answered_at__isnull=True, reminded_at__isnull=False).exists()
    waiting = answered.filter(proposed__status=Outcome.Status.PROPOSED)
    assert waiting.exists()  # proposed outcomes waiting for staff
    assert answered.filter(follow_up_due_on__isnull=False).exists()
    retention = CheckIn.objects.filter(kind=CheckIn.Kind.RETENTION)
    assert retention.filter(answer_status="continues").exists()
    leavers = retention.filter(answer_status="left")
    assert leavers.count() == 2
    for checkin in leavers:
        assert checkin.job.end_date and checkin.job.end_reason
    back = Trainee.objects.filter(pk__in=leavers.values("trainee_id"))
    assert adapter.matchable_trainees(back, today=dt.date(2026, 11, 25)).count() == 2

    before = CheckIn.objects.count(), Outcome.objects.count()
    demo_build()
    assert (CheckIn.objects.count(), Outcome.objects.count()) == before
