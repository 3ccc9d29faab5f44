"""Dashboards, the people behind a figure, and the downloads (Excel, PDF).

Each page first brings the standings up to date (``services.standings_refresh_for_read``: only
what changed since the last refresh, and no lock or write when nothing did), then reads them
through the selectors, so a figure follows an outcome confirmed a moment ago. Who sees which
operators comes from ``policies``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.core import korean
from careerhub.core.access import Action, record_access
from careerhub.core.params import int_param, text_param
from careerhub.core.policy import require
from careerhub.reports import exports, monthly, policies, selectors, services
from careerhub.reports.web.forms import DashboardFilterForm, DownloadReasonForm


def _filtered(request, scope: policies.Scope) -> tuple[DashboardFilterForm, selectors.Filters]:
    choices = selectors.filter_choices(scope=scope)
    form = DashboardFilterForm(
        request.GET, choices=choices, fixed_operator=scope.kind == "operator"
    )
    form.is_valid()
    return form, form.filters()


def _page(request, scope: policies.Scope, *, title: str, nav_active: str, xlsx_url: str):
    form, filters = _filtered(request, scope)
    services.standings_refresh_for_read()
    dashboard = selectors.dashboard_for(actor=request.actor, scope=scope, filters=filters)
    query = dashboard.filters.query()
    pdf_links = []
    if scope.kind != "committee" and policies.can_download_cohort_report(request.actor):
        extra = f"?operator={scope.operator.pk}" if scope.operator else ""
        pdf_links = [
            (c, reverse("reports:cohort_pdf", args=[c.pk]) + extra) for c in dashboard.cohorts
        ]
        # the newest cohort's PDF is rendered in the task worker now, so a click finds it
        # ready (one render per reader and standings generation keeps the queue free)
        newest = sorted(dashboard.cohorts, key=lambda c: c.number)[-1:]
        monthly.monthly_pdf_prepare(
            actor=request.actor,
            scope=policies.cohort_report_scope(
                request.actor, str(scope.operator.pk) if scope.operator else None
            ),
            cohorts=newest,
            as_of=timezone.localdate(),
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": title,
            "d": dashboard,
            "form": form,
            "nav_active": nav_active,
            "xlsx_url": f"{xlsx_url}?{query}" if query else xlsx_url,
            "pdf_links": pdf_links,
        },
    )


def _xlsx(request, scope: policies.Scope, *, filename: str) -> HttpResponse:
    _form, filters = _filtered(request, scope)
    services.standings_refresh_for_read()
    dashboard = selectors.dashboard_for(actor=request.actor, scope=scope, filters=filters)
    heading = _("As of %(date)s") % {"date": korean.format_date(dashboard.as_of)}
    body = exports.workbook_bytes(dashboard.tables.values(), heading=heading)
    return _attachment(body, exports.XLSX_TYPE, f"{filename}-{dashboard.as_of:%Y%m%d}.xlsx")


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def index(request):
    actor = request.actor
    if policies.can_view_office_dashboard(actor):
        return redirect("reports:office")
    operator = policies.dashboard_operators_for(actor).order_by("name").first()
    if operator is not None:
        return redirect("reports:operator", operator_id=operator.pk)
    if policies.can_view_committee_view(actor):
        return redirect("reports:committee")
    raise Http404


@login_required
def office(request):
    scope = policies.office_scope(request.actor)
    return _page(
        request,
        scope,
        title=_("Program office dashboard"),
        nav_active="dashboard",
        xlsx_url=reverse("reports:office_xlsx"),
    )


@login_required
def office_xlsx(request):
    scope = policies.office_scope(request.actor)
    return _xlsx(request, scope, filename="program-dashboard")


def _operator_scope(request, operator_id: int) -> policies.Scope:
    operator = policies.dashboard_operator_get_for(request.actor, operator_id)
    return policies.operator_scope(request.actor, operator)


@login_required
def operator(request, operator_id: int):
    scope = _operator_scope(request, operator_id)
    return _page(
        request,
        scope,
        title=_("Operator dashboard: %(name)s") % {"name": scope.operator},
        nav_active="dashboard",
        xlsx_url=reverse("reports:operator_xlsx", args=[operator_id]),
    )


@login_required
def operator_xlsx(request, operator_id: int):
    return _xlsx(request, _operator_scope(request, operator_id), filename="operator-dashboard")


@login_required
def committee(request):
    scope = policies.committee_scope(request.actor)
    return _page(
        request,
        scope,
        title=_("Committee view: demand and supply"),
        nav_active="committee_view",
        xlsx_url=reverse("reports:committee_xlsx"),
    )


@login_required
def committee_xlsx(request):
    scope = policies.committee_scope(request.actor)
    return _xlsx(request, scope, filename="committee-view")


# --- the people behind a figure ---------------------------------------------------------------


def _people(request):
    actor = request.actor
    require(policies.can_view_people_behind_figures(actor))
    scope = policies.people_scope(actor)
    form, filters = _filtered(request, scope)
    bucket = request.GET.get("bucket", "")
    services.standings_refresh_for_read()
    rows, rule = selectors.people_behind(actor=actor, filters=filters, bucket=bucket)
    title = selectors.bucket_label(bucket)
    if rule is not None:
        title = f"{title} · {rule.name}"
    return form, filters, bucket, rows, title


@login_required
def people(request):
    form, filters, bucket, rows, title = _people(request)
    record_access(request, Action.LIST, trainees=rows, bucket=bucket, filters=filters.params())
    table = selectors.people_table(rows, title=title)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/people.html",
        {
            "title": title,
            "table": table,
            "count": len(rows),
            "form": form,
            "nav_active": "dashboard",
            "download_url": f"{reverse('reports:people_download')}?{query}",
            "back_url": reverse("reports:index"),
        },
    )


@login_required
def people_download(request):
    """Personal data leaves the system only with a stated reason, logged with who and when."""
    _form, filters, bucket, rows, title = _people(request)
    reason = DownloadReasonForm(request.POST or None)
    if request.method == "POST" and reason.is_valid():
        table = selectors.people_table(rows, title=title)
        record_access(
            request,
            Action.EXPORT,
            trainees=rows,
            purpose=reason.cleaned_data["purpose"],
            reason=reason.cleaned_data["detail"],
            bucket=bucket,
            filters=filters.params(),
            format="xlsx",
        )
        today = timezone.localdate()
        heading = _("Downloaded by %(who)s on %(date)s. Purpose: %(reason)s") % {
            "who": request.user.name or request.user.email,
            "date": korean.format_date(today),
            "reason": reason.cleaned_data["detail"],
        }
        body = exports.workbook_bytes([table], heading=heading)
        return _attachment(body, exports.XLSX_TYPE, f"people-{bucket}-{today:%Y%m%d}.xlsx")
    return render(
        request,
        "reports/download_reason.html",
        {
            "title": title,
            "count": len(rows),
            "reason_form": reason,
            "nav_active": "dashboard",
            "action": request.get_full_path(),
            "back_url": f"{reverse('reports:people')}?{request.GET.urlencode()}",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the monthly cohort report (PDF) ----------------------------------------------------------


def _report_month(value: str, today: dt.date) -> dt.date:
    """The last day of the month asked for (this month: today); future months are refused."""
    try:
        year, month = (int(p) for p in value.split("-")) if value else (today.year, today.month)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if (year, month) > (today.year, today.month):
        raise Http404
    return min(last, today)


PDF_WAIT_POLLS = 20
"""Polls (every 2 s) a browser waits for the task worker before offering to make it now."""


def _navigates(request) -> bool:
    """A browser's navigation (a script, curl or a test client gets the file at once)."""
    return not request.GET.get("now") and request.headers.get("Sec-Fetch-Mode") == "navigate"


