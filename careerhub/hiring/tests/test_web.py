"""The hiring pages' role × action matrix, with IDOR cases asserting 404 and nothing written."""

import datetime as dt

import pytest
from django.urls import reverse

from careerhub.academy.models import OperatorPartnership
from careerhub.conftest import ANONYMOUS_KEY, ROLE_KEYS, every_role, refused, roles_except
from careerhub.core.tests.factories import CompanyFactory
from careerhub.hiring import services
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    DemandRevision,
    JobPosting,
    SurveyRound,
)


def line_post(roles, **over):
    data = {
        "role": roles["data"].pk,
        "headcount": "2",
        "earliest_month": "2027-03",
        "latest_month": "2027-05",
        "employment_type": "regular",
        "region": "gwangju",
        "salary_min": "3200",
        "salary_max": "3800",
        "preferential_screening": "on",
        "note": "",
        "skills-TOTAL_FORMS": "2",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "30",
        "skills-0-name": "파이썬",
        "skills-0-required": "1",
        "skills-0-level": "3",
        "skills-1-name": "",
        "skills-1-required": "1",
        "skills-1-level": "3",
    }
    return data | over


@pytest.fixture
def x_answer(world, open_round, roles, skills):
    response = services.demand_response_get_or_create(
        actor=world.actor("recruiter_x"), survey_round=open_round, company=world.company_x
    )
    line = services.demand_line_save(
        actor=world.actor("recruiter_x"),
        response=response,
        data={
            "role": roles["data"],
            "headcount": 2,
            "earliest_month": dt.date(2027, 3, 1),
            "latest_month": dt.date(2027, 4, 1),
        },
        skills=[],
    )
    return response, line


def answer_url(name, survey_round, company, *extra):
    return reverse(f"hiring:{name}", args=[survey_round.pk, company.pk, *extra])


# --- the demand of company X --------------------------------------------------------------------

SEES_X_DEMAND = {"office", "recruiter_x"}


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_company_x_demand_is_seen_only_by_its_recruiter_and_the_office(
    as_role, world, open_round, x_answer, who
):
    client = as_role(who)
    response = client.get(answer_url("response_detail", open_round, world.company_x))
    assert response.status_code == (200 if who in SEES_X_DEMAND else refused(who))
    if who in SEES_X_DEMAND:
        assert "데이터 분석가" in response.content.decode()


@pytest.mark.parametrize("who", roles_except(*SEES_X_DEMAND))
def test_nobody_else_writes_company_x_demand(as_role, world, open_round, roles, x_answer, who):
    response, line = x_answer
    client = as_role(who)
    no = refused(who)
    before = (DemandLine.objects.count(), DemandRevision.objects.count())
    x = world.company_x
    assert client.post(answer_url("line_create", open_round, x), line_post(roles)).status_code == no
    edit = answer_url("line_edit", open_round, x, line.pk)
    assert client.post(edit, line_post(roles, headcount="9")).status_code == no
    delete = answer_url("line_delete", open_round, x, line.pk)
    assert client.post(delete).status_code == no
    assert client.post(answer_url("response_submit", open_round, x)).status_code == no
    assert (DemandLine.objects.count(), DemandRevision.objects.count()) == before
    line.refresh_from_db()
    response.refresh_from_db()
    assert line.headcount == 2 and response.status == DemandResponse.Status.DRAFT


def test_recruiter_y_cannot_reach_x_line_through_own_company_url(
    login, world, open_round, roles, x_answer
):
    """Y's recruiter puts X's line id under Y's own answer URL: 404, nothing changes."""
    _, line = x_answer
    client = login(world.users["recruiter_y"])
    y = world.company_y
    edit = answer_url("line_edit", open_round, y, line.pk)
    assert client.get(edit).status_code == 404
    assert client.post(edit, line_post(roles, headcount="9")).status_code == 404
    assert client.post(answer_url("line_delete", open_round, y, line.pk)).status_code == 404
    line.refresh_from_db()
    assert line.headcount == 2
    assert not DemandResponse.objects.filter(company=y).exists()
    posting = reverse("hiring:posting_from_demand", args=[line.pk])
    assert client.post(posting).status_code == 404
    assert not JobPosting.objects.exists()


