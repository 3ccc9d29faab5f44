"""Contact details on lists are masked; the pages that exist to contact people show them."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from careerhub.companies.models import Contact
from careerhub.core.masking import mask_email, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("01012345678", "010-****-5678"),
        ("010-1234-5678", "010-****-5678"),
        ("010-123-4567", "010-***-4567"),
        ("0212345678", "02-****-5678"),
        ("062-123-4567", "062-***-4567"),
        ("1588-1234", "1588-1***"),
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("hong@example.com", "ho***@example.com"),
        ("honggildong@example.com", "ho***@example.com"),  # the length is not given away
        ("ho@x.kr", "h***@x.kr"),
        ("h@x.kr", "h***@x.kr"),
        ("not-an-email", "no***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_email(value, masked):
    assert mask_email(value) == masked


def test_template_filters():
    html = Template("{% load korean %}{{ p|kphone_masked }} {{ e|email_masked }}").render(
        Context({"p": "01098765432", "e": "sky@example.kr"})
    )
    assert html == "010-****-5432 sk***@example.kr"


@pytest.mark.parametrize("who", ["office", "staff_a"])
def test_trainee_list_masks_contacts_for_every_role(login, world, who):
    body = login(world.users[who]).get(reverse("academy:trainee_list")).content.decode()
    trainee = world.trainee_a1
    assert trainee.name in body
    assert trainee.email not in body and "010-1234-5678" not in body
    assert "010-****-5678" in body and mask_email(trainee.email) in body


@pytest.mark.parametrize("who", ["office", "staff_a"])
def test_trainee_detail_shows_contacts_in_full_to_those_allowed(login, world, who):
    url = reverse("academy:trainee_detail", args=[world.trainee_a1.pk])
    body = login(world.users[who]).get(url).content.decode()
    assert world.trainee_a1.email in body and "010-1234-5678" in body


def test_company_contact_list_exists_to_contact_and_shows_them_in_full(login, world):
    Contact.objects.create(
        company=world.company_x, name="담당자", email="hr@company-x.kr", phone="01055556666"
    )
    url = reverse("companies:company_detail", args=[world.company_x.pk])
    body = login(world.users["office"]).get(url).content.decode()
    assert "hr@company-x.kr" in body and "010-5555-6666" in body
