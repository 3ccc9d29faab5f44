"""Who the caller is: the key or session, its organisation and the person it acts for."""

from datetime import datetime

from ninja import Router, Schema

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems

router = Router(tags=["me"])


class MeOut(Schema):
    user_id: int
    name: str
    email: str
    roles: list[str]
    operator_ids: list[int]
    company_ids: list[int]
    api_key: str | None = None
    api_key_scope: str | None = None
    api_key_expires_at: datetime | None = None


@router.get(
    "/me",
    response={200: MeOut, **problems()},
    operation_id="me_read",
    summary="Who am I",
    description=describe(
        "요청한 API 키(또는 로그인한 브라우저)와 그 키가 대신하는 사람, "
        "키의 기관 범위를 돌려줍니다.",
        "The key (or signed-in browser) making the request, the person it acts for and the "
        "organisation it is limited to.",
    ),
)
def me_read(request):
    actor = api_actor(request)
    key = getattr(request, "api_key", None)
    return {
        "user_id": actor.user.pk,
        "name": actor.user.name,
        "email": actor.user.email,
        "roles": [str(role) for role in actor.roles],
        "operator_ids": sorted(actor.operator_ids),
        "company_ids": sorted(actor.recruiter_company_ids),
        "api_key": f"chk_{key.prefix}" if key else None,
        "api_key_scope": key.scope if key else None,
        "api_key_expires_at": key.expires_at if key else None,
    }
