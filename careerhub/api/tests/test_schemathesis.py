"""Schemathesis against the live schema, in process through the WSGI application, with an
office key, an operator key and a company key: no 5xx, and every answer — status code,
content type, headers and body — is one the schema documents.

Bounded for CI: a few derandomized examples per operation, each sent with every key type,
no shrinking.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
def wide_limits(settings, tmp_path):
    settings.RATELIMITS = {**settings.RATELIMITS, "api": {"target": "100000/m"}}
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, keys, mx, wide_limits):
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
