"""Charts and downloadable tables drawn from a dashboard's figures.

``add_charts_and_tables`` adds the SVG charts (rate by cohort and by operator, the trend by
month since completion, the intake funnel, company attraction, demand against supply);
``build_tables`` turns the figures and every chart into ``ReportTable``s, the same rows the
page shows under each chart and the Excel download holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from careerhub.reports import charts
from careerhub.reports.selectors.figures import TREND_MONTHS, Dashboard
from careerhub.reports.tables import DECIMAL, INT, PERCENT, Cell, Column, ReportTable


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def add_charts_and_tables(d: Dashboard) -> None:
    headline = d.headline
    cohort_lines = d.cohort_lines
    if headline is not None and cohort_lines:
        figures = [line.figure_for(headline.code) for line in cohort_lines]
        targets = {f.figure.target for f in figures if f and f.figure.target is not None}
        d.charts["rates"] = charts.bar_chart(
            key="chart-rates",
            title=_("Employment rate by cohort (%(rule)s)") % {"rule": headline.name},
            labels=[line.label for line in cohort_lines],
            series=[
                charts.Series(
                    headline.name, tuple(_f(f.figure.rate) if f else None for f in figures)
                )
            ],
            percent=True,
            target=float(targets.pop()) if len(targets) == 1 else None,
            label_header=_("Cohort"),
        )
        operator_lines = [line for line in d.lines if line.level == "operator"]
        if d.filters.cohort_id or len(cohort_lines) == 1:
            op_figures = [line.figure_for(headline.code) for line in operator_lines]
            d.charts["operators"] = charts.bar_chart(
                key="chart-operators",
                title=_("Employment rate by operator, %(cohort)s")
                % {"cohort": cohort_lines[0].label},
                labels=[line.label for line in operator_lines],
                series=[
                    charts.Series(
                        headline.name, tuple(_f(f.figure.rate) if f else None for f in op_figures)
                    )
                ],
                percent=True,
                target=_f(op_figures[0].figure.target) if op_figures and op_figures[0] else None,
                label_header=_("Training operator"),
            )
        trend = d.trend
        if trend:
            labels = [_("At completion")] + [
                _("%(n)s mo.") % {"n": m} for m in range(1, TREND_MONTHS + 1)
            ]
            series = [
                charts.Series(str(c), tuple(_f(v) for v in trend[c.pk]))
                for c in d.cohorts
                if c.pk in trend
            ]
            d.charts["trend"] = charts.line_chart(
                key="chart-trend",
                title=_("%(rule)s by months since completion") % {"rule": headline.name},
                labels=labels,
                series=series,
                percent=True,
                target=float(cohort_lines[-1].cohort.employment_target),
                label_header=_("Months since completion"),
            )
    if d.funnel:
        d.charts["funnel"] = charts.bar_chart(
            key="chart-funnel",
            title=_("From application to employment, %(cohort)s") % {"cohort": d.funnel_cohort},
            labels=[s.label for s in d.funnel],
            series=[charts.Series(_("People"), tuple(float(s.count) for s in d.funnel))],
            label_header=_("Stage"),
        )
    if d.attraction is not None:
        a = d.attraction
        d.charts["attraction"] = charts.line_chart(
            key="chart-attraction",
            title=_("Company attraction in %(year)s, cumulative by month") % {"year": a.year},
            labels=[_("Month %(m)s") % {"m": m.month} for m in a.months],
            series=[
                charts.Series(_("New MOUs"), tuple(_running(m.new_mous for m in a.months))),
                charts.Series(
                    _("Offices opened"), tuple(_running(m.offices_opened for m in a.months))
                ),
            ],
            target=float(a.target_new_mous) if a.target_new_mous else None,
            target_label=_("Target for new MOUs"),
            label_header=_("Month"),
        )
    if d.gap is not None and d.gap.rows:
        d.charts["gap"] = charts.bar_chart(
            key="chart-gap",
            title=_("Hiring demand against supply by role"),
            labels=[r.role_name for r in d.gap.rows],
            series=[
                charts.Series(_("Demand"), tuple(float(r.demand) for r in d.gap.rows)),
                charts.Series(_("Supply"), tuple(float(r.supply) for r in d.gap.rows)),
            ],
            label_header=_("Job role"),
        )
    d.tables = build_tables(d)


def _running(values: Iterable[int]) -> list[float]:
    total, out = 0, []
    for v in values:
        total += v
        out.append(float(total))
    return out


LEVEL_LABELS = {
    "total": "Total",
    "cohort": "Cohort",
    "operator": "Training operator",
    "course": "Course",
}


def build_tables(d: Dashboard) -> dict[str, ReportTable]:
    tables: dict[str, ReportTable] = {}
    columns = [Column(_("Row type")), Column(_("Name"))]
    for rule in d.rules:
        g = rule.name
        columns += [
            Column(
                _("%(rule)s: rate") % {"rule": g},
                PERCENT,
                g,
                pgettext("short", "Rate"),
                _("employed or founded a company, over those counted"),
            ),
            Column(
                _("%(rule)s: employed") % {"rule": g},
                INT,
                g,
                pgettext("short", "Employed"),
                _("employed or founded a company as this rule set counts it"),
            ),
            Column(
                _("%(rule)s: counted") % {"rule": g},
                INT,
                g,
                pgettext("short", "Counted"),
                _("completers this rule set counts"),
            ),
            Column(
                _("%(rule)s: target") % {"rule": g},
                PERCENT,
                g,
                pgettext("short", "Target"),
                _("the rate the program aims for"),
            ),
            Column(
                _("%(rule)s: hires still needed") % {"rule": g},
                INT,
                g,
                pgettext("short", "Needed"),
                _("more hires needed to reach the target"),
            ),
            Column(
                _("%(rule)s: still in window") % {"rule": g},
                INT,
                g,
                pgettext("short", "In window"),
                _("people not yet employed whose counting period is still open"),
            ),
        ]
    columns.insert(2, Column(_("Completers"), INT))
    if d.headline_months is not None:
        # beside every rate: how much of it is known (NACE knowledge rate)
        columns[3:3] = [
            Column(
                _("Knowledge rate"),
                PERCENT,
                "",
                pgettext("short", "Known"),
                _("completers whose status at the rule's window is known and verified"),
            ),
        ]
    rows = []
    for line in [*d.lines, *([d.total] if d.total and len(d.cohort_lines) > 1 else [])]:
        completers = line.figures[0].figure.completers if line.figures else 0
        row = [
            Cell(_(LEVEL_LABELS[line.level])),
            Cell(line.label),
            Cell(completers, line.completers_url),
        ]
        if d.headline_months is not None:
            known = line.known
            row.append(Cell(known.rate if known else None))
        for rf in line.figures:
            fig = rf.figure
            row += [
                Cell(fig.rate),
                Cell(fig.numerator, rf.success_url),
                Cell(fig.denominator, rf.counted_url),
                Cell(fig.target),
                Cell(fig.hires_needed, rf.open_url if fig.hires_needed else ""),
                Cell(fig.still_open, rf.open_url),
            ]
        rows.append(tuple(row))
    tables["rates"] = ReportTable(
        "rates", _("Employment rate under each rule set"), tuple(columns), tuple(rows)
    )
    kr = next((r for r in d.rules if r.kind == "kr_training"), None)
    if kr is not None:
        months = sorted(kr.params.windows_months)  # type: ignore[union-attr]
        kr_columns = [
            Column(_("Row type")),
            Column(_("Name")),
            Column(_("Counted (denominator)"), INT),
        ]
        for m in months:
            g = _("Within %(m)s months") % {"m": m}
            kr_columns += [
                Column(
                    _("%(m)s months: insured") % {"m": m},
                    INT,
                    g,
                    pgettext("short", "Insured"),
                    _("employed with employment insurance"),
                ),
                Column(
                    _("%(m)s months: not insured") % {"m": m},
                    INT,
                    g,
                    pgettext("short", "Uninsured"),
                    _("employed or founded a company without employment insurance"),
                ),
                Column(_("%(m)s months: total") % {"m": m}, INT, g, pgettext("short", "Total")),
                Column(
                    _("%(m)s months: rate") % {"m": m},
                    PERCENT,
                    g,
                    pgettext("short", "Rate"),
                    _("employed or founded a company, over those counted"),
                ),
            ]
        kr_rows = []
        for line in [x for x in d.lines if x.level != "course"]:
            rf = line.figure_for(kr.code)
            if rf is None:
                continue
            row = [Cell(_(LEVEL_LABELS[line.level])), Cell(line.label), Cell(rf.figure.denominator)]
            for window in rf.figure.windows:
                rate = (
                    (Decimal(window.total) / Decimal(rf.figure.denominator)).quantize(
                        Decimal("0.0001")
                    )
                    if rf.figure.denominator
                    else None
                )
                row += [
                    Cell(window.insured),
                    Cell(window.non_insured),
                    Cell(window.total),
                    Cell(rate),
                ]
            kr_rows.append(tuple(row))
        tables["kr_windows"] = ReportTable(
            "kr_windows",
            _("%(rule)s: employed within 3 and 6 months, insured and not") % {"rule": kr.name},
            tuple(kr_columns),
            tuple(kr_rows),
        )
    _knowledge_and_retention_tables(d, tables)
    tables["hires"] = ReportTable(
        "hires",
        _("Hires: where and how soon"),
        (
            Column(_("Cohort")),
            Column(_("Completers"), INT),
            Column(_("Employed or founded a company"), INT),
            Column(_("Hires"), INT),
            Column(_("Share of hires in the city"), PERCENT),
            Column(_("Role-match rate"), PERCENT),
            Column(_("Median days from completion to hire"), DECIMAL),
        ),
        tuple(
            (
                Cell(s.label),
                Cell(s.completers, s.urls.get("completers", "")),
                Cell(s.placed, s.urls.get("placed", "")),
                Cell(s.hires, s.urls.get("hired", "")),
                Cell(s.city_share, s.urls.get("hired_in_city", "")),
                Cell(s.role_match_rate, s.urls.get("hired_in_role", "")),
                Cell(s.median_days),
            )
            for s in d.hire_stats
        ),
        note=_(
            "Role match: the first job's role equals the role the course trains for, "
            "over hires whose role is recorded."
        ),
    )
    for key, chart in d.charts.items():
        if key in ("rates",):
            continue
        tables[f"chart_{key}"] = ReportTable(
            f"chart_{key}",
            chart.title,
            tuple(Column(c) for c in chart.columns),
            tuple(tuple(Cell(v) for v in row) for row in chart.rows),
        )
    if d.funnel:
        tables["chart_funnel"] = ReportTable(
            "chart_funnel",
            d.charts["funnel"].title,
            (Column(_("Stage")), Column(_("People"), INT)),
            tuple((Cell(s.label), Cell(s.count, s.url)) for s in d.funnel),
        )
    if d.gap is not None and d.gap.rows:
        tables["gap"] = ReportTable(
            "gap",
            _("Demand against supply by role"),
            (
                Column(_("Job role")),
                Column(_("Demand"), INT),
                Column(_("Supply"), INT),
                Column(_("Filled in the same month"), INT),
                Column(_("Filled from another month"), INT),
                Column(_("Shortage"), INT),
                Column(_("Surplus"), INT),
            ),
            tuple(
                (
                    Cell(r.role_name),
                    Cell(r.demand),
                    Cell(r.supply),
                    Cell(r.on_time),
                    Cell(r.shifted),
                    Cell(r.shortage),
                    Cell(r.surplus),
                )
                for r in d.gap.rows
            ),
            note=d.gap.source,
        )
        tables.pop("chart_gap", None)
    return tables


def _window_label(months: int) -> str:
    if months == 0:
        return _("At completion")
    return _("%(n)s mo.") % {"n": months}


def _knowledge_and_retention_tables(d: Dashboard, tables: dict[str, ReportTable]) -> None:
    """The knowledge rate at every check-in window, and retention after hire per cohort and
    per company: the same rows on the page, in Excel and in the PDF."""
    if d.knowledge_months:
        columns = [Column(_("Row type")), Column(_("Name"))]
        for m in d.knowledge_months:
            g = _window_label(m)
            columns += [
                Column(
                    _("%(window)s: reached") % {"window": g},
                    INT,
                    g,
                    pgettext("short", "Reached"),
                    _("completers whose window has ended"),
                ),
                Column(
                    _("%(window)s: reported") % {"window": g},
                    INT,
                    g,
                    pgettext("short", "Reported"),
                    _("status reported, verified or not"),
                ),
                Column(
                    _("%(window)s: verified") % {"window": g},
                    INT,
                    g,
                    pgettext("short", "Verified"),
                    _("status verified by staff"),
                ),
                Column(
                    _("%(window)s: knowledge rate") % {"window": g},
                    PERCENT,
                    g,
                    pgettext("short", "Known"),
                    _("verified over reached"),
                ),
            ]
        rows = []
        for line in [x for x in d.lines if x.level != "course"]:
            row = [Cell(_(LEVEL_LABELS[line.level])), Cell(line.label)]
            for m in d.knowledge_months:
                w = line.knowledge.at(m)
                row += (
                    [Cell(w.reached), Cell(w.reported), Cell(w.verified), Cell(w.rate)]
                    if w
                    else [Cell(None)] * 4
                )
            rows.append(tuple(row))
        tables["knowledge"] = ReportTable(
            "knowledge",
            _("Knowledge rate: completers whose status is known and verified"),
            tuple(columns),
            tuple(rows),
            note=_(
                "A window is reached on completion plus its months. A job, a company or an "
                "exclusion is known from its start until it ends; a seeking answer for 45 days "
                "around its date. Only outcomes staff verified count."
            ),
        )

    def retention_table(key: str, title: str, first: str, rows_in) -> ReportTable:
        months = [w.months for w in rows_in[0].windows] if rows_in else []
        columns = [Column(first)]
        for m in months:
            g = _window_label(m)
            columns += [
                Column(
                    _("%(window)s: hires") % {"window": g},
                    INT,
                    g,
                    pgettext("short", "Hires"),
                    _("verified jobs that started at least this long ago"),
                ),
                Column(
                    _("%(window)s: still employed") % {"window": g},
                    INT,
                    g,
                    pgettext("short", "Stayed"),
                    _("still in that job this long after its start"),
                ),
                Column(
                    _("%(window)s: retention") % {"window": g},
                    PERCENT,
                    g,
                    pgettext("short", "Retention"),
                    _("still employed over hires"),
                ),
            ]
        rows = tuple(
            (
                Cell(r.label),
                *[c for w in r.windows for c in (Cell(w.hires), Cell(w.stayed), Cell(w.rate))],
            )
            for r in rows_in
        )
        return ReportTable(key, title, tuple(columns), rows)

    tables["retention_cohorts"] = retention_table(
        "retention_cohorts", _("Retention after hire by cohort"), _("Cohort"), d.retention_cohorts
    )
    if d.retention_companies is not None:
        tables["retention_companies"] = retention_table(
            "retention_companies",
            _("Retention after hire by company"),
            _("Company"),
            d.retention_companies,
        )
