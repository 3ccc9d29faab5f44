"""Schemathesis against the live schema, in process through the WSGI application, with an
office key, an operator key and a company key: no 5xx, and every answer — status code,
content type, headers and body — is one the schema documents.

Bounded for CI: a few derandomized examples per operation, each sent with every key type,
no shrinking.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careerhub.api.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
KEY_TYPES = ("office", "operator_a", "company_x")
APP = get_wsgi_application()


@pytest.fixture
def in_process(settings, tmp_path):
    """The WSGI app inside the test's transaction: like Django's test client, requests must
    not close the database connection (on PostgreSQL that would end the transaction)."""
    settings.RATELIMITS = {**settings.RATELIMITS, "api": {"target": "100000/m"}}
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, keys, mx, in_process):
    # every key type on each generated request (one world per operation keeps CI fast)
    for key_type in KEY_TYPES:
        token = getattr(keys, key_type)
        try:
            case.call_and_validate(
                app=APP, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
            )
        except Exception as exc:
            exc.add_note(f"with the {key_type} key")
            raise
