"""The monthly PDF fits A4: every table's text lies inside its page, and no column header
breaks inside a word (WeasyPrint lays the document out; its boxes are what gets printed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from careerhub.accounts.actors import actor_for
from careerhub.reports import pdf, policies, services
from careerhub.reports.tables import PERCENT, Cell, Column, ReportTable

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)


def _layout(world, ledger):
    """The report the program office downloads for the ledger's cohort, laid out in Korean;
    its course names are as long as real ones."""
    ledger.course_a.name = "AI 서비스 개발 (기업연계 프로젝트) 심화 과정 — 광주 본원 주간반"
    ledger.course_a.save()
    actor = actor_for(world.users["office"])
    scope = policies.cohort_report_scope(actor, None)
    services.standings_refresh()
    with translation.override("ko"):
        context = pdf.monthly_report_context(
            actor=actor,
            scope=scope,
            cohort=ledger.cohort,
            as_of=AS_OF,
            rule="",
            prepared_by="사업단",
        )
        return context, pdf.render_document(pdf.MONTHLY_TEMPLATE, context)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def _table_text_boxes(page):
    """(cell element tag, cell text, text box) for every piece of text inside a table."""
    from weasyprint.formatting_structure import boxes

    def walk(box, cell):
        if isinstance(box, boxes.TableCellBox):
            cell = box
        if isinstance(box, boxes.TextBox) and cell is not None:
            yield cell, box
        for child in getattr(box, "children", ()) or ():
            yield from walk(child, cell)

    yield from walk(page._page_box, None)


def test_every_table_text_lies_inside_its_page(world, ledger, rule_sets):
    context, document = _layout(world, ledger)
    assert len(context["d"].rules) >= 3  # the three shipped rule sets: the widest table
    checked = 0
    for number, page in enumerate(document.pages, start=1):
        # The page box's content area: the page size less its margins.
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        bottom = page_box.content_box_y() + page_box.height
        for cell, text in _table_text_boxes(page):
            checked += 1
            assert text.position_x + text.width <= right + 0.5, (number, text.text)
            assert text.position_y + text.height <= bottom + 0.5, (number, text.text)
            assert cell.position_x + cell.border_width() <= right + 0.5, (number, text.text)
    assert checked > 200


def test_headers_break_only_between_words(world, ledger, rule_sets):
    """A header wraps at spaces, never one syllable a line (e.g. '취', '업', '률')."""
    _, document = _layout(world, ledger)
    headers = 0
    for page in document.pages:
        for cell, text in _table_text_boxes(page):
            if cell.element_tag == "th" and text.text.strip():
                headers += 1
                assert set(text.text.split()) <= _cell_words(cell), text.text
    assert headers > 20


def _cell_words(cell) -> set[str]:
    """The words of the header's source text (what the template put into the cell)."""
    return set(" ".join(cell.element.itertext()).split())


def test_the_rates_table_is_printed_in_one_part_per_rule_set(world, ledger, rule_sets):
    context, _ = _layout(world, ledger)
    parts = [t for t in context["tables"] if t.title == context["d"].tables["rates"].title]
    assert [t.part for t in parts] == [r.name for r in context["d"].rules]
    for part in parts:
        # row type, name, completers, knowledge rate + the rule's six figures
        assert len(part.columns) == 10
        shorts = {c.label for c in part.columns[3:]}
        assert {short for short, _ in part.legend} == shorts - {pgettext("short", "Total")}
        assert len(part.rows) == len(context["d"].tables["rates"].rows)


def test_a_wide_table_without_groups_is_cut_into_parts_repeating_its_row_labels():
    columns = (Column("이름"), *(Column(f"{m}월", PERCENT) for m in range(1, 25)))
    table = ReportTable("t", "월별", columns, ((Cell("1기"),) + (Cell(0.5),) * 24,))
    parts = pdf.pdf_tables({"t": table})
    assert len(parts) == 3
    assert all(len(p.columns) <= pdf.MAX_COLUMNS and p.columns[0].label == "이름" for p in parts)
    assert sum(len(p.columns) - 1 for p in parts) == 24
