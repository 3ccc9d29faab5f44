"""Home sections: the recruiter's open survey, the office's attraction progress, the committee's
demand summary."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from careerhub.companies.models import AttractionTarget
from careerhub.hiring import services


def test_recruiter_home_shows_the_open_survey_with_its_deadline(login, world, open_round):
    body = login(world.users["recruiter_x"]).get(reverse("home:index")).content.decode()
    assert "채용 수요 조사 마감" in body and "미착수" in body
    assert reverse("hiring:response_detail", args=[open_round.pk, world.company_x.pk]) in body


def test_office_home_shows_progress_against_the_targets(login, world):
    AttractionTarget.objects.create(
        year=timezone.localdate().year, new_mous=60, cumulative_mous=310
    )
    body = login(world.users["office"]).get(reverse("home:index")).content.decode()
    assert "올해 신규 MOU" in body and "0 / 60" in body and "0 / 310" in body


def test_committee_home_shows_demand_totals_without_company_names(login, world, open_round, roles):
    response = services.demand_response_get_or_create(
        actor=world.actor("recruiter_x"), survey_round=open_round, company=world.company_x
    )
    services.demand_line_save(
        actor=world.actor("recruiter_x"),
        response=response,
        data={
            "role": roles["data"],
            "headcount": 4,
            "earliest_month": dt.date(2027, 3, 1),
            "latest_month": dt.date(2027, 3, 1),
        },
        skills=[],
    )
    services.demand_submit(actor=world.actor("recruiter_x"), response=response)
    home = login(world.users["committee"]).get(reverse("home:index"))
    figures = [f for s in home.context["sections"] for f in s.figures]
    assert any(f.label.endswith("수요 인원") and f.value == 4 for f in figures)
    section = next(s for s in home.context["sections"] if s.title == "채용 수요와 위원회")
    assert all("기업X" not in f.label for f in section.figures)
