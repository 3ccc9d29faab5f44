"""Posting import: a good file, a bad file (nothing written), the same file again, XLSX."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from careerhub.companies.models import Company
from careerhub.conftest import roles_except
from careerhub.core import korean
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f
from careerhub.hiring import imports
from careerhub.hiring.extraction import PostingReader
from careerhub.hiring.models import JobPosting, PostingImport, PostingSkill
from careerhub.taxonomy.services import taxonomy_load_curated

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "member_postings.csv"
HEADER = [
    "기업명",
    "사업자등록번호",
    "공고명",
    "직무",
    "상세내용",
    "근무지역",
    "모집인원",
    "마감일",
]


@pytest.fixture(scope="module")
def taxonomy(django_db_setup, django_db_blocker):
    """The curated taxonomy for the whole module, and one engine reader built from it."""
    with django_db_blocker.unblock():
        taxonomy_load_curated(actor=None)
        reader = PostingReader()
    yield reader
    with django_db_blocker.unblock():
        from careerhub.taxonomy.models import JobRole, RoleGroup, Skill

        JobRole.objects.all().delete()
        Skill.objects.all().delete()
        RoleGroup.objects.all().delete()


def run(world, content: bytes, reader, *, who="office", name="postings.csv", **kw):
    return imports.postings_import(
        actor=world.actor(who), file_name=name, content=content, reader=reader, **kw
    )


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_sample_file_imports_matches_companies_and_reads_roles(world, taxonomy):
    sample_rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))[1:]
    existing_number = korean.business_number_normalize(sample_rows[0][1])
    existing = f.CompanyFactory(name="빛가람데이터랩(기존 등록)", business_number=existing_number)
    report = run(world, SAMPLE.read_bytes(), taxonomy, name="member_postings.csv")
    assert report.ok, report.errors
    numbers = {r[1] for r in sample_rows}
    assert report.rows == len(sample_rows) == 12
    assert report.created == 12 and report.duplicates == 0
    assert report.companies_created == len(numbers) - 1
    assert all(korean.business_number_is_valid(n) for n in numbers)
    assert JobPosting.objects.filter(company=existing).count() == 2
    assert Company.objects.get(pk=existing.pk).name == "빛가람데이터랩(기존 등록)"
    backend = JobPosting.objects.get(title="백엔드 개발자 (Django)")
    assert backend.role.code == "backend-developer"
    assert {"python", "django", "docker"} <= set(
        backend.skills.values_list("skill__code", flat=True)
    )
    assert backend.status == "open" and not backend.needs_review
    vision = JobPosting.objects.get(title="컴퓨터 비전 엔지니어")
    assert vision.role.code == "cv-engineer" and vision.region == "gwangju"
    named = JobPosting.objects.get(title="MLOps 엔지니어")
    assert named.extraction_confidence == 1.0 and named.employment_type == "contract"
    vague = JobPosting.objects.get(title="사원 모집")
    assert vague.needs_review and vague.status == "draft" and vague.region == "jeonnam"
    assert JobPosting.objects.get(title="QA 엔지니어").region == "remote"
    intern = JobPosting.objects.get(title__startswith="프론트엔드")
    assert intern.employment_type == "intern_to_hire" and intern.headcount == 3
    batch = PostingImport.objects.get()
    assert batch.created_count == 12 and batch.review_count == report.review >= 1
    created = Company.objects.exclude(pk__in=[existing.pk, world.company_x.pk, world.company_y.pk])
    assert created.count() == 5 and not created.exclude(stage=None).exists()


def test_same_file_again_creates_nothing_new(world, taxonomy):
    content = SAMPLE.read_bytes()
    first = run(world, content, taxonomy)
    counts = (JobPosting.objects.count(), PostingSkill.objects.count(), Company.objects.count())
    second = run(world, content, taxonomy)
    assert first.created == 12
    assert second.ok and second.created == 0 and second.duplicates == 12
    assert second.companies_created == 0
    assert (
        JobPosting.objects.count(),
        PostingSkill.objects.count(),
        Company.objects.count(),
    ) == counts


def test_the_same_rows_as_xlsx_are_the_same_postings(world, taxonomy):
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(world, buffer.getvalue(), taxonomy, name="회원사공고.xlsx")
    assert report.ok and report.created == 12
    again = run(world, SAMPLE.read_bytes(), taxonomy)
    assert again.created == 0 and again.duplicates == 12


def test_bad_rows_are_reported_by_number_and_nothing_is_written(world, taxonomy):
    good = [
        "(주)좋은기업",
        "124-81-00998",
        "데이터 엔지니어",
        "",
        "Spark, SQL",
        "광주",
        "1",
        "2027-01-10",
    ]
    rows = [
        good,
        ["(주)나쁜번호", "123-45-67890", "AI 엔지니어", "", "", "광주", "1", "2027-01-10"],
        ["", "124-81-00998", "", "", "", "화성", "열명", "내일까지"],
        [*good[:6], "0명", "2027-02-30"],
    ]
    before = (JobPosting.objects.count(), Company.objects.count(), PostingImport.objects.count())
    report = run(world, csv_bytes(rows), taxonomy)
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "사업자등록번호"),
        (4, "기업명"),
        (4, "공고명"),
        (4, "근무지역"),
        (4, "모집인원"),
        (4, "마감일"),
        (5, "모집인원"),
        (5, "마감일"),
    ]
    messages = [str(e) for e in report.errors]
    assert messages[0] == (
        "3행 사업자등록번호: 올바른 사업자등록번호가 아닙니다: '123-45-67890' (검증번호 불일치)"
    )
    assert "'화성'" in messages[3] and "지역" in messages[3]
    assert (
        JobPosting.objects.count(),
        Company.objects.count(),
        PostingImport.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("postings.txt", b"x", "CSV 또는 XLSX"),
        ("postings.csv", b"", "비어"),
        (
            "postings.csv",
            "기업명,공고명\n가,나\n".encode(),
            "필수 열이 없습니다: 사업자등록번호, 근무지역, 마감일",
        ),
        ("postings.xlsx", b"not a zip", "엑셀 파일을 읽을 수 없습니다"),
        ("postings.csv", ",".join(HEADER).encode() + b"\n", "헤더 아래에 공고가 없습니다"),
    ],
)
def test_unreadable_files_are_explained(world, taxonomy, name, content, fragment):
    report = run(world, content, taxonomy, name=name)
    assert not report.ok and report.errors[0].row == 0
    assert fragment in report.errors[0].message
    assert not PostingImport.objects.exists()


def test_cp949_csv_is_read(world, taxonomy):
    content = (
        csv_bytes(
            [
                [
                    "(주)한글기업",
                    "124-81-00998",
                    "데이터 분석가",
                    "데이터 분석가",
                    "SQL",
                    "서울",
                    "1",
                    "2027.1.5.",
                ]
            ]
        )
        .decode("utf-8-sig")
        .encode("cp949")
    )
    report = run(world, content, taxonomy)
    assert report.ok and JobPosting.objects.get().company.name == "(주)한글기업"


def test_operator_import_belongs_to_the_operator(world, taxonomy):
    report = run(world, SAMPLE.read_bytes(), taxonomy, who="staff_a")
    assert report.batch.operator == world.op_a
    with pytest.raises(PermissionDenied):
        run(world, SAMPLE.read_bytes(), taxonomy, who="staff_a", operator_id=world.op_b.pk)


@pytest.mark.parametrize("who", roles_except("office", "staff_a", "staff_b"))
def test_only_staff_import(world, taxonomy, who):
    with pytest.raises(PermissionDenied):
        run(world, SAMPLE.read_bytes(), taxonomy, who=who)
    assert not JobPosting.objects.exists()