def test_recruiter_fills_and_submits_demand_through_the_pages(
    login, world, open_round, roles, skills
):
    client = login(world.users["recruiter_x"])
    x = world.company_x
    assert client.get(reverse("hiring:round_detail", args=[open_round.pk])).status_code == 302
    response = client.post(answer_url("line_create", open_round, x), line_post(roles))
    assert response.status_code == 302
    line = DemandLine.objects.get()
    assert line.earliest_month == dt.date(2027, 3, 1)
    assert list(line.skills.values_list("skill__code", "required", "level")) == [
        ("python", True, 3)
    ]
    assert client.post(answer_url("response_submit", open_round, x)).status_code == 302
    answer = DemandResponse.objects.get()
    assert answer.status == "submitted" and answer.submitted_by == world.users["recruiter_x"]
    body = client.get(answer_url("response_detail", open_round, x)).content.decode()
    assert "제출 완료" in body and "수정 이력" in body


def test_bad_line_is_explained_in_korean_and_not_saved(login, world, open_round, roles):
    client = login(world.users["recruiter_x"])
    url = answer_url("line_create", open_round, world.company_x)
    body = client.post(
        url,
        line_post(roles, latest_month="2027-01", salary_max="100", **{"skills-0-name": "없는기술"}),
    ).content.decode()
    assert "채용 종료 월이 채용 시작 월보다 앞섭니다" in body
    assert "연봉 상한이 하한보다 낮습니다" in body
    assert "없는기술" in body
    assert not DemandLine.objects.exists() and not DemandResponse.objects.exists()


def test_after_the_deadline_the_page_refuses_and_writes_nothing(
    login, world, closed_round, roles, skills
):
    client = login(world.users["recruiter_x"])
    url = answer_url("line_create", closed_round, world.company_x)
    body = client.post(url, line_post(roles)).content.decode()
    assert "마감되었습니다" in body
    assert not DemandLine.objects.exists() and not DemandRevision.objects.exists()


# --- the summary ---------------------------------------------------------------------------

SUMMARY = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,  # the summary names no company: every operator plans with it
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_summary_matrix_and_no_company_names(as_role, world, open_round, x_answer, who):
    services.demand_submit(actor=world.actor("recruiter_x"), response=x_answer[0])
    response = as_role(who).get(reverse("hiring:round_summary", args=[open_round.pk]))
    assert response.status_code == SUMMARY[who]
    if response.status_code == 200:
        body = response.content.decode()
        assert "데이터 분석가" in body and "기업X" not in body


def test_committee_is_sent_from_the_round_to_its_summary(login, world, open_round):
    response = login(world.users["committee"]).get(
        reverse("hiring:round_detail", args=[open_round.pk])
    )
    assert response["Location"] == reverse("hiring:round_summary", args=[open_round.pk])


ROUNDS = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 404,
        "recruiter_x": 200,
        "recruiter_y": 200,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_round_list_matrix(as_role, world, open_round, who):
    response = as_role(who).get(reverse("hiring:round_list"))
    assert response.status_code == ROUNDS[who]


@pytest.mark.parametrize("who", roles_except("office"))
def test_only_office_opens_rounds(as_role, world, who):
    data = {
        "title": "새 조사",
        "opens_at": "2026-11-01T09:00",
        "closes_at": "2026-12-15T18:00",
    }
    assert as_role(who).post(reverse("hiring:round_create"), data).status_code == refused(who)
    assert not SurveyRound.objects.exists()


def test_office_opens_a_round_with_a_kst_deadline(login, world):
    data = {"title": "새 조사", "opens_at": "2026-11-01T09:00", "closes_at": "2026-12-15T18:00"}
    assert (
        login(world.users["office"]).post(reverse("hiring:round_create"), data).status_code == 302
    )
    survey_round = SurveyRound.objects.get()
    assert survey_round.closes_at == dt.datetime(2026, 12, 15, 9, 0, tzinfo=dt.UTC)
    bad = data | {"title": "거꾸로", "closes_at": "2026-10-01T09:00"}
    body = login(world.users["office"]).post(reverse("hiring:round_create"), bad).content.decode()
    assert "마감 일시는 시작 일시보다 뒤여야 합니다" in body
    assert SurveyRound.objects.count() == 1


# --- postings ------------------------------------------------------------------------------


def posting_post(roles, **over):
    data = {
        "title": "데이터 분석가 채용",
        "description": "SQL 분석 업무",
        "role": roles["data"].pk,
        "employment_type": "regular",
        "region": "gwangju",
        "headcount": "1",
        "deadline": "2027-01-31",
        "skills-TOTAL_FORMS": "1",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "30",
        "skills-0-name": "SQL",
        "skills-0-required": "1",
        "skills-0-level": "3",
    }
    return data | over


