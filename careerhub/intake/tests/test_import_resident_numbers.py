"""An application import refuses a 주민등록번호 in any column, even one it does not import."""

import io

import pytest
from openpyxl import Workbook

from careerhub.intake.models import Application
from careerhub.intake.tests.test_import import HEADER, good_rows, run


def table_bytes(name, header, rows):
    if name.endswith(".xlsx"):
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize("name", ["apps.csv", "apps.xlsx"])
def test_a_resident_number_column_is_a_row_error_naming_the_column(world, cohort, name):
    rows = [[*row, ""] for row in good_rows()]
    rows[1][-1] = "990307-2123456"  # row 3, a column the import does not read
    rows[2][6] = "000412 3234567"  # row 4, 전공
    content = table_bytes(name, [*HEADER, "주민등록번호"], rows)
    report = run(world, cohort, name, content)
    assert not report.ok
    assert [e.row for e in report.errors] == [3, 4]
    reasons = {e.row: e.reasons for e in report.errors}
    assert any(r.startswith("주민등록번호") for r in reasons[3]), reasons[3]
    assert any(r.startswith("전공") for r in reasons[4]), reasons[4]
    assert not Application.objects.exists()


def test_a_column_without_a_header_is_named_by_its_letter(world, cohort):
    rows = [[*row, "", "9903072123456"] for row in good_rows()]
    report = run(world, cohort, "apps.csv", table_bytes("apps.csv", HEADER, rows))
    assert [e.row for e in report.errors] == [2, 3, 4]
    assert all(any(r.startswith(("O열", "column O")) for r in e.reasons) for e in report.errors)
    assert not Application.objects.exists()


def test_screening_notes_and_override_reasons_refuse_a_resident_number(world, cohort):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from careerhub.intake import services
    from careerhub.intake.models import SelectionOverride
    from careerhub.intake.tests.conftest import AFTER, apply, at, one_stage

    application = apply(cohort, 1, [world.course_a])
    stage = one_stage(world.course_a)
    choice = application.choices.get()
    staff = world.actor("staff_a")
    with at(AFTER):
        with pytest.raises(ValidationError) as caught:
            services.scores_record(
                actor=staff, choice=choice, scores={stage.pk: Decimal(70)}, note="000101-3123456"
            )
        assert "note" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.override_set(
                actor=staff, choice=choice, kind="exclude", reason="본인 910203-2123456 요청"
            )
        assert "reason" in caught.value.message_dict
    assert not choice.scores.exists() and not SelectionOverride.objects.exists()
