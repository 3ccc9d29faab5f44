"""The demo's companies side: pipeline consistent with the 97 offices, surveys, committees,
imported postings, and a second run that writes nothing."""

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from careerhub.committees.models import Committee, Decision, Meeting
from careerhub.companies.models import OFFICE_STAGES, AttractionTarget, Company, Stage
from careerhub.demo.builder import DemoSummary, demo_build
from careerhub.hiring.models import DemandResponse, JobPosting, PostingImport, SurveyRound

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_build()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_company_is_in_the_pipeline_and_the_office_follows_it(demo):
    companies = Company.objects.prefetch_related("stage_changes")
    assert companies.count() == 145
    assert not companies.filter(stage=None).exists()
    assert companies.filter(stage__in=OFFICE_STAGES).count() == 97
    stages = set(companies.values_list("stage", flat=True))
    assert stages == {"prospect", "talks", "mou", "office", "hiring"}
    for company in companies:
        changes = sorted(company.stage_changes.all(), key=lambda c: c.effective_at)
        assert changes[-1].to_stage == company.stage
        assert changes[-1].effective_at == company.stage_since
        assert [c.from_stage for c in changes[1:]] == [c.to_stage for c in changes[:-1]]
        assert all(c.effective_at < timezone.now() for c in changes)
        reached = {c.to_stage: c.effective_at for c in changes}
        if company.has_city_office:
            assert reached[Stage.MOU] < reached[Stage.OFFICE]
            assert reached[Stage.MOU] >= dt.datetime(2019, 10, 1, tzinfo=SEOUL)
            assert timezone.localtime(reached[Stage.OFFICE], SEOUL).date() == (
                company.city_office_opened_on
            )
        else:
            assert Stage.OFFICE not in reached


@pytest.mark.django_db
def test_targets_surveys_committees_and_postings(demo):
    assert AttractionTarget.objects.get(year=2026).new_mous == 60
    assert AttractionTarget.objects.get(year=2026).cumulative_mous == 310
    statuses = {r.title: r.status for r in SurveyRound.objects.all()}
    assert sorted(statuses.values()) == ["closed", "open"]
    closed = SurveyRound.objects.get(title__startswith="2026년 하반기")
    assert closed.responses.filter(status=DemandResponse.Status.SUBMITTED).count() >= 10
    for response in DemandResponse.objects.all():
        assert response.revisions.count() == response.lines.count() + (
            1 if response.status == "submitted" else 0
        )
    assert set(Committee.objects.values_list("kind", flat=True)) == {
        "employment_support",
        "operating",
    }
    assert Meeting.objects.filter(status="held").count() == 5
    assert Meeting.objects.filter(status="planned").count() == 2
    assert Decision.objects.exclude(status="open").exists()
    batch = PostingImport.objects.get()
    assert batch.created_count == 12 and batch.companies_created == 0
    assert JobPosting.objects.filter(import_batch=batch, status="open").count() >= 9


@pytest.mark.django_db
def test_second_run_writes_nothing(demo):
    again = demo_build()
    assert again.created_total == 0
