"""Posting import and ``companies.services.company_create``: a company the file names that is
not registered yet is created through the companies app's service, never built here."""

from django.core.exceptions import ValidationError

from careerhub.companies import services as company_services
from careerhub.companies.models import Company
from careerhub.core.models import Event
from careerhub.hiring.models import JobPosting, PostingImport
from careerhub.hiring.tests import test_import as base

SAMPLE, run = base.SAMPLE, base.run
taxonomy = base.taxonomy  # the module's fixture: the curated taxonomy and an engine reader


def test_new_companies_are_registered_through_company_create(world, taxonomy, monkeypatch):
    calls = []
    real = company_services.company_create

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr("careerhub.hiring.imports.company_create", spy)
    report = run(world, SAMPLE.read_bytes(), taxonomy, who="staff_a")
    assert report.ok and report.companies_created == 6 == len(calls)
    assert {c["via"] for c in calls} == {"posting_import"}
    assert all(c["actor"] == world.actor("staff_a") for c in calls)
    events = Event.objects.filter(verb="company.created")
    assert events.count() == 6 and {e.data["via"] for e in events} == {"posting_import"}
    assert {e.actor for e in events} == {world.users["staff_a"]}


def test_a_company_refused_by_company_create_is_its_rows_error_and_nothing_is_written(
    world, taxonomy, monkeypatch
):

    def refuse(**kwargs):
        raise ValidationError({"name": ["이 기업명은 쓸 수 없습니다."]})

    monkeypatch.setattr("careerhub.hiring.imports.company_create", refuse)
    companies_before = Company.objects.count()
    report = run(world, SAMPLE.read_bytes(), taxonomy)
    assert not report.ok and report.batch is None and report.created == 0
    assert str(report.errors[0]) == "2행 기업명: 이 기업명은 쓸 수 없습니다."
    assert len(report.errors) == 6  # one per new company, on the row that first names it
    assert Company.objects.count() == companies_before
    assert not JobPosting.objects.exists() and not PostingImport.objects.exists()
    assert not Event.objects.filter(verb__in=["company.created", "postings.imported"]).exists()
