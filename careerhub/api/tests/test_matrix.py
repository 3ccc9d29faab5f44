"""The API twin of the role × URL matrix (careerhub/home/tests/test_url_matrix.py): every
operation of the live OpenAPI schema × every kind of key.

``test_every_operation_has_a_row`` reads the schema and fails for an operation without a row,
so no operation ships without saying which keys may use it. Rows live in ``ROWS`` below and in
any module ``careerhub/api/tests/matrix_rows_<area>.py`` that defines ``ROWS`` (a router's
author adds a module instead of editing this file).

``test_key_operation_matrix`` then sends each operation, with each key, for the ``a`` side's
objects (operator A, company X, trainee A1), each request in a savepoint rolled back
afterwards, and reports every failure at once:

- no key → 401 problem, for every operation;
- a key the row allows → anything but 401/403/404 and 5xx (a 422 is the service's answer to
  the body, after the key was let in);
- every other key → 404 (another operator's, company's or trainee's object exactly like a
  missing one), or, for a list, 200 without the ``a`` side's object;
- nothing ever answers 5xx.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from careerhub.api.api import api
from careerhub.applications.models import Application
from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting
from careerhub.outcomes.models import Outcome

KEYS = ("office", "operator_a", "operator_b", "consultant_a", "company_x", "company_y")
"""The keys of ``keys`` (conftest): the office, each operator, a consultant, each company."""


def K(names: str) -> frozenset[str]:
    keys = frozenset(names.split()) if names != "*" else frozenset(KEYS)
    assert keys <= set(KEYS), keys - set(KEYS)
    return keys


@dataclass(frozen=True)
class Row:
    operation_id: str
    path: Callable[[Any], str]  # objects → path (from /api/v1)
    allowed: frozenset[str]
    body: Callable[[Any], dict] | None = None  # JSON body (POST/PATCH)
    files: Callable[[Any], dict] | None = None  # multipart body
    if_match: bool = False  # send the object's current ETag
    listing: Callable[[Any], int] | None = None  # a list: the a-side id a refused key never sees
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Objects:
    world: Any
    posting: JobPosting  # company X's draft, with a role
    open_posting: JobPosting  # company X's open posting
    application: Application  # trainee A1 → company X's open posting
    outcome: Outcome  # trainee A1's


def _deadline() -> str:
    return (timezone.localdate() + dt.timedelta(days=20)).isoformat()


ROWS: tuple[Row, ...] = (
    Row("me_read", lambda o: "/me", K("*")),
    Row("posting_list", lambda o: "/postings", K("*")),
    Row("posting_read", lambda o: f"/postings/{o.posting.pk}", K("office company_x")),
    Row(
        "posting_create",
        lambda o: "/postings",
        K("office company_x"),
        body=lambda o: {
            "company_id": o.world.company_x.pk,
            "title": "매트릭스 공고",
            "deadline": _deadline(),
        },
    ),
    Row(
        "posting_update",
        lambda o: f"/postings/{o.posting.pk}",
        K("office company_x"),
        body=lambda o: {"title": "고친 제목"},
    ),
    Row(
        "posting_status_change",
        lambda o: f"/postings/{o.posting.pk}/status",
        K("office company_x"),
        body=lambda o: {"status": "closed"},
    ),
    Row(
        "posting_candidates",
        lambda o: f"/postings/{o.posting.pk}/candidates",
        K("office company_x"),
    ),
    Row(
        "application_list",
        lambda o: "/applications",
        K("*"),
        listing=lambda o: o.application.pk,
    ),
    Row(
        "application_read",
        lambda o: f"/applications/{o.application.pk}",
        K("office operator_a consultant_a company_x"),
    ),
    Row(
        "application_create",
        lambda o: "/applications",
        K("office operator_a"),
        body=lambda o: {
            "trainee_id": o.world.trainee_a1.pk,
            "posting_id": o.open_posting.pk,
            "behalf_consent": "전화로 동의",
        },
    ),
    Row(
        "application_move",
        lambda o: f"/applications/{o.application.pk}/moves",
        K("office operator_a company_x"),
        body=lambda o: {"to_status": "document_pass"},
        if_match=True,
    ),
    Row("trainee_list", lambda o: "/trainees", K("*"), listing=lambda o: o.world.trainee_a1.pk),
    Row(
        "trainee_read",
        lambda o: f"/trainees/{o.world.trainee_a1.pk}",
        K("office operator_a consultant_a"),
    ),
    Row("outcome_list", lambda o: "/outcomes", K("*"), listing=lambda o: o.outcome.pk),
    Row(
        "outcome_read",
        lambda o: f"/outcomes/{o.outcome.pk}",
        K("office operator_a consultant_a"),
    ),
    Row(
        "outcome_report",
        lambda o: "/outcomes",
        K("office operator_a"),
        body=lambda o: {
            "trainee_id": o.world.trainee_a1.pk,
            "outcome_type": "still_seeking",
            "start_date": "2026-12-01",
        },
    ),
    Row(
        "outcome_evidence_upload",
        lambda o: f"/outcomes/{o.outcome.pk}/evidence",
        K("office operator_a"),
        files=lambda o: {
            "evidence_file": SimpleUploadedFile(
                "증빙.pdf", b"%PDF-1.4 matrix", content_type="application/pdf"
            )
        },
        if_match=True,
    ),
    Row(
        "outcome_confirm",
        lambda o: f"/outcomes/{o.outcome.pk}/confirm",
        K("office operator_a"),
        body=lambda o: {},
        if_match=True,
    ),
)


def all_rows() -> dict[str, Row]:
    """``ROWS`` and every ``matrix_rows_<area>`` module's ``ROWS``, by operation id."""
    rows = list(ROWS)
    package = importlib.import_module("careerhub.api.tests")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_rows_"):
            rows += importlib.import_module(f"careerhub.api.tests.{info.name}").ROWS
    by_id: dict[str, Row] = {}
    for row in rows:
        assert row.operation_id not in by_id, f"two rows for {row.operation_id}"
        by_id[row.operation_id] = row
    return by_id


