"""Benchmark: the program office dashboard on a national-scale program (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerhub_bench \\
        .venv/bin/python manage.py bench_dashboard

Generates (with COPY) 100,000 trainees in 10 cohorts over 5 years, 20,000 companies (400 of
them through the attraction pipeline) and the confirmed outcomes of 5 years of completers,
then measures:

- the baseline: the outcome calculator run over the whole ledger for one request
  (``outcomes.selectors.rate_table_for``, what a dashboard without standings would do);
- the cold build of the standings (``standings_refresh(full=True)``);
- the dashboard page itself (the real view through Django's test client: filters, every
  query, SVG charts, template) many times: p50, p95, max and requests per second; once
  right after a handful of outcomes were confirmed (incremental refresh) and with a cohort
  filter.

It refuses to run unless the database is PostgreSQL and its name contains "bench", because
it empties the tables it fills.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

SEOUL = dt.timezone(dt.timedelta(hours=9))


def _valid_business_number(seed: int) -> str:
    from careerhub.core.korean import business_number_is_valid

    base = f"{(seed * 7919 + 1010101) % 10**9:09d}"
    for check in range(10):
        if business_number_is_valid(base + str(check)):
            return base + str(check)
    raise CommandError("no check digit")  # pragma: no cover - every prefix has one


def _copy(table: str, columns: list[str], rows) -> int:
    n = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


class Command(BaseCommand):
    help = "Generate a national-scale program and time the program office dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, default=100_000)
        parser.add_argument("--companies", type=int, default=20_000)
        parser.add_argument("--requests", type=int, default=40)
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the generated data of a previous run."
        )

    def handle(self, *args, **opts):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError(
                "Run this on a PostgreSQL database whose name contains 'bench' "
                "(it empties the tables it fills), e.g. "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerhub_bench"
            )
        call_command("migrate", verbosity=0)
        from careerhub.academy.models import Trainee

        if not opts["reuse"] or not Trainee.objects.exists():
            started = time.perf_counter()
            counts = self._generate(opts["trainees"], opts["companies"], opts["seed"])
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"generated {counts} in {seconds:.1f} s "
                f"({sum(counts.values()) / seconds:,.0f} rows/s)"
            )
        self._measure(opts["requests"])

    # --- generation -------------------------------------------------------------------------

    def _generate(self, n_trainees: int, n_companies: int, seed: int) -> dict[str, int]:
        from careerhub.academy.models import Cohort, Course, TrainingOperator
        from careerhub.accounts.models import Membership, Role, User
        from careerhub.companies.models import AttractionTarget
        from careerhub.reports.models import RefreshMark
        from careerhub.taxonomy.models import JobRole, RoleGroup

        rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        now = timezone.now()
        tables = [
            "reports_standing",
            "reports_traineesnapshot",
            "reports_refreshmark",
            "outcomes_outcomerevision",
            "outcomes_outcome",
            "outcomes_enrolmentintent",
            "academy_traineestatuschange",
            "academy_trainee",
            "companies_stagechange",
            "companies_company",
            "academy_course",
            "academy_cohort",
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        RefreshMark.objects.all().delete()
        with transaction.atomic():
            office, _ = User.objects.get_or_create(
                email="bench-office@careerhub.kr", defaults={"name": "벤치 사업단"}
            )
            Membership.objects.get_or_create(user=office, role=Role.PROGRAM_STAFF)
            group, _ = RoleGroup.objects.get_or_create(
                code="bench-ai", defaults={"name_ko": "AI", "name_en": "AI"}
            )
            roles = list(JobRole.objects.all()[:8])
            if not roles:
                roles = [
                    JobRole.objects.create(
                        code=f"bench-role-{i}", group=group, name_ko=f"직무{i}", name_en=f"Role {i}"
                    )
                    for i in range(8)
                ]
            operators = [
                TrainingOperator.objects.get_or_create(name=f"벤치 운영기관 {i + 1:02d}")[0]
                for i in range(12)
            ]
            cohorts = []
            for i in range(10):  # two cohorts a year, completions 2021-2026
                start = dt.date(2021 + i // 2, 1 if i % 2 == 0 else 7, 1)
                cohorts.append(
                    Cohort.objects.create(
                        number=i + 1,
                        year=start.year,
                        training_start=start,
                        training_end=start + dt.timedelta(days=150),
                    )
                )
            courses = []
            for cohort in cohorts:
                for op in operators:
                    for k in range(4):
                        courses.append(
                            Course(
                                operator=op,
                                cohort=cohort,
                                name=f"{op.name} 과정 {k + 1}",
                                track_role=roles[(k + op.pk) % len(roles)],
                                capacity=250,
                                start_date=cohort.training_start,
                                end_date=cohort.training_end,
                            )
                        )
            courses = Course.objects.bulk_create(courses)
            AttractionTarget.objects.update_or_create(
                year=now.year, defaults={"new_mous": 60, "cumulative_mous": 310, "offices": 40}
            )
        today = timezone.localdate()

        # Trainees: spread evenly over the courses; 85 % complete, 8 % drop out.
        trainee_rows, outcomes = [], []
        per_course = n_trainees // len(courses)
        tid = 0
        for course in courses:
            for _ in range(per_course + (1 if course.pk <= n_trainees % len(courses) else 0)):
                tid += 1
                roll = rng.random()
                finished = course.end_date < today
                status, done, dropped = "enrolled", None, None
                if finished and roll < 0.85:
                    status, done = "completed", course.end_date
                elif roll >= 0.92:
                    status, dropped = "dropped", course.start_date + dt.timedelta(days=30)
                trainee_rows.append(
                    (
                        tid,
                        now,
                        now,
                        None,
                        course.pk,
                        f"교육생{tid:06d}",
                        f"t{tid}@bench.kr",
                        "",
                        None,
                        status,
                        course.start_date,
                        dropped,
                        "개인 사정" if dropped else "",
                        done,
                        "[]",
                        None,
                        "",
                        None,
                    )
                )
                if done is None:
                    continue
                kind = rng.random()
                if kind < 0.70:  # employed within a year
                    start = done + dt.timedelta(days=int(rng.expovariate(1 / 75)) - 10)
                    outcomes.append(
                        (
                            tid,
                            "employed",
                            start,
                            rng.random() < 0.6,
                            course.track_role_id
                            if rng.random() < 0.7
                            else roles[rng.randrange(len(roles))].pk,
                        )
                    )
                    if rng.random() < 0.15:  # a second job later
                        outcomes.append(
                            (tid, "employed", start + dt.timedelta(days=200), False, None)
                        )
                elif kind < 0.75:
                    outcomes.append((tid, "startup", done + dt.timedelta(days=60), True, None))
                elif kind < 0.80:
                    outcomes.append(
                        (tid, "further_study", done + dt.timedelta(days=40), False, None)
                    )
        cols = [
            "id",
            "created_at",
            "updated_at",
            "user_id",
            "course_id",
            "name",
            "email",
            "phone",
            "birth_date",
            "status",
            "enrolled_on",
            "dropped_on",
            "drop_reason",
            "completed_on",
            "desired_regions",
            "available_from",
            "introduction",
            "consultant_id",
        ]
        counts = {"trainees": _copy("academy_trainee", cols, trainee_rows)}
        outcome_cols = [
            "created_at",
            "updated_at",
            "trainee_id",
            "outcome_type",
            "status",
            "source",
            "start_date",
            "end_date",
            "company_id",
            "company_name",
            "job_role_id",
            "job_title",
            "employment_type",
            "insurance",
            "in_field",
            "in_city",
            "annual_salary",
            "absence_weeks",
            "reason",
            "evidence_file",
            "evidence_reference",
            "verified_by_id",
            "verified_at",
            "startup_team_id",
            "version",
        ]

        def outcome_rows():
            for trainee_id, kind, start, in_city, role_id in outcomes:
                employed = kind == "employed"
                yield (
                    now,
                    now,
                    trainee_id,
                    kind,
                    "confirmed",
                    "staff",
                    start,
                    None,
                    None,
                    "벤치기업" if employed else "",
                    role_id,
                    "",
                    "full_time" if employed else "",
                    "confirmed" if rng.random() < 0.8 else "not_covered",
                    True,
                    in_city,
                    None,
                    None,
                    "",
                    "",
                    "고용보험 확인",
                    office.pk,
                    now,
                    None,
                    1,
                )

        counts["outcomes"] = _copy("outcomes_outcome", outcome_cols, outcome_rows())
        company_cols = [
            "created_at",
            "updated_at",
            "name",
            "business_number",
            "size",
            "sector",
            "hq_region",
            "has_city_office",
            "city_office_opened_on",
            "stage",
            "stage_since",
            "website",
            "description",
        ]
        counts["companies"] = _copy(
            "companies_company",
            company_cols,
            (
                (
                    now,
                    now,
                    f"벤치기업 {i:05d}",
                    _valid_business_number(i),
                    "small",
                    "AI",
                    "gwangju",
                    False,
                    None,
                    None,
                    None,
                    "",
                    "",
                )
                for i in range(n_companies)
            ),
        )
        with connection.cursor() as cursor:
            for table in ("academy_trainee", "outcomes_outcome", "companies_company"):
                sql = (  # table names are the constants above
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
                cursor.execute(sql)
            # 400 companies signed an MOU over five years; every third opened an office.
            cursor.execute(
                "INSERT INTO companies_stagechange (company_id, from_stage, to_stage, "
                "effective_at, recorded_at, note) "
                "SELECT id, '', 'mou', %s - (id * interval '4 days'), %s, '' "
                "FROM companies_company WHERE id <= 400",
                [now, now],
            )
            cursor.execute(
                "INSERT INTO companies_stagechange (company_id, from_stage, to_stage, "
                "effective_at, recorded_at, note) "
                "SELECT id, 'mou', 'office', %s - (id * interval '3 days'), %s, '' "
                "FROM companies_company WHERE id <= 400 AND id %% 3 = 0",
                [now, now],
            )
            cursor.execute("ANALYZE")
        return counts

    # --- measurement ----------------------------------------------------------------------

    def _time(self, fn) -> float:
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    @override_settings(ALLOWED_HOSTS=["*"], DEBUG=False)
    def _measure(self, n_requests: int) -> None:
        from careerhub.accounts.actors import actor_for
        from careerhub.accounts.models import User
        from careerhub.outcomes import selectors as outcome_selectors
        from careerhub.outcomes.models import Outcome
        from careerhub.reports.services import standings_refresh

        office = User.objects.get(email="bench-office@careerhub.kr")
        actor = actor_for(office)
        rows = {
            "trainees": connection.cursor()
            .execute("SELECT count(*) FROM academy_trainee")
            .fetchone()[0],
            "outcomes": Outcome.objects.count(),
        }
        self.stdout.write(f"database: {rows}")

        baseline = [
            self._time(lambda: outcome_selectors.rate_table_for(actor=actor)) for _ in range(3)
        ]
        self.stdout.write(
            f"baseline — calculator over the whole ledger per request "
            f"(outcomes.rate_table_for): median {statistics.median(baseline):,.0f} ms"
        )
        cold = self._time(lambda: standings_refresh(full=True))
        self.stdout.write(f"cold build of the standings (once, then incremental): {cold:,.0f} ms")

        client = Client()
        client.force_login(office)
        url = reverse("reports:office")
        cache.clear()
        first = self._time(lambda: client.get(url))
        timings = []
        for _ in range(n_requests):
            timings.append(self._time(lambda: self._ok(client.get(url))))
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        self.stdout.write(
            f"dashboard page, first request (gap cache empty): {first:,.0f} ms\n"
            f"dashboard page × {n_requests}: p50 {p50:,.0f} ms · p95 {p95:,.0f} ms · "
            f"max {max(timings):,.0f} ms · {1000 * n_requests / sum(timings):.1f} requests/s"
        )
        self.stdout.write(
            f"ratio: baseline / dashboard p95 = {statistics.median(baseline) / p95:.1f}× "
            f"(and the dashboard renders far more than the rate table)"
        )
        filtered = [
            self._time(lambda: self._ok(client.get(url + "?cohort=9&rule=kr-training")))
            for _ in range(10)
        ]
        self.stdout.write(
            f"dashboard filtered to one cohort: p50 {statistics.median(filtered):,.0f} ms"
        )
        ids = list(Outcome.objects.order_by("?").values_list("pk", flat=True)[:20])
        incremental = []
        for pk in ids:
            outcome = Outcome.objects.get(pk=pk)
            outcome.in_city = not outcome.in_city
            outcome.save(update_fields=["in_city", "updated_at"])
            incremental.append(self._time(lambda: self._ok(client.get(url))))
        self.stdout.write(
            f"dashboard right after an outcome changed (incremental refresh): "
            f"p50 {statistics.median(incremental):,.0f} ms · max {max(incremental):,.0f} ms"
        )

    def _ok(self, response) -> None:
        if response.status_code != 200:
            raise CommandError(f"dashboard answered {response.status_code}")
