"""The monthly cohort report's PDF, rendered once per reader and standings generation.

WeasyPrint takes one to three seconds for the report. The PDF of a reader (it names who
prepared it), cohort, operator scope, month, rule set and language is kept in the shared
cache under the standings' generation token, so it is rendered again only when a figure
changed. A dashboard renders the PDFs it links to in the task worker
(``monthly_pdf_prepare``), so the click on the link finds the file ready.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import translation

from careerhub.reports import pdf
from careerhub.reports.models import RefreshMark
from careerhub.reports.services import MARK_KEY

if TYPE_CHECKING:
    from careerhub.academy.models import Cohort
    from careerhub.core.actors import Actor
    from careerhub.reports.policies import Scope

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60
QUEUED_SECONDS = 5 * 60  # a render asked for and not yet done is not asked for again
PREPARE_EVERY_SECONDS = 30 * 60  # a reader's PDF is rendered ahead at most this often


def _generation() -> str:
    token = RefreshMark.objects.filter(key=MARK_KEY).values_list("generation_token", flat=True)
    return token.first() or ""


def monthly_pdf_key(
    *, user_id: int | None, cohort_id: int, operator_id: int | None, as_of: dt.date, rule: str
) -> str:
    parts = (user_id, cohort_id, operator_id, as_of.isoformat(), rule, translation.get_language())
    digest = hashlib.sha256(repr((parts, _generation())).encode()).hexdigest()[:32]
    return f"reports:monthly-pdf:{digest}"


def _key_for(*, actor: Actor, scope: Scope, cohort: Cohort, as_of: dt.date, rule: str) -> str:
    return monthly_pdf_key(
        user_id=actor.user_id,
        cohort_id=cohort.pk,
        operator_id=scope.operator.pk if scope.operator else None,
        as_of=as_of,
        rule=rule,
    )


def monthly_pdf_cached(
    *, actor: Actor, scope: Scope, cohort: Cohort, as_of: dt.date, rule: str
) -> bytes | None:
    """The report if it is rendered for the current standings, else None (nothing rendered)."""
    return cache.get(_key_for(actor=actor, scope=scope, cohort=cohort, as_of=as_of, rule=rule))


def monthly_pdf_request(
    *, actor: Actor, scope: Scope, cohort: Cohort, as_of: dt.date, rule: str
) -> bool:
    """Have the task worker render this report (once, however often it is asked for while it
    waits). False when the task queue refused it: the caller renders it itself."""
    from careerhub.reports.tasks import monthly_pdf_task

    key = _key_for(actor=actor, scope=scope, cohort=cohort, as_of=as_of, rule=rule)
    if not cache.add(f"{key}:queued", 1, QUEUED_SECONDS):
        return True  # already asked for
    try:
        monthly_pdf_task.enqueue(
            user_id=actor.user_id,
            cohort_id=cohort.pk,
            operator_id=scope.operator.pk if scope.operator else None,
            as_of=as_of.isoformat(),
            language=translation.get_language() or "",
            rule=rule,
        )
    except Exception:
        logger.warning("could not enqueue the monthly report of cohort %s", cohort.pk)
        cache.delete(f"{key}:queued")
        return False
    return True


def monthly_pdf(
    *, actor: Actor, scope: Scope, cohort: Cohort, as_of: dt.date, rule: str, prepared_by: str
) -> bytes:
    """The report as PDF: from the cache when this reader has it for the current standings,
    else rendered now and kept."""
    key = monthly_pdf_key(
        user_id=actor.user_id,
        cohort_id=cohort.pk,
        operator_id=scope.operator.pk if scope.operator else None,
        as_of=as_of,
        rule=rule,
    )
    body = cache.get(key)
    if body is None:
        context = pdf.monthly_report_context(
            actor=actor, scope=scope, cohort=cohort, as_of=as_of, rule=rule, prepared_by=prepared_by
        )
        body = pdf.render_pdf(pdf.MONTHLY_TEMPLATE, context)
        cache.set(key, body, CACHE_SECONDS)
    return body


def monthly_pdf_prepare_gate(
    *, user_id: int | None, cohort_id: int, operator_id: int | None
) -> str:
    """The cache key that holds back rendering ahead for a reader and cohort."""
    return f"reports:monthly-pdf-prepared:{user_id}:{cohort_id}:{operator_id}"


def monthly_pdf_prepare(
    *, actor: Actor, scope: Scope, cohorts: list[Cohort], as_of: dt.date
) -> int:
    """Render in the task worker the PDFs a dashboard links to (this month, the default
    rule set) that are not cached yet; each is asked for once. Returns how many were queued."""
    from careerhub.reports.tasks import monthly_pdf_task

    operator_id = scope.operator.pk if scope.operator else None
    queued = 0
    for cohort in cohorts:
        key = monthly_pdf_key(
            user_id=actor.user_id,
            cohort_id=cohort.pk,
            operator_id=operator_id,
            as_of=as_of,
            rule="",
        )
        # at most once per reader, cohort and PREPARE_EVERY_SECONDS: each figure that changes
        # makes a new generation, and re-rendering every reader's PDF (1–2 s of a worker's
        # CPU each) after every confirmed outcome of a busy day would crowd out the pages;
        # a PDF asked for after a change is rendered on the click (the progress page)
        gate = monthly_pdf_prepare_gate(
            user_id=actor.user_id, cohort_id=cohort.pk, operator_id=operator_id
        )
        if (
            cache.get(key) is None
            and cache.add(gate, 1, PREPARE_EVERY_SECONDS)
            and cache.add(f"{key}:queued", 1, QUEUED_SECONDS)
        ):
            monthly_pdf_task.enqueue(
                user_id=actor.user_id,
                cohort_id=cohort.pk,
                operator_id=operator_id,
                as_of=as_of.isoformat(),
                language=translation.get_language() or "",
            )
            queued += 1
    return queued
