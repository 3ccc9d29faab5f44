"""Rate limits on the public form and the link resend, and the duplicate answered as a success
(issue 12 item 7): nobody learns from the answers who applied."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from careerhub.core import ratelimit
from careerhub.intake.models import Application
from careerhub.intake.tests.conftest import DURING, at, person
from careerhub.intake.tests.test_web import form_data


def applicant(world, n: int, **overrides) -> dict:
    data = person(n)
    mine = {k: data[k] for k in ("name", "email", "phone")}
    mine["birth_date"] = data["birth_date"].isoformat()
    return form_data(world, **(mine | overrides))


CSRF = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')


def post_apply(client, cohort, data, ip="203.0.113.5"):
    with at(DURING):
        return client.post(
            reverse("intake_public:apply", args=[cohort.number]), data, REMOTE_ADDR=ip
        )


def limit_message() -> str:
    with translation.override("ko"):
        return str(ratelimit.MESSAGE)


def test_sixth_application_from_one_address_is_refused_and_nothing_is_stored(client, world, cohort):
    for n in range(1, 6):
        assert post_apply(client, cohort, applicant(world, n)).status_code == 302
    assert Application.objects.count() == 5 and len(mail.outbox) == 5

    response = post_apply(client, cohort, applicant(world, 6))

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="ko">' in page and limit_message() in page
    assert response.context["form"]["name"].value() == "지원자6"  # the input is kept
    assert Application.objects.count() == 5 and len(mail.outbox) == 5
    # another client address is not affected
    assert post_apply(client, cohort, applicant(world, 6), ip="198.51.100.7").status_code == 302


def test_invalid_forms_do_not_use_up_the_limit(client, world, cohort):
    for _ in range(6):
        response = post_apply(client, cohort, applicant(world, 1, consent_collection=""))
        assert response.status_code == 200
    assert post_apply(client, cohort, applicant(world, 1)).status_code == 302


def test_one_email_address_is_limited_across_client_addresses(client, world, cohort):
    """The first creates, the next two are duplicates (the owner is told each time), the
    fourth in the hour sends nothing more to that address."""
    for i in range(3):
        assert post_apply(client, cohort, applicant(world, 1), ip=f"192.0.2.{i}").status_code == 302
    assert len(mail.outbox) == 3
    response = post_apply(client, cohort, applicant(world, 1), ip="192.0.2.99")
    assert response.status_code == 429
    assert Application.objects.count() == 1 and len(mail.outbox) == 3


@pytest.mark.parametrize(
    "duplicate",
    [
        {"email": "applicant1@example.kr", "name": "다른사람", "phone": "010-9999-0000"},
        {"email": "someone-else@example.kr"},  # same name, birth date and mobile number
    ],
    ids=["same-email", "same-person-other-email"],
)
def test_duplicate_gets_exactly_the_answer_of_a_new_application(world, cohort, duplicate):
    post_apply(Client(), cohort, applicant(world, 1), ip="192.0.2.1")
    mail.outbox.clear()

    def answer(data, ip):
        client = Client()  # a visitor of their own, as the prober would be
        response = post_apply(client, cohort, data, ip=ip)
        page = client.get(response["Location"])
        return (
            response.status_code,
            response["Location"],
            [t.name for t in page.templates],
            [str(m) for m in page.context["messages"]],
            CSRF.sub("csrf", page.content.decode()),  # random per visitor, whatever happened
        )

    fresh = answer(applicant(world, 2), "192.0.2.2")
    mail.outbox.clear()
    again = answer(applicant(world, 1, **duplicate), "192.0.2.3")

    assert again == fresh
    assert Application.objects.count() == 2
    owner = Application.objects.get(email="applicant1@example.kr")
    # only the owner's address learns of it, with their link; the new address gets nothing
    assert [m.to for m in mail.outbox] == [["applicant1@example.kr"]]
    assert owner.receipt_number in mail.outbox[0].body
    assert "/apply/a/" in mail.outbox[0].body


def post_link(client, cohort, email, ip):
    return client.post(
        reverse("intake_public:link_request", args=[cohort.number]),
        {"email": email},
        REMOTE_ADDR=ip,
    )


def test_link_resend_is_limited_per_email_address(client, world, cohort):
    post_apply(client, cohort, applicant(world, 1))
    mail.outbox.clear()
    for i in range(3):
        assert post_link(client, cohort, "Applicant1@example.kr", f"192.0.2.{i}").status_code == 302
    assert len(mail.outbox) == 3
    response = post_link(client, cohort, "applicant1@example.kr", "192.0.2.50")
    assert response.status_code == 429
    assert limit_message() in response.content.decode()
    assert len(mail.outbox) == 3


def test_link_resend_is_limited_per_client_address(client, world, cohort):
    for n in range(10):
        assert post_link(client, cohort, f"nobody{n}@example.kr", "192.0.2.9").status_code == 302
    assert post_link(client, cohort, "nobody99@example.kr", "192.0.2.9").status_code == 429
    assert post_link(client, cohort, "nobody99@example.kr", "192.0.2.10").status_code == 302


def test_link_resend_answers_the_same_whether_or_not_someone_applied(world, cohort):
    post_apply(Client(), cohort, applicant(world, 1))
    mail.outbox.clear()

    def answer(email, ip):
        client = Client()
        response = post_link(client, cohort, email, ip)
        page = client.get(response["Location"])
        return response.status_code, response["Location"], CSRF.sub("", page.content.decode())

    assert answer("applicant1@example.kr", "192.0.2.1") == answer("nobody@example.kr", "192.0.2.2")
    assert [m.to for m in mail.outbox] == [["applicant1@example.kr"]]
