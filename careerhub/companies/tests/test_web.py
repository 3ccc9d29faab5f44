import pytest
from django.urls import reverse

from careerhub.companies.models import Company
from careerhub.conftest import ROLE_KEYS, every_role, refused, roles_except
from careerhub.core.models import Event

DETAIL = every_role(
    {
        "anonymous": (302, 302),
        "office": (200, 200),
        "staff_a": (200, 200),
        "staff_b": (200, 200),
        "consultant_a": (200, 200),
        "committee": (200, 200),
        "recruiter_x": (200, 404),
        "recruiter_y": (404, 200),
        "trainee_a1": (404, 404),
        "trainee_b1": (404, 404),
        "nobody": (404, 404),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_company_detail_matrix(as_role, world, who):
    client = as_role(who)
    got = tuple(
        client.get(reverse("companies:company_detail", args=[c.pk])).status_code
        for c in (world.company_x, world.company_y)
    )
    assert got == DETAIL[who]


def test_company_list_for_recruiter_goes_to_own_company(login, world):
    response = login(world.users["recruiter_x"]).get(reverse("companies:company_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:company_detail", args=[world.company_x.pk])


def test_company_list_shows_formatted_business_number(login, world):
    body = login(world.users["office"]).get(reverse("companies:company_list")).content.decode()
    number = world.company_x.business_number
    assert f"{number[:3]}-{number[3:5]}-{number[5:]}" in body


def test_company_search_by_business_number_digits(login, world):
    number = world.company_y.business_number
    response = login(world.users["office"]).get(
        reverse("companies:company_list"), {"q": f"{number[:3]}-{number[3:5]}"}
    )
    names = [c.name for c in response.context["page"]]
    assert "기업Y" in names


VALID = {
    "name": "새기업",
    "business_number": "124-81-00998",
    "size": "startup",
    "sector": "AI",
    "hq_region": "gwangju",
    "website": "",
    "description": "",
}


def test_office_registers_company_with_hyphenated_number(login, world):
    response = login(world.users["office"]).post(reverse("companies:company_create"), VALID)
    assert response.status_code == 302
    company = Company.objects.get(name="새기업")
    assert company.business_number == "1248100998"
    assert Event.objects.filter(verb="company.created", target_id=str(company.pk)).exists()


@pytest.mark.parametrize("number", ["123-45-67890", "124-81-0099", "abc"])
def test_invalid_business_number_is_refused_in_korean(login, world, number):
    before = Company.objects.count()
    response = login(world.users["office"]).post(
        reverse("companies:company_create"), VALID | {"business_number": number}
    )
    assert response.status_code == 200
    assert "올바른 사업자등록번호를 입력하세요" in response.content.decode()
    assert Company.objects.count() == before


def test_duplicate_business_number_is_refused(login, world):
    before = Company.objects.count()
    response = login(world.users["office"]).post(
        reverse("companies:company_create"),
        VALID | {"business_number": world.company_x.business_number},
    )
    assert "이미 등록된 사업자등록번호" in response.content.decode()
    assert Company.objects.count() == before


@pytest.mark.parametrize("who", roles_except("office"))
def test_only_office_registers_companies(as_role, world, who):
    before = Company.objects.count()
    client = as_role(who)
    assert client.get(reverse("companies:company_create")).status_code == refused(who)
    assert client.post(reverse("companies:company_create"), VALID).status_code == refused(who)
    assert Company.objects.count() == before


EDIT = every_role(
    {
        "anonymous": (302, 302),  # to the login page, nothing written
        "office": (302, 302),
        "recruiter_x": (302, 404),
        "recruiter_y": (404, 302),
        "staff_a": (404, 404),
        "staff_b": (404, 404),
        "consultant_a": (404, 404),
        "committee": (404, 404),
        "trainee_a1": (404, 404),
        "trainee_b1": (404, 404),
        "nobody": (404, 404),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_company_edit_matrix_and_idor(as_role, world, who):
    client = as_role(who)
    results = []
    for company in (world.company_x, world.company_y):
        data = VALID | {"name": f"{company.name}-수정", "business_number": company.business_number}
        results.append(
            client.post(reverse("companies:company_edit", args=[company.pk]), data).status_code
        )
    assert tuple(results) == EDIT[who]
    for company, code in zip((world.company_x, world.company_y), EDIT[who], strict=True):
        company.refresh_from_db()
        assert company.name.endswith("-수정") is (code == 302 and who != "anonymous")
