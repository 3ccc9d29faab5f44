"""The schema and its docs page: OpenAPI 3.1, every operation described in Korean and English
with its error responses documented as problem+json, docs served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from careerhub.api.api import api

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_SENTENCE = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z,()'`-]+){3,}")


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


@pytest.mark.django_db
def test_openapi_31_at_its_url(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["version"] == "1"
    assert HANGUL.search(schema["info"]["description"])


def test_every_operation_has_korean_and_english_description_and_errors():
    seen = 0
    for path, method, operation in operations():
        seen += 1
        where = f"{method.upper()} {path}"
        description = operation.get("description", "")
        assert HANGUL.search(description), f"{where}: no Korean description"
        assert LATIN_SENTENCE.search(description), f"{where}: no English description"
        assert operation.get("operationId"), where
        errors = {str(s): r for s, r in operation["responses"].items() if int(s) >= 400}
        assert {"401", "429"} <= set(errors), f"{where}: 401/429 not documented"
        for status, response in errors.items():
            assert list(response["content"]) == ["application/problem+json"], (where, status)
    assert seen


@pytest.mark.django_db
def test_docs_page_uses_only_local_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    for url in urls:
        assert url.startswith("/static/"), url
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the CSP allows no inline script
    for url in urls:  # the app serves them (whitenoise in production): they exist in its files
        assert finders.find(url.removeprefix("/static/")), url


def test_no_two_schemas_share_a_component_name():
    """The schema names each class by its own name: two routers' ``StageChangeOut`` (or two
    apps' ``Status`` enums) would silently become one component, and one of them would lie."""
    import enum
    import importlib

    from ninja import Schema

    from careerhub.api.routers import ROUTERS

    seen: dict[str, tuple[object, str]] = {}
    clashes = []
    for _prefix, module_path in ROUTERS:
        module = importlib.import_module(module_path)
        for name, obj in vars(module).items():
            if not isinstance(obj, type) or name.startswith("_"):
                continue
            own = issubclass(obj, Schema) and obj.__module__ == module_path
            # enums renamed for the schema (schemas.choices_enum) or defined in the router
            renamed = issubclass(obj, enum.Enum) and obj.__module__ in (
                module_path,
                "careerhub.api.schemas",
            )
            if not (own or renamed):
                continue
            title, where = obj.__name__, f"{module_path}.{name}"
            if title in seen and seen[title][0] is not obj:
                clashes.append(f"{title}: {seen[title][1]} and {where}")
            seen.setdefault(title, (obj, where))
    assert not clashes, clashes