def schema_operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) of every operation in the live schema."""
    found = {}
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            found[operation["operationId"]] = (method.upper(), path)
    return found


def test_every_operation_has_a_row():
    operations = schema_operations()
    rows = all_rows()
    missing = sorted(set(operations) - set(rows))
    assert not missing, (
        "API operations without a row in the key × operation matrix (add a Row to "
        f"careerhub/api/tests/test_matrix.py or a matrix_rows_<area>.py module): {missing}"
    )
    stale = sorted(set(rows) - set(operations))
    assert not stale, f"matrix rows for operations that no longer exist: {stale}"


@pytest.fixture
def objects(world, settings, tmp_path) -> Objects:
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.RATELIMITS = {**settings.RATELIMITS, "api": {"target": "100000/m"}}
    role = f.JobRoleFactory(code="matrix-role")
    deadline = timezone.localdate() + dt.timedelta(days=20)
    posting = JobPosting.objects.create(
        company=world.company_x, title="초안", role=role, deadline=deadline
    )
    open_posting = JobPosting.objects.create(
        company=world.company_x, title="모집", role=role, deadline=deadline, status="open"
    )
    application = Application.objects.create(trainee=world.trainee_a1, posting=open_posting)
    outcome = Outcome.objects.create(
        trainee=world.trainee_a1,
        outcome_type="employed",
        start_date=dt.date(2026, 12, 1),
        company_name="광주에이아이",
        employment_type="full_time",
        evidence_reference="고용보험 확인",
    )
    return Objects(world, posting, open_posting, application, outcome)


def _etag(row: Row, objects: Objects) -> str:
    if "/applications/" in row.path(objects):
        return f'"{Application.objects.get(pk=objects.application.pk).version}"'
    return f'"{Outcome.objects.get(pk=objects.outcome.pk).version}"'


def _send(client: Client, method: str, url: str, row: Row, objects: Objects, headers: dict):
    with transaction.atomic():
        try:
            if row.files is not None:
                response = client.post(url, row.files(objects), headers=headers)
            elif method in ("POST", "PATCH", "PUT"):
                body = json.dumps(row.body(objects) if row.body else {})
                send = getattr(client, method.lower())
                response = send(url, body, content_type="application/json", headers=headers)
            else:
                response = client.get(url, headers=headers)
        except Exception as exc:  # an escape is a 500
            transaction.set_rollback(True)
            return None, f"{type(exc).__name__}: {exc}"
        transaction.set_rollback(True)
    return response, None


def _ids(response) -> set[int]:
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return {item["id"] for item in items}


def check(key: str | None, token: str | None, row: Row, objects: Objects, method: str):
    url = "/api/v1" + row.path(objects)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if row.if_match:
        headers["If-Match"] = _etag(row, objects)
    headers.update(row.headers)
    response, error = _send(Client(), method, url, row, objects, headers)
    where = f"{key or 'no key'} {method} {url} [{row.operation_id}]"
    if error:
        return f"{where}: 500 ({error})"
    status = response.status_code
    if status >= 500:
        return f"{where}: {status}"
    if status >= 400 and not response["Content-Type"].startswith("application/problem+json"):
        return f"{where}: {status} is not problem+json"
    if key is None:
        return None if status == 401 else f"{where}: no key, got {status}"
    if key in row.allowed:
        if status in (401, 403, 404):
            return f"{where}: allowed, got {status} {response.content[:200]!r}"
        return None
    if row.listing is not None:
        if status != 200:
            return f"{where}: a list, got {status}"
        if row.listing(objects) in _ids(response):
            return f"{where}: the list shows the a side's object"
        return None
    return None if status == 404 else f"{where}: refused, got {status}"


@pytest.mark.django_db
def test_key_operation_matrix(world, keys, objects):
    operations = schema_operations()
    failures = []
    for operation_id, row in all_rows().items():
        method, _path = operations[operation_id]
        for key in (None, *KEYS):
            token = getattr(keys, key) if key else None
            failure = check(key, token, row, objects, method)
            if failure:
                failures.append(failure)
    assert not failures, "\n".join(failures)
