import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careerhub.conftest import ROLE_KEYS, every_role, refused
from careerhub.core.models import AccessRecord

pytestmark = pytest.mark.django_db


def _urls(world):
    return {
        "office": reverse("reports:office"),
        "office_xlsx": reverse("reports:office_xlsx"),
        "operator_a": reverse("reports:operator", args=[world.op_a.pk]),
        "operator_a_xlsx": reverse("reports:operator_xlsx", args=[world.op_a.pk]),
        "committee": reverse("reports:committee"),
        "committee_xlsx": reverse("reports:committee_xlsx"),
        "people": reverse("reports:people") + "?bucket=completers",
        "people_download": reverse("reports:people_download") + "?bucket=completers",
    }


ALLOWED = every_role(
    {
        "office": {
            "office",
            "office_xlsx",
            "operator_a",
            "operator_a_xlsx",
            "committee",
            "committee_xlsx",
            "people",
            "people_download",
        },
        "staff_a": {"operator_a", "operator_a_xlsx", "people", "people_download"},
        "staff_b": {"people", "people_download"},  # another operator's dashboard: 404
        "consultant_a": set(),
        "recruiter_x": set(),
        "trainee_a1": set(),
        "recruiter_y": set(),
        "trainee_b1": set(),
        "committee": {"committee", "committee_xlsx"},
        "nobody": set(),
        "anonymous": set(),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_policy_matrix(as_role, world, ledger, rule_sets, who):
    client = as_role(who)
    for name, url in _urls(world).items():
        response = client.get(url)
        expected = 200 if name in ALLOWED[who] else refused(who)
        assert response.status_code == expected, (who, name)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("reports:office"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_index_sends_each_role_to_its_dashboard(login, world):
    assert login(world.users["office"]).get(reverse("reports:index"))["Location"] == reverse(
        "reports:office"
    )
    assert login(world.users["staff_b"]).get(reverse("reports:index"))["Location"] == reverse(
        "reports:operator", args=[world.op_b.pk]
    )
    assert login(world.users["committee"]).get(reverse("reports:index"))["Location"] == reverse(
        "reports:committee"
    )
    assert login(world.users["recruiter_x"]).get(reverse("reports:index")).status_code == 404


def test_committee_sees_no_personal_data(login, world, ledger, rule_sets):
    html = login(world.users["committee"]).get(reverse("reports:committee")).content.decode()
    assert "1기" in html and "사업 목표 취·창업률" in html
    for trainee in [*ledger.t.values(), world.trainee_a1, world.trainee_b1]:
        assert f">{trainee.name}<" not in html
    assert reverse("reports:people") not in html
    assert "outcomes/trainees" not in html


def test_office_page_links_each_number_to_its_people(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    html = client.get(reverse("reports:office") + f"?cohort={ledger.cohort.pk}").content.decode()
    assert "60.0%" in html  # program target for cohort 1, see conftest
    assert (
        f"/reports/people/?cohort={ledger.cohort.pk}&amp;rule=program-target&amp;bucket=success"
        in html
    )
    people = client.get(
        reverse("reports:people") + f"?cohort={ledger.cohort.pk}&rule=program-target&bucket=success"
    )
    names = {"가", "나", "마"}
    body = people.content.decode()
    assert all(f">{n}<" in body for n in names) and ">라<" not in body
    record = AccessRecord.objects.get(page="reports:people")
    assert record.action == AccessRecord.Action.LIST and record.actor == world.users["office"]
    assert sorted(record.subjects["trainees"]) == sorted(ledger.t[n].pk for n in names)


def test_operator_sees_only_its_own_people_even_when_asking_for_another(
    login, world, ledger, rule_sets
):
    client = login(world.users["staff_a"])
    url = reverse("reports:people") + f"?operator={world.op_b.pk}&bucket=completers"
    body = client.get(url).content.decode()
    assert ">마<" not in body  # operator B's completer
    body = client.get(reverse("reports:people") + "?bucket=completers").content.decode()
    assert ">가<" in body and ">마<" not in body
    html = client.get(reverse("reports:operator", args=[world.op_a.pk])).content.decode()
    assert str(world.op_b) not in html.split("<main")[1].split("Demand")[0]


def test_filters_stay_in_the_url_and_bad_ones_are_explained(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    html = client.get(
        reverse("reports:office") + "?from=2026-05&to=2026-01&rule=kr-training"
    ).content.decode()
    assert "기간의 끝이 시작보다 앞설 수 없습니다." in html or "The period cannot end" in html
    assert 'role="alert"' in html
    xlsx = reverse("reports:office_xlsx") + "?from=2026-05&amp;rule=kr-training"
    assert xlsx in html


def test_download_needs_a_reason_and_is_logged(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    url = reverse("reports:people_download") + f"?cohort={ledger.cohort.pk}&bucket=completers"
    form = client.get(url)
    assert form.status_code == 200 and "개인정보" in form.content.decode()
    assert not AccessRecord.objects.filter(action=AccessRecord.Action.EXPORT).exists()
    refused = client.post(url, {"purpose": "report", "detail": " "})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    assert not AccessRecord.objects.filter(action=AccessRecord.Action.EXPORT).exists()
    response = client.post(url, {"purpose": "report", "detail": "시청 월간 보고 첨부"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    record = AccessRecord.objects.get(action=AccessRecord.Action.EXPORT)
    assert record.actor == world.users["office"] and record.page == "reports:people_download"
    assert record.detail["filters"]["cohort"] == str(ledger.cohort.pk)
    assert record.detail["reason"] == "시청 월간 보고 첨부" and record.detail["purpose"] == "report"
    assert record.subject_count == 5
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "시청 월간 보고 첨부" in sheet["A2"].value  # the stated reason travels with the file
    assert sheet["A4"].value == "이름" and sheet["F4"].value == "수료일"
    names = {sheet.cell(row=r, column=1).value for r in range(5, 10)}
    assert names == {"가", "나", "다", "라", "마"}
    completed = sheet.cell(row=5, column=6)
    assert completed.value.date() == ledger.t["가"].completed_on
    assert completed.number_format == "yyyy. m. d."


def test_excel_holds_the_figures_with_korean_formats(login, world, ledger, rule_sets, settings):
    settings.REPORTS_TODAY = None
    client = login(world.users["office"])
    response = client.get(reverse("reports:office_xlsx") + f"?cohort={ledger.cohort.pk}")
    assert response.status_code == 200
    assert 'filename="program-dashboard-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = (
        book["시행 규칙별 취업률"]
        if "시행 규칙별 취업률" in book.sheetnames
        else book.worksheets[0]
    )
    headers = [c.value for c in sheet[4]]
    assert headers[:3] == ["구분", "이름", "수료자"]
    col = headers.index("사업 목표 취·창업률: 취업률") + 1
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=2).value == "1기")
    rate = sheet.cell(row=row, column=col)
    assert rate.value == pytest.approx(0.6) and rate.number_format == "0.0%"
    completers = sheet.cell(row=row, column=3)
    assert completers.value == 5 and completers.number_format == "#,##0"
    assert sheet.cell(row=row, column=col + 1).value == 3  # employed
    assert sheet.cell(row=row, column=col + 4).value == 1  # hires still needed


def test_monthly_pdf_in_korean(login, world, ledger, rule_sets):
    from pypdf import PdfReader

    client = login(world.users["office"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk]) + "?month=2026-06"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1기 월간 취업 보고서" in text
    assert "사업 목표 취·창업률" in text
    assert "60.0%" in text
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
    }
    assert any("Nanum" in f or "Noto" in f for f in fonts)  # the Hangul font is embedded


def test_operator_pdf_is_its_own_share_and_not_another_operators(login, world, ledger, rule_sets):
    client = login(world.users["staff_b"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    assert client.get(url + f"?operator={world.op_a.pk}").status_code == 404
    assert client.get(url + "?month=2099-01").status_code == 404
    assert client.get(url).status_code == 200
    assert login(world.users["committee"]).get(url).status_code == 404


def test_a_page_shows_an_outcome_confirmed_a_moment_ago(login, world, ledger, rule_sets):
    """The view refreshes the standings before it reads: no stale figure after a change."""
    from django.utils import timezone

    from careerhub.outcomes.models import Outcome

    client = login(world.users["office"])
    url = reverse("reports:office") + f"?cohort={ledger.cohort.pk}"
    before = client.get(url).content.decode()
    assert "60.0%" in before and "80.0%" not in before  # 3 of 5, see conftest
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    html = client.get(url).content.decode()
    assert "80.0%" in html  # 다 now counts: 4 of 5
    people = client.get(
        reverse("reports:people") + f"?cohort={ledger.cohort.pk}&rule=program-target&bucket=success"
    ).content.decode()
    assert ">다<" in people
