"""Benchmark of matching end to end: load from the database, run the engine, store.

Generates a program of ``--trainees`` trainees and ``--postings`` open postings in the
configured database inside one transaction that is rolled back at the end (nothing stays),
then measures

- a trainee's recommendation page: a GET of the real page (load from the database, engine,
  store the run, render) for ``--pages`` trainees without a stored run — p50/p95/max;
- the whole cohort plan: ``plan_run_execute`` on every trainee of the cohort (load, top-k
  candidates, max-flow min-cost plan, reasons for the unplaced, snapshot, store).

Named baselines, printed as ratios:

- **full-scan**: the same recommendation scored against every opening with
  ``FitScorer.score_pairs`` and sorted, instead of the engine's bounded top-k;
- **engine-only**: the engine's share of the end-to-end time (the rest is the database).

Targets: recommendation page p95 < 300 ms, cohort plan < 30 s.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

import numpy as np
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

REGIONS = ["gwangju", "gwangju", "gwangju", "seoul", "jeonnam", "daejeon"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark recommendations and the cohort plan end to end on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, default=10_000)
        parser.add_argument("--postings", type=int, default=2_000)
        parser.add_argument("--pages", type=int, default=100)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--profile", action="store_true", help="print where the page's time goes (cProfile)"
        )

    def handle(self, *args, **opts):
        self.rng = random.Random(opts["seed"])  # noqa: S311 - generated test data
        vendor = connection.vendor
        self.stdout.write(
            f"bench_matching on {vendor}: {opts['trainees']:,} trainees, "
            f"{opts['postings']:,} postings, {opts['pages']} page loads"
        )
        try:
            with transaction.atomic():
                self._run(opts)
                raise Rollback
        except Rollback:
            self.stdout.write("generated data rolled back")

    # -- data -----------------------------------------------------------------------------------
    def _generate(self, n_trainees: int, n_postings: int):
        from careerhub.academy.models import (
            Cohort,
            Consent,
            Course,
            Trainee,
            TraineeSkill,
            TrainingOperator,
        )
        from careerhub.accounts.models import User
        from careerhub.companies.models import Company
        from careerhub.core.tests.factories import valid_business_number
        from careerhub.hiring.models import JobPosting, PostingSkill
        from careerhub.taxonomy.models import JobRole, RoleGroup, Skill

        rng = self.rng
        started = time.perf_counter()
        groups = [
            RoleGroup.objects.create(code=f"bench-g{g}", name_ko=f"벤치 직군 {g}", name_en=f"G{g}")
            for g in range(4)
        ]
        roles = [
            JobRole.objects.create(
                code=f"bench-r{r}",
                name_ko=f"벤치 직무 {r}",
                name_en=f"Bench role {r}",
                group=groups[r % 4],
            )
            for r in range(16)
        ]
        skills = Skill.objects.bulk_create(
            Skill(code=f"bench-s{s}", name_ko=f"벤치 기술 {s}", name_en=f"Bench skill {s}")
            for s in range(300)
        )
        pool = {r.pk: rng.sample(skills, 30) for r in roles}
        today = timezone.localdate()
        cohort = Cohort.objects.create(
            number=9000 + rng.randrange(900),
            year=today.year,
            training_start=today - dt.timedelta(days=200),
            training_end=today + dt.timedelta(days=40),
        )
        operator = TrainingOperator.objects.create(name=f"벤치 운영기관 {cohort.number}")
        per_course = 500
        courses = [
            Course.objects.create(
                operator=operator,
                cohort=cohort,
                name=f"벤치 과정 {c}",
                track_role=roles[c % 16],
                capacity=per_course,
                start_date=cohort.training_start,
                end_date=cohort.training_end,
            )
            for c in range((n_trainees + per_course - 1) // per_course)
        ]
        users = User.objects.bulk_create(
            User(email=f"bench{cohort.number}-{i}@bench.invalid", name=f"벤치{i}")
            for i in range(n_trainees)
        )
        trainees = Trainee.objects.bulk_create(
            Trainee(
                user=users[i],
                course=courses[i // per_course],
                name=f"벤치 교육생 {i}",
                email=f"bench{cohort.number}-{i}@bench.invalid",
                enrolled_on=cohort.training_start,
                desired_regions=rng.sample(REGIONS[2:], 1) if rng.random() < 0.3 else ["gwangju"],
                available_from=today + dt.timedelta(days=rng.randrange(0, 150)),
            )
            for i in range(n_trainees)
        )
        through = Trainee.desired_roles.through
        role_rows, skill_rows, consents = [], [], []
        now = timezone.now()
        for i, t in enumerate(trainees):
            track = courses[i // per_course].track_role
            wanted = [track] + ([rng.choice(roles)] if rng.random() < 0.5 else [])
            for r in dict.fromkeys(wanted):
                role_rows.append(through(trainee_id=t.pk, jobrole_id=r.pk))
            own = rng.sample(pool[track.pk], 6) + rng.sample(skills, 2)
            for s in dict.fromkeys(own):
                skill_rows.append(
                    TraineeSkill(trainee_id=t.pk, skill_id=s.pk, level=rng.randint(1, 5))
                )
            if rng.random() < 0.8:
                consents.append(
                    Consent(trainee_id=t.pk, purpose="provision_companies", granted_at=now)
                )
        through.objects.bulk_create(role_rows, batch_size=5000)
        TraineeSkill.objects.bulk_create(skill_rows, batch_size=5000)
        Consent.objects.bulk_create(consents, batch_size=5000)
        companies = Company.objects.bulk_create(
            Company(
                name=f"벤치 기업 {cohort.number}-{c}",
                business_number=valid_business_number(cohort.number * 1000 + c),
            )
            for c in range(max(1, n_postings // 10))
        )
        postings = JobPosting.objects.bulk_create(
            JobPosting(
                company=companies[p % len(companies)],
                title=f"벤치 공고 {p}",
                role=(role := rng.choice(roles)),
                region=rng.choice(REGIONS),
                headcount=rng.randint(1, 5),
                deadline=today + dt.timedelta(days=rng.randrange(5, 120)),
                status="open",
            )
            for p in range(n_postings)
        )
        del role
        p_skills = []
        for p in postings:
            chosen = rng.sample(pool[p.role_id], 5) + rng.sample(skills, 1)
            for j, s in enumerate(dict.fromkeys(chosen)):
                p_skills.append(
                    PostingSkill(
                        posting_id=p.pk, skill_id=s.pk, required=j < 3, level=rng.randint(1, 4)
                    )
                )
        PostingSkill.objects.bulk_create(p_skills, batch_size=5000)
        self.stdout.write(
            f"  generated in {time.perf_counter() - started:.1f} s: "
            f"{len(skill_rows):,} trainee skills, {len(p_skills):,} posting skills, "
            f"{len(consents):,} consents"
        )
        return cohort, trainees

    # -- measurements ---------------------------------------------------------------------------
    def _run(self, opts):
        from careerhub.academy.models import Trainee
        from careerhub.matching import adapter, services
        from careerhub.matching.models import PlanRun, RecommendationRun

        cohort, trainees = self._generate(opts["trainees"], opts["postings"])
        sample = self.rng.sample(trainees, min(opts["pages"] + 5, len(trainees)))
        client = Client()
        timings = []
        profiler = None
        if opts["profile"]:
            import cProfile

            profiler = cProfile.Profile()
        with override_settings(ALLOWED_HOSTS=["*"]):
            for i, trainee in enumerate(sample):
                client.force_login(trainee.user)
                url = reverse("matching:trainee", args=[trainee.pk])
                if profiler is not None and i >= 5:
                    profiler.enable()
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                if profiler is not None:
                    profiler.disable()
                if response.status_code != 200:
                    raise RuntimeError(f"page answered {response.status_code}")
                if i >= 5:  # the first loads warm caches (numba kernels, taxonomy)
                    timings.append(elapsed)
        if profiler is not None:
            import pstats

            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
        stored = RecommendationRun.objects.filter(trainee__in=sample).count()
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]

        # baselines for one trainee: engine top-k vs full scan, and the engine's share
        today = timezone.localdate()
        openings = adapter.load_openings(today=today)
        engine_times, scan_times = [], []
        for trainee in sample[5:35]:
            info = adapter.load_trainees([trainee.pk])
            started = time.perf_counter()
            problem = adapter.Problem(info, openings)
            problem.top_openings(services.TRAINEE_TOP_K)
            engine_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            problem = adapter.Problem(info, openings)
            n = len(openings)
            scores = problem.score(np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64))
            np.argsort(-scores.total, kind="stable")[: services.TRAINEE_TOP_K]
            scan_times.append(time.perf_counter() - started)
        engine = statistics.median(engine_times)
        scan = statistics.median(scan_times)

        self.stdout.write("recommendation page (GET: load, engine, store, render)")
        self.stdout.write(
            f"  p50 {p50 * 1000:.0f} ms · p95 {p95 * 1000:.0f} ms · max {timings[-1] * 1000:.0f} ms"
            f" over {len(timings)} pages · {1 / p50:.1f} pages/s · {stored} runs stored"
            f" · target p95 < 300 ms: {'met' if p95 < 0.3 else 'NOT met'}"
        )
        self.stdout.write(
            f"  engine only (encode + top-k of {len(openings):,} openings): {engine * 1000:.1f} ms"
            f" = {engine / p50:.0%} of the page · full-scan baseline {scan * 1000:.1f} ms"
            f" (full-scan / top-k = {scan / engine:.2f}×)"
        )

        count = Trainee.objects.filter(course__cohort=cohort).count()
        run = PlanRun.objects.create(
            cohort=cohort, parameters=dict(services.DEFAULT_PLAN_PARAMETERS)
        )
        started = time.perf_counter()
        run = services.plan_run_execute(run_id=run.pk)
        elapsed = time.perf_counter() - started
        if run.status != "succeeded":
            raise RuntimeError(f"plan failed: {run.error}")
        self.stdout.write("cohort plan (load, candidates, max-flow min-cost, reasons, store)")
        self.stdout.write(
            f"  {elapsed:.2f} s for {count:,} trainees × {run.opening_count:,} openings"
            f" ({run.place_count:,} places) · {count / elapsed:,.0f} trainees/s"
            f" · placed {run.placed_count:,}"
            f" · target < 30 s: {'met' if elapsed < 30 else 'NOT met'}"
        )
        self.stdout.write(
            f"  per-pair baseline: {count * len(openings):,} pairs scored would be"
            f" {count * len(openings) / max(1, run.input_snapshot['candidate_pairs']):.0f}× the"
            f" {run.input_snapshot['candidate_pairs']:,} candidate pairs the plan used"
        )
