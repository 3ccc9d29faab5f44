"""The one ``NinjaAPI`` of careerhub, mounted at ``/api/v1/`` (``careerhub.api.urls``).

- OpenAPI 3.1 at ``/api/v1/openapi.json``; interactive docs at ``/api/v1/docs``, rendered from
  the swagger-ui files django-ninja ships (``ninja`` is an installed app, so its template and
  static files are served by careerhub itself: no CDN, works offline, passes the CSP).
- Authentication for every operation: an API key or the browser session (``auth.AUTH``).
- Rate limit per key: ``auth.KeyThrottle``.
- Errors: ``application/problem+json`` (``errors.install``); the schema documents them with
  that media type.
- Dates and times: ISO 8601 with the Asia/Seoul offset (``+09:00``), never UTC ``Z``.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.utils import timezone
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from careerhub.api import errors
from careerhub.api.auth import AUTH, KeyThrottle
from careerhub.api.routers import ROUTERS

DESCRIPTION = """\
교육운영기관·기업·사업단의 시스템이 careerhub와 데이터를 주고받는 REST API입니다. 화면과 같은 권한
규칙과 서비스를 거칩니다. API 키(`Authorization: Bearer chk_…`)는 사업단 직원이 기관별·용도별로
발급하며, 키는 그 기관의 권한만 가집니다. 오류는 `application/problem+json`(RFC 9457)으로 답하며
`code`는 바뀌지 않는 오류 코드입니다. 날짜와 시각은 ISO 8601, 서울 시간(+09:00)입니다.

The REST API through which operators', companies' and the program office's systems exchange
data with careerhub, over the same policies and services as the pages. API keys
(`Authorization: Bearer chk_…`) are issued per organisation and purpose by staff and carry
exactly that organisation's rights. Errors are `application/problem+json` (RFC 9457) with a
stable `code`; the `detail` is Korean unless you send `Accept-Language: en`. Lists are cursor
paginated (`limit`, `next`); updates of versioned resources need `If-Match` with the `ETag`
you read (428 without, 412 when stale); creates accept an `Idempotency-Key`. Dates and times
are ISO 8601 with the Asia/Seoul offset (+09:00).
"""


class SeoulJSONEncoder(NinjaJSONEncoder):
    """Aware datetimes in Asia/Seoul time (``2026-03-02T09:00:00+09:00``), not UTC."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
            text = o.isoformat(timespec="seconds")
            return text
        return super().default(o)


class SeoulJSONRenderer(JSONRenderer):
    encoder_class = SeoulJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


class CareerhubAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Error answers are problem+json (RFC 9457), not application/json.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        content = response["content"]
                        response["content"] = {
                            errors.PROBLEM_CONTENT_TYPE: next(iter(content.values()))
                        }
        return schema


def _build() -> CareerhubAPI:
    api = CareerhubAPI(
        title="careerhub API",
        version="1",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        auth=AUTH,
        throttle=[KeyThrottle()],
        renderer=SeoulJSONRenderer(),
        urls_namespace="api",
    )
    errors.install(api)
    for prefix, module in ROUTERS:
        api.add_router(prefix, import_module(module).router)
    return api


api = _build()
