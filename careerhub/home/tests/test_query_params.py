"""Malformed or absurd query parameters never answer 500 (issue 12 item 9).

Every list or filter page of every app — each URL pattern that needs no argument, plus the
pages of one course, cohort, operator and trainee — is asked, as the program office and as
operator staff, with every filter parameter any view reads set to something a database
column cannot hold, a number in scientific notation, a date that does not exist or a NUL
byte. A page may ignore the value, answer 400 or 404, or redirect; never 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

HUGE = "99999999999999999999"
HOSTILE = {
    "course": HUGE,
    "cohort": "-1",
    "operator": HUGE,
    "partner_of": "abc",
    "company": HUGE,
    "trainee": HUGE,
    "posting": HUGE,
    "stage": HUGE,
    "rule": HUGE,
    "role": HUGE,
    "round": HUGE,
    "days": "1e999",
    "page": "99999999999",
    "year": "99999999999",
    "month": "2026-13",
    "as_of": "2026-13-45",
    "from": "2026-02-30",
    "to": "9999-99-99",
    "date": "x",
    "status": "\x00",
    "outcome": "\x00",
    "bucket": "\x00",
    "show": "\x00",
    "office": "\x00",
    "region": "\x00",
    "kind": "\x00",
    "q": "\x00",
}
OTHER = dict.fromkeys(HOSTILE, "abc") | {"page": "-1", "year": "-5", "days": HUGE}
SKIP = {"set_language", "accounts:logout", "accounts:password_reset_confirm"}


def _list_pages() -> list[str]:
    names = []

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = ":".join(x for x in (namespace, pattern.namespace) if x) or None
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if not pattern.pattern.converters and name not in SKIP:
                    names.append(name)

    walk(get_resolver(), None)
    return names


def _pages(world) -> list[str]:
    course, cohort = world.course_a, world.course_a.cohort
    return [reverse(name) for name in _list_pages()] + [
        reverse("academy:course_detail", args=[course.pk]),
        reverse("academy:trainee_detail", args=[world.trainee_a1.pk]),
        reverse("intake:cohort", args=[cohort.pk]),
        reverse("intake:course", args=[course.pk]),
        reverse("intake:course_stages", args=[course.pk]),
        reverse("reports:operator", args=[world.op_a.pk]),
        reverse("reports:cohort_pdf", args=[cohort.pk]),
        reverse("outcomes:trainee_ledger", args=[world.trainee_a1.pk]),
        reverse("consulting:trainee_history", args=[world.trainee_a1.pk]),
        reverse("matching:trainee", args=[world.trainee_a1.pk]),
        reverse("companies:company_detail", args=[world.company_x.pk]),
    ]


@pytest.mark.parametrize("params", [HOSTILE, OTHER], ids=["hostile", "malformed"])
@pytest.mark.parametrize("who", ["office", "staff_a"])
def test_no_page_answers_500_to_malformed_parameters(client, world, who, params):
    client.force_login(world.users[who])
    client.raise_request_exception = False
    query = urlencode(params)
    failures = []
    for url in _pages(world):
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, "\n".join(failures)
