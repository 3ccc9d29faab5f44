"""Importing applications from CSV and XLSX: good, bad and repeated files."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.intake import importing
from careerhub.intake.models import Application, ApplicationChoice
from careerhub.intake.tests.conftest import AFTER, apply, at

HEADER = [
    "이름",
    "생년월일",
    "이메일",
    "휴대전화",
    "지역",
    "학력",
    "전공",
    "경력",
    "지원동기",
    "보유기술",
    "포트폴리오",
    "1지망",
    "2지망",
]


def good_rows():
    return [
        [
            "김하늘",
            "1998-01-05",
            "sky@example.kr",
            "010-2000-0001",
            "광주광역시",
            "대졸",
            "통계학",
            "",
            "데이터 분석가가 되고 싶습니다",
            "파이썬, SQL",
            "https://github.com/sky",
            "과정A",
            "",
        ],
        [
            "이바다",
            "1999.3.7",
            "sea@example.kr",
            "01020000002",
            "전남",
            "전문대졸",
            "",
            "2년 근무",
            "AI 서비스를 만들고 싶습니다",
            "",
            "",
            "과정A",
            "",
        ],
        [
            "박들",
            "20000412",
            "field@example.kr",
            "010 2000 0003",
            "서울",
            "고졸",
            "",
            "",
            "개발자로 전직",
            "자바",
            "",
            "과정A",
            "",
        ],
    ]


def csv_bytes(rows, encoding="utf-8-sig"):
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(world, cohort, name, content, actor="staff_a", operator=None):
    with at(AFTER):
        return importing.applications_import(
            actor=world.actor(actor),
            cohort=cohort,
            operator_id=(operator or world.op_a).pk,
            filename=name,
            content=content,
        )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("apps.csv", csv_bytes),
        ("apps.xlsx", xlsx_bytes),
        ("윈도.csv", lambda r: csv_bytes(r, "cp949")),
    ],
)
def test_good_file_imports_everything_in_one_go(world, cohort, name, make):
    report = run(world, cohort, name, make(good_rows()))
    assert report.ok, report.errors
    assert (report.rows, report.created, report.existing) == (3, 3, 0)
    apps = {a.name: a for a in Application.objects.all()}
    assert apps["이바다"].birth_date.isoformat() == "1999-03-07"
    assert apps["박들"].phone == "01020000003" and apps["박들"].region == "seoul"
    assert apps["김하늘"].education == "university" and apps["이바다"].education == "college"
    assert {a.source for a in apps.values()} == {"import"}
    assert {a.imported_by_id for a in apps.values()} == {world.op_a.pk}
    assert ApplicationChoice.objects.filter(course=world.course_a).count() == 3
    assert Event.objects.filter(verb="applications.imported").count() == 1


def test_bad_rows_import_nothing_and_are_listed_with_row_numbers(world, cohort):
    rows = good_rows()
    rows[1][1] = "1999-13-40"  # row 3
    rows[1][3] = "02-123-4567"
    rows[2][8] = "주민번호 000412-3234567"  # row 4
    rows[2][11] = "과정B"  # another operator's course
    rows.append(
        [
            "김하늘",
            "1998-01-05",
            "SKY@example.kr",
            "010-2000-0001",
            "광주",
            "대졸",
            "",
            "",
            "중복",
            "",
            "",
            "과정A",
            "",
        ]
    )
    report = run(world, cohort, "apps.csv", csv_bytes(rows))
    assert not report.ok
    assert [e.row for e in report.errors] == [3, 4, 5]
    reasons = {e.row: e.reasons for e in report.errors}
    assert any("1999-13-40" in r for r in reasons[3]) and any(
        "02-123-4567" in r for r in reasons[3]
    )
    assert any("지원동기" in r for r in reasons[4]) and any("과정B" in r for r in reasons[4])
    assert reasons[5] == ("Same applicant as row 2.",) or "2" in reasons[5][0]
    assert not Application.objects.exists()
    assert not Event.objects.filter(verb="applications.imported").exists()


def test_missing_columns_and_unreadable_files(world, cohort):
    report = run(world, cohort, "apps.csv", "이름,이메일\n김,a@b.kr\n".encode())
    assert "생년월일" in report.file_error and not Application.objects.exists()
    assert run(world, cohort, "apps.txt", b"x").file_error
    assert run(world, cohort, "apps.xlsx", b"not a zip").file_error


def test_reimport_creates_no_duplicates(world, cohort):
    content = xlsx_bytes(good_rows())
    assert run(world, cohort, "apps.xlsx", content).created == 3
    again = run(world, cohort, "apps.xlsx", content)
    assert (again.ok, again.created, again.existing) == (True, 0, 3)
    assert Application.objects.count() == 3
    assert sorted(Application.objects.values_list("receipt_seq", flat=True)) == [1, 2, 3]


def test_web_applicant_is_recognised_not_duplicated(world, cohort):
    apply(
        cohort,
        1,
        [world.course_a],
        email="sky@example.kr",
        name="김하늘",
        birth_date=__import__("datetime").date(1998, 1, 5),
        phone="01020000001",
    )
    report = run(world, cohort, "apps.csv", csv_bytes(good_rows()))
    assert (report.created, report.existing) == (2, 1)
    assert Application.objects.count() == 3


def test_email_of_another_person_is_a_bad_row_and_rolls_back(world, cohort):
    apply(cohort, 1, [world.course_a], email="sea@example.kr")
    report = run(world, cohort, "apps.csv", csv_bytes(good_rows()))
    assert [e.row for e in report.errors] == [3]
    assert report.created == 0
    assert Application.objects.count() == 1


def test_only_the_operators_own_staff_import(world, cohort):
    with pytest.raises(PermissionDenied):
        run(world, cohort, "apps.csv", csv_bytes(good_rows()), actor="staff_b")
    with pytest.raises(PermissionDenied):
        run(world, cohort, "apps.csv", csv_bytes(good_rows()), actor="office")
    assert not Application.objects.exists()
