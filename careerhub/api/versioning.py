"""``ETag`` and ``If-Match`` over the optimistic versions of the models (``version`` fields).

A resource with a version answers ``ETag: "<version>"``. An update of it must send ``If-Match``
with that value (decision: required, because a blind overwrite is exactly what the versions
exist to prevent): without it the answer is 428 ``precondition_required``; with another value
412 ``precondition_failed``. The service still checks the version inside its transaction, so
two writers racing past this check are told apart there (its ``stale_version`` code is also a
412, ``careerhub.api.errors``). ``If-Match: *`` is not accepted: name the version you saw.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from careerhub.api.errors import ApiErrorCode, ApiProblem

_TAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def etag(version: int) -> str:
    return f'"{int(version)}"'


def set_etag(response, version: int) -> None:
    """Put the ``ETag`` of ``version`` on ninja's temporal ``response``."""
    response["ETag"] = etag(version)


def expected_version(request, current: int) -> int:
    """The version named by ``If-Match`` when it is ``current``; 428 / 412 otherwise."""
    header = request.headers.get("If-Match", "")
    if not header.strip():
        raise ApiProblem(
            428,
            ApiErrorCode.PRECONDITION_REQUIRED,
            _(
                "Send the ETag you read as If-Match, so that a change made meanwhile by "
                "someone else is not overwritten."
            ),
        )
    versions = set()
    for part in header.split(","):
        match = _TAG.match(part)
        if match:
            versions.add(int(match.group(1)))
    if int(current) not in versions:
        raise ApiProblem(
            412,
            ApiErrorCode.PRECONDITION_FAILED,
            _(
                "Someone else changed this meanwhile: your If-Match is not its current ETag. "
                "Read it again, then try again."
            ),
            headers={"ETag": etag(current)},
        )
    return int(current)
