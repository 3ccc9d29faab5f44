"""``manage.py bench_import [--rows 5000] [--companies 200]``: time a posting import.

Builds a CSV of ``--rows`` valid postings over ``--companies`` new companies (the documented
maximum is 5,000 rows), then imports it twice inside one transaction that is rolled back at
the end, so the database is left as it was: once through ``postings_import`` (check + write,
what the background task does), and the phases apart — reading and checking every row, then
writing them. Prints seconds and rows per second."""

from __future__ import annotations

import csv
import io
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from careerhub.core.actors import Actor
from careerhub.hiring import imports
from careerhub.hiring.extraction import PostingReader
from careerhub.hiring.models import JobPosting

HEADER = list(imports.COLUMNS)[:8]  # 기업명 … 마감일
TITLES = ("백엔드 개발자", "데이터 분석가", "머신러닝 엔지니어", "프론트엔드 개발자", "QA 엔지니어")


def business_number(n: int) -> str:
    """A valid 사업자등록번호 (checksum) from a sequence number."""
    digits = [int(c) for c in f"{100000000 + n * 7919:09d}"[-9:]]
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(d * w for d, w in zip(digits, weights, strict=True)) + digits[8] * 5 // 10
    check = (10 - total % 10) % 10
    text = "".join(map(str, digits)) + str(check)
    return f"{text[:3]}-{text[3:5]}-{text[5:]}"


def bench_csv(rows: int, companies: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        c = i % companies
        writer.writerow(
            [
                f"벤치기업{c}",
                business_number(c + 1),
                f"{TITLES[i % len(TITLES)]} {i}",
                "",
                "Python, SQL, Docker 경험자 우대. 광주 근무.",
                "광주",
                "2",
                "2027-06-30",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time a posting import of N rows (rolled back afterwards)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=imports.MAX_ROWS)
        parser.add_argument("--companies", type=int, default=200)

    def handle(self, *args, rows: int, companies: int, **options) -> None:
        content = bench_csv(rows, companies)
        actor = Actor(user=None, program_staff=True)
        reader = PostingReader()
        try:
            with transaction.atomic():
                started = time.perf_counter()
                report = imports.postings_import(
                    actor=actor, file_name="bench.csv", content=content, reader=reader
                )
                total = time.perf_counter() - started
                assert report.ok, report.errors[:3]
                created = JobPosting.objects.filter(import_batch=report.batch).count()
                self.stdout.write(
                    f"postings_import: {rows} rows, {created} postings, {report.companies_created}"
                    f" companies in {total:.2f} s ({rows / total:,.0f} rows/s)"
                )
                transaction.set_rollback(True)
            with transaction.atomic():
                started = time.perf_counter()
                table = imports.read_table("bench.csv", content)
                _parsed, errors = imports.parse_rows(table, reader)
                checked = time.perf_counter() - started
                assert not errors
                self.stdout.write(f"  check phase: {checked:.2f} s ({rows / checked:,.0f} rows/s)")
                raise Rollback
        except Rollback:
            pass
        write = total - checked
        self.stdout.write(f"  write phase: {write:.2f} s ({rows / max(write, 1e-9):,.0f} rows/s)")