def _with_query(request, **changes) -> str:
    query = request.GET.copy()
    for name in ("poll", "now"):
        query.pop(name, None)
    for name, value in changes.items():
        query[name] = str(value)
    return f"{request.path}?{query.urlencode()}"


@login_required
def cohort_pdf(request, cohort_id: int):
    actor = request.actor
    require(policies.can_download_cohort_report(actor))
    scope = policies.cohort_report_scope(actor, request.GET.get("operator"))
    cohort = policies.scope_cohort_get_for(scope, cohort_id)
    as_of = _report_month(request.GET.get("month", ""), timezone.localdate())
    rule = text_param(request.GET.get("rule"), max_length=50)
    services.standings_refresh_for_read()
    report = {"actor": actor, "scope": scope, "cohort": cohort, "as_of": as_of, "rule": rule}
    body = monthly.monthly_pdf_cached(**report)
    if request.htmx or (body is None and _navigates(request)):
        # A person in a browser sees the report being prepared by the task worker instead of
        # a page that hangs for seconds; after PDF_WAIT_POLLS polls it offers to make it here.
        queued = body is not None or monthly.monthly_pdf_request(**report)
        if queued or request.htmx:  # a poll never gets the file itself: it offers a link
            polls = int_param(request.GET.get("poll"), maximum=10_000) or 0
            context = {
                "cohort": cohort,
                "as_of": as_of,
                "ready": body is not None,
                "gave_up": not queued or polls >= PDF_WAIT_POLLS,
                "poll_url": _with_query(request, poll=polls + 1),
                "download_url": _with_query(request),
                "now_url": _with_query(request, now=1),
            }
            template = "reports/_pdf_progress.html" if request.htmx else "reports/pdf_wait.html"
            return render(request, template, context)
    if body is None:
        body = monthly.monthly_pdf(**report, prepared_by=request.user.name or request.user.email)
    suffix = f"-{scope.operator.short_name or scope.operator.pk}" if scope.operator else ""
    return _attachment(body, "application/pdf", f"cohort-{cohort.number}{suffix}-{as_of:%Y-%m}.pdf")
