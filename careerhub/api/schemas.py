"""Small pieces shared by the routers' schemas: taxonomy codes in, codes out."""

from __future__ import annotations

import enum
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import Field

from careerhub.api.errors import ApiErrorCode, ApiProblem
from careerhub.taxonomy.models import JobRole, Skill


def _unknown(field: str, code: str) -> ApiProblem:
    return ApiProblem(
        422,
        ApiErrorCode.INVALID_REQUEST,
        _("Unknown code “%(code)s”: use the codes of the job-role and skill taxonomy.")
        % {"code": code},
        errors=[{"field": field, "code": "unknown_code", "message": _("Unknown code.")}],
    )


def role_by_code(code: str | None, *, field: str = "role") -> JobRole | None:
    if not code:
        return None
    role = JobRole.objects.filter(code=code).first()
    if role is None:
        raise _unknown(field, code)
    return role


def skill_ids_by_code(codes: list[str], *, field: str = "skills") -> dict[str, int]:
    found = dict(Skill.objects.filter(code__in=codes).values_list("code", "pk"))
    for code in codes:
        if code not in found:
            raise _unknown(field, code)
    return found


def choices_enum(name: str, choices: type[enum.Enum]) -> type[enum.StrEnum]:
    """A model's ``TextChoices`` under a name of its own in the schema: two apps' enums of
    one class name (``EmploymentType``, ``Status``) would otherwise share one component."""
    return enum.StrEnum(name, {member.name: member.value for member in choices})


MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An object's id in a path, body or filter: a positive 64-bit integer, so a number too large
for the database is a 422 on that field, never a database error."""