@pytest.fixture
def x_draft(world, roles):
    return services.posting_save(
        actor=world.actor("recruiter_x"),
        company=world.company_x,
        data={"title": "X 초안", "deadline": dt.date(2027, 1, 31), "role": roles["data"]},
        skills=[],
    )


DRAFT_SEEN = {"office", "recruiter_x"}


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_drafts_are_seen_by_the_company_and_the_office_only(as_role, world, x_draft, who):
    client = as_role(who)
    status = client.get(reverse("hiring:posting_detail", args=[x_draft.pk])).status_code
    assert status == (200 if who in DRAFT_SEEN else refused(who))
    if who not in ("nobody", ANONYMOUS_KEY):  # they have no posting list at all
        listing = client.get(reverse("hiring:posting_list")).content.decode()
        assert ("X 초안" in listing) is (who in DRAFT_SEEN)


@pytest.mark.parametrize("who", roles_except(*DRAFT_SEEN))
def test_nobody_else_edits_or_publishes_x_draft(as_role, world, roles, x_draft, who):
    client = as_role(who)
    edit = reverse("hiring:posting_edit", args=[x_draft.pk])
    assert client.post(edit, posting_post(roles, title="바뀜")).status_code == refused(who)
    status = reverse("hiring:posting_status", args=[x_draft.pk])
    assert client.post(status, {"status": "open"}).status_code == refused(who)
    x_draft.refresh_from_db()
    assert x_draft.title == "X 초안" and x_draft.status == "draft"


def test_open_postings_are_public_to_signed_in_roles(login, world, x_draft):
    services.posting_status_change(
        actor=world.actor("recruiter_x"), posting=x_draft, to_status="open"
    )
    for who in ("recruiter_y", "staff_b", "trainee_a1", "trainee_b1", "committee", "consultant_a"):
        url = reverse("hiring:posting_detail", args=[x_draft.pk])
        assert login(world.users[who]).get(url).status_code == 200
    assert login(world.users["nobody"]).get(reverse("hiring:posting_list")).status_code == 404


def test_operator_staff_post_for_partner_companies_only(login, world, roles, skills):
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    other = CompanyFactory(name="협력기업Z")
    OperatorPartnership.objects.create(operator=world.op_a, company=other)
    client = login(world.users["staff_a"])
    ok = client.post(
        reverse("hiring:posting_create"), posting_post(roles, company=world.company_x.pk)
    )
    assert ok.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.company == world.company_x and posting.created_by == world.users["staff_a"]
    refused = client.post(
        reverse("hiring:posting_create"), posting_post(roles, company=world.company_y.pk)
    )
    assert refused.status_code == 200
    assert "올바르게 선택해 주세요" in refused.content.decode()
    assert JobPosting.objects.count() == 1
    staff_b = login(world.users["staff_b"])
    assert staff_b.get(reverse("hiring:posting_detail", args=[posting.pk])).status_code == 404


def test_posting_status_follows_the_table(login, world, x_draft):
    client = login(world.users["recruiter_x"])
    url = reverse("hiring:posting_status", args=[x_draft.pk])
    client.post(url, {"status": "filled"})
    x_draft.refresh_from_db()
    assert x_draft.status == "draft"
    for step in ("open", "closed", "open", "filled"):
        client.post(url, {"status": step})
        x_draft.refresh_from_db()
        assert x_draft.status == step
    client.post(url, {"status": "open"})
    x_draft.refresh_from_db()
    assert x_draft.status == "filled" and x_draft.published_at is not None


def test_recruiter_writes_a_posting_from_demand(login, world, open_round, x_answer):
    _, line = x_answer
    client = login(world.users["recruiter_x"])
    response = client.post(reverse("hiring:posting_from_demand", args=[line.pk]))
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.demand_line == line and posting.source == "demand"
    assert posting.role == line.role and posting.headcount == 2 and posting.status == "draft"


@pytest.mark.parametrize("who", roles_except("office", "staff_a", "staff_b"))
def test_import_and_review_pages_are_for_staff(as_role, world, who):
    client = as_role(who)
    assert client.get(reverse("hiring:import_list")).status_code == refused(who)
    assert client.get(reverse("hiring:review_queue")).status_code == refused(who)
