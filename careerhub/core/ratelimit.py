"""Rate limits per client address and per target (an email address or a username).

django-ratelimit keeps the counters in the shared cache (``settings.CACHES["default"]``); the
rates are ``settings.RATELIMITS[scope]``. A view asks ``limited(request, scope, target=...)``
once it has a valid form: the call counts the request and answers whether it is over a limit.
A refused request writes and sends nothing and answers 429 with ``MESSAGE`` on the form.
The counters hold hashes of the address and target, never the values themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from careerhub.core.net import client_ip

MESSAGE = _(
    "There have been too many requests from your connection or for this address. "
    "Nothing was sent or saved. Please wait a while and try again."
)
STATUS = 429
CODE = "rate_limited"


def client_address(request) -> str:
    """The address django-ratelimit counts ``key="ip"`` by (``RATELIMIT_IP_META_KEY``)."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - no address: all such share one count


def _target_key(target: str):
    normalized = target.strip().lower()
    return lambda group, request: normalized


def limited(request, scope: str, *, target: str = "", increment: bool = True) -> bool:
    """Count this request against ``scope``'s limits per client address and, when ``target`` is
    given, per target; True when either is over its rate. With ``increment=False`` nothing is
    counted and the answer is whether one more counted request would be over (for login,
    which counts only failures)."""
    rates = settings.RATELIMITS[scope]
    keys = [("ip", "ip")]
    if target:
        keys.append(("target", _target_key(target)))
    over = False
    for by, key in keys:
        rate = rates.get(by)
        if not rate:
            continue
        usage = get_usage(
            request,
            group=f"careerhub.{scope}.{by}",
            key=key,
            rate=rate,
            increment=increment,
        )
        if usage is None:  # RATELIMIT_ENABLE = False
            continue
        if increment:
            over = over or usage["should_limit"]
        else:
            over = over or usage["should_limit"] or usage["count"] >= usage["limit"]
    return over


def retry_after(request, scope: str, *, target: str = "") -> int:
    """Seconds until ``scope``'s counters that are full for this request start again (for a
    429's ``Retry-After``); counts nothing."""
    rates = settings.RATELIMITS[scope]
    keys = [("ip", "ip")] + ([("target", _target_key(target))] if target else [])
    wait = 0
    for by, key in keys:
        if not rates.get(by):
            continue
        usage = get_usage(
            request,
            group=f"careerhub.{scope}.{by}",
            key=key,
            rate=rates[by],
            increment=False,
        )
        if usage is not None and usage["count"] >= usage["limit"]:
            wait = max(wait, int(usage["time_left"]))
    return max(wait, 1)


def refuse_form(form) -> None:
    """Put the rate-limit message on ``form`` (the view answers with ``STATUS``)."""
    form.add_error(None, ValidationError(MESSAGE, code=CODE))
