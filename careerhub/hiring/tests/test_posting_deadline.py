"""A posting's deadline is never written in the past (issue 14 item 9); an old posting whose
deadline has passed can still have its text corrected."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careerhub.hiring import services
from careerhub.hiring.models import JobPosting

pytestmark = pytest.mark.django_db


def _save(world, **over):
    data = {"title": "데이터 분석가", "deadline": timezone.localdate() + dt.timedelta(days=30)}
    return services.posting_save(
        actor=world.actor("recruiter_x"), company=world.company_x, data=data | over, skills=[]
    )


def test_a_new_draft_with_a_deadline_years_ago_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _save(world, deadline=dt.date(2019, 1, 31))
    assert exc.value.error_dict["deadline"][0].code == "deadline_past"
    assert not JobPosting.objects.exists()


def test_moving_a_deadline_into_the_past_is_refused(world):
    posting = _save(world)
    with pytest.raises(ValidationError):
        services.posting_save(
            actor=world.actor("recruiter_x"),
            company=world.company_x,
            data={"deadline": timezone.localdate() - dt.timedelta(days=1)},
            skills=[],
            posting=posting,
        )
    posting.refresh_from_db()
    assert posting.deadline > timezone.localdate()


def test_an_expired_posting_keeps_its_deadline_when_its_text_is_corrected(world):
    posting = _save(world)
    past = timezone.localdate() - dt.timedelta(days=10)
    JobPosting.objects.filter(pk=posting.pk).update(deadline=past)
    posting.refresh_from_db()
    saved = services.posting_save(
        actor=world.actor("recruiter_x"),
        company=world.company_x,
        data={"title": "데이터 분석가 (수정)"},
        skills=[],
        posting=posting,
    )
    assert saved.title == "데이터 분석가 (수정)" and saved.deadline == past
