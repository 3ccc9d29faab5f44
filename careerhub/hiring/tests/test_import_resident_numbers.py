"""A posting import with a 주민등록번호 in any cell is refused row by row and writes nothing."""

from careerhub.companies.models import Company
from careerhub.hiring.models import JobPosting, PostingImport
from careerhub.hiring.tests.test_import import HEADER, csv_bytes, run, taxonomy  # noqa: F401

GOOD = [
    "(주)좋은기업",
    "124-81-00998",
    "데이터 엔지니어",
    "",
    "Spark, SQL",
    "광주",
    "1",
    "2027-01-10",
]


def test_a_resident_number_in_a_posting_row_is_a_row_error_naming_the_column(world, taxonomy):  # noqa: F811
    other = [*GOOD[:2], "AI 엔지니어", "", "담당자 880808-1234567 연락", "광주", "1", "2027-01-10"]
    rows = [
        [*GOOD, ""],
        [*other, ""],
        [*GOOD[:2], "백엔드", "", "", "광주", "1", "2027-01-11", "9001012234567"],
    ]
    before = (JobPosting.objects.count(), Company.objects.count(), PostingImport.objects.count())
    report = run(world, csv_bytes(rows, header=[*HEADER, "비고"]), taxonomy)
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, "상세내용"), (4, "비고")]
    assert str(report.errors[0]).startswith("3행 상세내용: ")
    assert (
        JobPosting.objects.count(),
        Company.objects.count(),
        PostingImport.objects.count(),
    ) == before


def test_a_resident_number_beyond_the_header_names_the_column_letter(world, taxonomy):  # noqa: F811
    rows = [[*GOOD, "", "900101-1234567"]]
    report = run(world, csv_bytes(rows), taxonomy)
    assert [e.row for e in report.errors] == [2]
    assert report.errors[0].column in ("J열", "column J")  # before the Korean catalogue is merged
    assert not JobPosting.objects.exists()
