"""``manage.py bench_load``: the production stack under mixed-role load, on a throwaway
PostgreSQL database.

1. Creates ``bench_<random>`` on the PostgreSQL server of DATABASE_URL (127.0.0.1,
   localhost or a local socket only), migrates it, loads the demo program (seed_demo) and
   collects the static files.
2. Starts the production stack on 127.0.0.1 with the production settings: gunicorn with the
   repository's ``gunicorn.conf.py`` (when present), the task worker (``db_worker``), the
   scheduler (when present) and a probe that enqueues an empty task every second.
3. Measures each page's first load, logs in the virtual users (each its own session) and
   drives 8, 32 and 64 of them (``--levels``), each making ``--requests`` requests with a
   think time between steps.
4. Prints per level: requests/s, p50/p95/p99, errors, refused moves, a per-page table, the
   task worker's queue delay, and the ratio against the baseline measured before this
   benchmark existed (32 users: 25.1 requests/s, p95 1,329 ms).
5. Stops everything and drops the database (``--keep`` keeps it).

``--checkout DIR`` runs steps 1–2 from another checkout of careerhub (an older commit, e.g.
``git worktree add /tmp/baseline <commit>``) with this virtual environment, and drives it with
this driver: the same users on the same machine, so that the baseline's figures can be
reproduced and a change compared with the code before it. What the older checkout lacks is
left out: without ``gunicorn.conf.py`` gunicorn runs 4 sync workers (the layout the baseline was
measured with), without the bench settings there are no per-page query and CPU columns, and
without the probe task no queue delay.

``--faults`` runs every level under the faults a bad day brings, and then checks the outbox
and the background runs. The stack sends its mail to a mail server of the benchmark's own
(``careerhub.demo.smtpsink``), which refuses connections for the first ``FAULT_MAIL_UP``
seconds of each level. The program office asks for a cohort plan (a background run) at the
level's start, and every task worker is killed (SIGKILL) once that run is running (at the
latest ``FAULT_KILL_BY`` seconds in) and started again (as a supervisor would)
``FAULT_RESTART_AFTER`` seconds later. Errors are counted as in any level (a request that
answered 500 because the mail server was down would be one). After the levels it waits until
the outbox has delivered what it could (failed attempts are retried after a minute), then
prints what the outbox wrote, sent, retried and failed against what the mail server
received: any message received twice, or marked sent and never received, is a fault of the
outbox. It also waits until every plan run of the levels has ended — one whose worker was
killed is failed by the reaper (under ``--faults`` the stack runs with a heartbeat timeout of
``FAULT_HEARTBEAT_TIMEOUT`` seconds and the reaper every ``FAULT_REAP_EVERY``) — and prints
how each ended.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerhub.demo import loadbench as lb
from careerhub.demo.smtpsink import SmtpSink

BENCH_SETTINGS = "careerhub.demo.bench_settings"  # production + per-request query/CPU headers
PRODUCTION_SETTINGS = "careerhub.settings.production"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
BASELINE_USERS = 32
BASELINE_RATE = 25.1  # requests/s at 32 users, measured by a tester before this benchmark
BASELINE_P95 = 1329.0  # ms, same run
BASELINE_FIRST_LOADS = {"caseload (office)": 4950, "candidates (recruiter)": 4000}
QUIET_QUEUE_SECONDS = 180.0  # at most this long for the start-up work of the task workers
FAULT_KILL_BY = 15.0  # (--faults) every task worker is killed once the level's plan run is
# running, or this many seconds into the level at the latest
FAULT_RESTART_AFTER = 2.0  # … and started again this much later
FAULT_MAIL_UP = 12.0  # the mail server refuses connections until then (later if the restart is)
FAULT_HEARTBEAT_TIMEOUT = 30  # RUN_HEARTBEAT_TIMEOUT_SECONDS of the stack under --faults
FAULT_REAP_EVERY = 15  # SCHEDULE_RUNS_REAP_SECONDS of the stack under --faults
DRAIN_SECONDS = 240.0  # at most this long for the outbox's retries and the reaper afterwards
DEMO_PASSWORD = "careerhub-demo"  # noqa: S105 - the documented demo password (README)


def bench_database_settings(db: dict[str, Any]) -> dict[str, Any]:
    """Where the throwaway database may be made: a PostgreSQL server on this machine only."""
    if "postgresql" not in db.get("ENGINE", ""):
        raise CommandError("bench_load needs PostgreSQL: set DATABASE_URL=postgres://…")
    host = str(db.get("HOST") or "")
    if host not in LOCAL_HOSTS and not host.startswith("/"):
        raise CommandError(
            f"bench_load creates and drops a database: it runs only against a PostgreSQL "
            f"server on this machine (127.0.0.1, localhost or a socket), not {host!r}."
        )
    return {
        "host": host or None,
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }


@dataclass(frozen=True)
class Stack:
    """What the checkout at ``base`` can run: the settings module of the server, and whether it
    has a gunicorn configuration, the scheduler and the queue probe."""

    base: Path
    settings_module: str
    gunicorn_conf: Path | None
    scheduler: bool
    probe: bool


def stack_for(base: Path) -> Stack:
    if not (base / "manage.py").is_file() or not (base / "careerhub").is_dir():
        raise CommandError(f"{base} is not a checkout of careerhub (no manage.py and careerhub/)")
    app = base / "careerhub"
    with_headers = (app / "demo" / "bench_settings.py").is_file()
    conf = base / "gunicorn.conf.py"
    return Stack(
        base=base,
        settings_module=BENCH_SETTINGS if with_headers else PRODUCTION_SETTINGS,
        gunicorn_conf=conf if conf.is_file() else None,
        scheduler=(app / "core" / "management" / "commands" / "scheduler.py").is_file(),
        probe=(app / "demo" / "management" / "commands" / "bench_load.py").is_file(),
    )


@dataclass(frozen=True)
class OutboxTally:
    """The outbox's rows of a run against what the mail server received."""

    by_status: Counter[str]
    retried: int  # sent after at least one failed attempt
    failed_reasons: Counter[str]
    twice: dict[str, int]  # received more than once: id -> times
    never_arrived: set[str]  # marked sent, never received
    not_marked: set[str]  # received, not marked sent (the sender died in between)

    @property
    def exactly_once(self) -> bool:
        return not self.twice and not self.never_arrived and not self.by_status.get("pending")


def outbox_tally(rows: Sequence[tuple[int, str, int, str]], received: Counter[str]) -> OutboxTally:
    """``rows``: (id, status, attempts, last error) of each email of the run; ``received``:
    how many times the mail server got each id (as text)."""
    sent = {str(pk) for pk, status, _a, _e in rows if status == "sent"}
    ours = {str(pk) for pk, *_rest in rows}
    return OutboxTally(
        by_status=Counter(status for _pk, status, _a, _e in rows),
        retried=sum(1 for _pk, status, attempts, _e in rows if status == "sent" and attempts > 1),
        failed_reasons=Counter(error for _pk, status, _a, error in rows if status == "failed"),
        twice={pk: n for pk, n in received.items() if n > 1},
        never_arrived=sent - set(received),
        not_marked=(set(received) & ours) - sent,
    )


def database_url(server: dict[str, Any], name: str) -> str:
    auth = quote(server["user"] or "", safe="")
    if server["password"]:
        auth += ":" + quote(server["password"], safe="")
    host = server["host"] or ""
    if host.startswith("/"):
        return f"postgres://{auth}@/{name}?host={quote(host, safe='')}&port={server['port']}"
    host = f"[{host}]" if ":" in host else host
    return f"postgres://{auth}@{host}:{server['port']}/{name}"


class Command(BaseCommand):
    help = (
        "Load benchmark: the production stack (gunicorn, task worker) on a throwaway "
        "PostgreSQL database with the demo program, driven by mixed-role virtual users."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--levels", default="8,32,64", help="Concurrent users per level.")
        parser.add_argument(
            "--requests", type=int, default=30, help="Requests each virtual user makes per level."
        )
        parser.add_argument(
            "--think",
            type=float,
            default=0.5,
            help="Mean think time in seconds between steps (uniform over ±50 %%).",
        )
        parser.add_argument("--port", type=int, default=8114, help="Port on 127.0.0.1.")
        parser.add_argument(
            "--workers", type=int, default=0, help="gunicorn workers (default: its config)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed of the users.")
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--faults",
            action="store_true",
            help=(
                "Every level with the mail server down for a while and the task workers killed "
                "during a cohort plan; then check that each message was sent exactly once and "
                "that every plan run ended."
            ),
        )
        parser.add_argument(
            "--checkout",
            type=Path,
            default=None,
            help=(
                "Run the stack from this checkout of careerhub (an older commit) with this "
                "virtual environment, driven by the same users."
            ),
        )
        parser.add_argument("--probe-queue", action="store_true", help=argparse.SUPPRESS)

    # --- the probe subprocess -----------------------------------------------------------------

    def _probe(self) -> None:
        from careerhub.demo.tasks import bench_probe

        parent = os.getppid()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        while not stop.is_set() and os.getppid() == parent:
            bench_probe.enqueue()
            stop.wait(1.0)

    # --- the run ------------------------------------------------------------------------------

    def handle(self, *args: Any, **options: Any) -> None:
        if options["probe_queue"]:
            self._probe()
            return
        levels = [int(x) for x in str(options["levels"]).split(",") if x.strip()]
        if not levels or min(levels) < 1:
            raise CommandError("--levels: comma-separated numbers of users, e.g. 8,32,64")
        server = bench_database_settings(settings.DATABASES["default"])
        self.stack = stack_for((options["checkout"] or Path(settings.BASE_DIR)).resolve())
        if options["checkout"]:
            self.stdout.write(f"the stack runs from {self.stack.base}")
        # SIGTERM stops the run like Ctrl+C: the stack is stopped and the database dropped
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        import psycopg

        name = f"bench_{secrets.token_hex(4)}"
        admin = psycopg.connect(dbname="postgres", autocommit=True, **server)
        admin.execute(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"database {name} on {server['host'] or 'socket'}:{server['port']}")
        logdir = Path(tempfile.mkdtemp(prefix="bench_load_"))
        procs: list[subprocess.Popen] = []
        self.sink = SmtpSink() if options["faults"] else None
        try:
            env = self._environment(database_url(server, name), options["port"])
            if self.sink is not None:
                env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
                env["EMAIL_URL"] = f"smtp://127.0.0.1:{self.sink.start()}"
                env["RUN_HEARTBEAT_TIMEOUT_SECONDS"] = str(FAULT_HEARTBEAT_TIMEOUT)
                env["SCHEDULE_RUNS_REAP_SECONDS"] = str(FAULT_REAP_EVERY)
            self._prepare(env, logdir)
            procs = self._start(env, logdir, options)
            self._wait_ready(options["port"], procs)
            bench = psycopg.connect(dbname=name, autocommit=True, **server)
            self._run(bench, levels, options, logdir, procs)
            bench.close()
        finally:
            for proc in reversed(procs):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if options["keep"]:
                self.stdout.write(f"kept database {name}; logs in {logdir}")
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self.stdout.write(f"dropped database {name}; logs in {logdir}")
            admin.close()
            if self.sink is not None:
                self.sink.stop()

    def _environment(self, url: str, port: int) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                # the production settings plus a query counter (X-Bench-Queries)
                "DJANGO_SETTINGS_MODULE": self.stack.settings_module,
                "DATABASE_URL": url,
                "SECRET_KEY": secrets.token_urlsafe(48),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                # plain HTTP on 127.0.0.1: no TLS in between
                "SECURE_SSL_REDIRECT": "False",
                "SESSION_COOKIE_SECURE": "False",
                "CSRF_COOKIE_SECURE": "False",
                "SECURE_HSTS_SECONDS": "0",
                "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
                # every virtual applicant comes from 127.0.0.1: the per-address limit would
                # turn the public form into 429s after five applications
                "RATELIMIT_APPLY_IP": "100000/m",
                "RATELIMIT_LOGIN_IP": "100000/m",
                # no mail leaves the machine; the outbox still records and "sends" each
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "LOG_LEVEL": "WARNING",
            }
        )
        return env

    def _manage(self, env: dict[str, str], logdir: Path, *args: str) -> None:
        started = time.perf_counter()
        with open(logdir / "prepare.log", "a") as log:
            done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
                [sys.executable, "manage.py", *args],
                cwd=self.stack.base,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed; see {logdir}/prepare.log")
        self.stdout.write(f"  {' '.join(args):<32} {time.perf_counter() - started:6.1f} s")

    def _prepare(self, env: dict[str, str], logdir: Path) -> None:
        if self.stack.base != Path(settings.BASE_DIR).resolve():
            # this checkout's were compiled by its setup; another's have not been
            self._manage(env, logdir, "compile_translations")
        self._manage(env, logdir, "migrate", "--noinput", "-v", "0")
        self._manage(env, logdir, "seed_demo")
        self._manage(env, logdir, "collectstatic", "--noinput", "-v", "0")

    def _start(
        self, env: dict[str, str], logdir: Path, options: dict[str, Any]
    ) -> list[subprocess.Popen]:
        bin_dir = Path(sys.executable).parent
        web = [str(bin_dir / "gunicorn")]
        if self.stack.gunicorn_conf:
            web += ["-c", str(self.stack.gunicorn_conf)]
        else:
            web += ["--workers", "4", "--timeout", "60"]
        web += ["--bind", f"127.0.0.1:{options['port']}"]
        if options["workers"]:
            web += ["--workers", str(options["workers"])]
        web.append("careerhub.wsgi:application")
        commands = {"web": web}
        # as many task workers as scripts/serve.sh starts (TASK_WORKERS, default 2)
        for n in range(1, max(1, int(os.environ.get("TASK_WORKERS", "2"))) + 1):
            commands[f"worker{n}"] = [
                *(sys.executable, "manage.py", "db_worker", "--no-startup-delay", "-v", "0"),
            ]
        if self.stack.probe:
            commands["probe"] = [sys.executable, "manage.py", "bench_load", "--probe-queue"]
        if self.stack.scheduler:
            commands["scheduler"] = [sys.executable, "manage.py", "scheduler"]
        self._commands, self._env, self._logdir = commands, env, logdir
        self._labels = list(commands)
        procs = [self._spawn(label) for label in self._labels]
        for label, command in commands.items():
            self.stdout.write(f"  started {label}: {' '.join(command[-4:])}")
        return procs

    def _spawn(self, label: str, *, again: bool = False) -> subprocess.Popen:
        """Start the stack's process ``label`` (``again``: after it was killed; its log goes on)."""
        # the log file lives as long as the process
        log = open(self._logdir / f"{label}.log", "a" if again else "w")  # noqa: SIM115
        return subprocess.Popen(  # noqa: S603 - the stack's own commands
            self._commands[label],
            cwd=self.stack.base,
            env=self._env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def _plan_run_start(self, bench, port: int, logins: dict[str, list[str]]) -> int | None:
        """Ask for a cohort plan as the program office does (the plans page's form, for the
        cohort the demo planned: it has trainees waiting for a job); the run's id, or None when
        the demo has no one to ask."""
        if "program_staff" not in logins:
            return None
        session = lb.Session("127.0.0.1", port)
        try:
            session.login(logins["program_staff"][0], DEMO_PASSWORD)
            _status, html, _h = session.request("GET", "/matching/plans/")
            form = lb.form_with_action(html, r"^(/matching/plans/)?$")
            if form is None or not form.selects.get("cohort"):
                return None
            data = dict(form.fields)
            planned = bench.execute(
                "SELECT cohort_id FROM matching_planrun ORDER BY id LIMIT 1"
            ).fetchone()
            options = form.selects["cohort"]
            data["cohort"] = (
                str(planned[0]) if planned and str(planned[0]) in options else options[0]
            )
            status, _t, headers = session.request("POST", "/matching/plans/", data)
        finally:
            session.close()
        found = re.search(r"/matching/plans/(\d+)/", headers.get("location", ""))
        return int(found.group(1)) if status == 302 and found else None

    def _faults(
        self, procs: list[subprocess.Popen], bench, port: int, logins: dict[str, list[str]]
    ) -> threading.Thread:
        """One level's faults, in a thread: the mail server down and a cohort plan asked for;
        every task worker killed once the plan is running and started again; the mail server
        back."""
        assert self.sink is not None
        sink = self.sink
        workers = [i for i, label in enumerate(self._labels) if label.startswith("worker")]
        self.killed_cpu = 0.0

        def run() -> None:
            began = time.monotonic()
            sink.stop()
            run_id = self._plan_run_start(bench, port, logins)
            if run_id is not None:
                self.plan_runs.append(run_id)
            while run_id is not None and time.monotonic() - began < FAULT_KILL_BY:
                row = bench.execute(
                    "SELECT status FROM matching_planrun WHERE id = %s", [run_id]
                ).fetchone()
                if row is None or row[0] != "queued":
                    break  # running (or already ended): now
                time.sleep(0.2)
            for i in workers:
                # what the meter cannot read once the process is gone
                self.killed_cpu += lb.process_tree_cpu(procs[i].pid)
                procs[i].kill()
                procs[i].wait()
            time.sleep(FAULT_RESTART_AFTER)
            for i in workers:
                procs[i] = self._spawn(self._labels[i], again=True)
            time.sleep(max(0.0, FAULT_MAIL_UP - (time.monotonic() - began)))
            sink.start()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def _wait_ready(self, port: int, procs: Sequence[subprocess.Popen]) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                raise CommandError("a process of the stack exited; see the logs")
            try:
                status, _t, _h = lb.Session("127.0.0.1", port, timeout=5).request("GET", "/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise CommandError("the web server did not answer within 90 s")

    def _logins(self, bench) -> dict[str, list[str]]:
        rows = bench.execute(
            "SELECT m.role, u.email FROM accounts_user u JOIN accounts_membership m "
            "ON m.user_id = u.id WHERE u.email LIKE %s AND u.is_active ORDER BY u.email",
            ["%@demo.careerhub.kr"],
        ).fetchall()
        found: dict[str, list[str]] = {}
        for role, email in rows:
            found.setdefault(role, []).append(email)
        return found

    def _sessions(
        self, port: int, roles: list[str], logins: dict[str, list[str]]
    ) -> list[lb.Session]:
        cycles = {role: itertools.cycle(emails) for role, emails in logins.items()}
        sessions = [lb.Session("127.0.0.1", port) for _ in roles]
        failed: list[str] = []

        def log_in(i: int) -> None:
            if roles[i] != "public":
                email = next(cycles[roles[i]])
                if not sessions[i].login(email, DEMO_PASSWORD):
                    failed.append(email)

        for first in range(0, len(roles), 8):
            batch = range(first, min(first + 8, len(roles)))
            threads = [threading.Thread(target=log_in, args=(i,)) for i in batch]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        if failed:
            raise CommandError(f"logins failed: {sorted(set(failed))}")
        return sessions

    def _first_loads(self, port: int, logins: dict[str, list[str]], bench) -> None:
        """Each heavy page once, by a fresh session of its role, before any load."""
        self.stdout.write("\nFirst loads (one request each, before the load):")
        cohort = bench.execute(
            "SELECT id FROM academy_cohort ORDER BY number DESC LIMIT 1"
        ).fetchone()
        posting = bench.execute(
            "SELECT id FROM hiring_jobposting WHERE status = 'open' AND role_id IS NOT NULL "
            "AND company_id IN (SELECT company_id FROM accounts_membership m JOIN accounts_user u "
            "ON u.id = m.user_id WHERE u.email = %s) ORDER BY deadline, id LIMIT 1",
            [(logins.get("recruiter") or [""])[0]],
        ).fetchone()
        pages = [
            ("caseload (office)", "program_staff", "/matching/caseload/"),
            ("office dashboard", "program_staff", "/reports/office/"),
            ("gap view (office)", "program_staff", "/matching/gaps/"),
            ("recommendations (trainee)", "trainee", "/matching/"),
            ("caseload (consultant)", "consultant", "/matching/caseload/"),
        ]
        if posting:
            pages.append(
                ("candidates (recruiter)", "recruiter", f"/matching/candidates/{posting[0]}/")
            )
        if cohort:
            url = f"/reports/cohorts/{cohort[0]}/monthly.pdf"
            last_month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
            # the dashboard above had the task worker render this month's PDF a few seconds
            # ago (what its link serves); last month's is rendered on the click
            pages.append(("monthly PDF (dashboard's link)", "program_staff", url))
            pages.append(("monthly PDF (last month)", "program_staff", f"{url}?month={last_month}"))
        # every stored recommendation goes stale when an opening changes: the caseload's worst case
        pages.append(("caseload (office), posting changed", "program_staff", "/matching/caseload/"))
        for label, role, path in pages:
            if role not in logins:
                continue
            if label.endswith("posting changed"):
                bench.execute(
                    "UPDATE hiring_jobposting SET updated_at = now() WHERE id = "
                    "(SELECT min(id) FROM hiring_jobposting WHERE status = 'open')"
                )
            session = lb.Session("127.0.0.1", port)
            session.login(logins[role][0], DEMO_PASSWORD)
            started = time.monotonic()
            status, _t, headers = session.request("GET", path)
            if status == 302 and path == "/matching/":
                path = headers.get("location", path)
                started = time.monotonic()
                status, _t, _h = session.request("GET", path)
            ms = (time.monotonic() - started) * 1000
            before = BASELINE_FIRST_LOADS.get(label)
            note = f"  (before: {before:,} ms)" if before else ""
            self.stdout.write(f"  {label:<32} {status}  {ms:8,.0f} ms{note}")
            session.close()

    def _run(
        self,
        bench,
        levels: list[int],
        options: dict[str, Any],
        logdir: Path,
        procs: list[subprocess.Popen],
    ) -> None:
        port = options["port"]
        logins = self._logins(bench)
        # warm every worker once (imports, templates) so the first loads measure the pages
        warm = [lb.Session("127.0.0.1", port) for _ in range(8)]
        for s in warm:
            s.request("GET", "/login/")
            s.close()
        self._first_loads(port, logins, bench)
        self._wait_for_quiet_queue(bench)
        roles = lb.roles_for(max(levels), set(logins))
        started = time.perf_counter()
        sessions = self._sessions(port, roles, logins)
        self.stdout.write(
            f"\nlogged in {sum(r != 'public' for r in roles)} virtual users "
            f"({time.perf_counter() - started:.1f} s); roles: "
            + ", ".join(f"{r} {roles.count(r)}" for r in sorted(set(roles)))
        )
        counter = itertools.count(1)
        lock = threading.Lock()

        def applicant_seq() -> int:
            with lock:
                return next(counter)

        ctx = lb.Context(today=dt.date.today(), applicant_seq=applicant_seq)
        users = [
            lb.VirtualUser(role, session, ctx, random.Random(options["seed"] + i))  # noqa: S311
            for i, (role, session) in enumerate(zip(roles, sessions, strict=True))
        ]
        results = []
        since = bench.execute("SELECT now()").fetchone()[0]
        self.plan_runs: list[int] = []
        for n in levels:
            # made again each level: with --faults the task workers are new processes
            meter = self._cpu_meter(bench, procs)
            wall_start = time.time()
            meter.start()
            faults = self._faults(procs, bench, port, logins) if self.sink is not None else None
            result = lb.run_level(
                users[:n],
                requests_per_user=options["requests"],
                think=options["think"],
                seed=options["seed"],
            )
            if faults is not None:
                faults.join()  # the mail server is back and the workers run again
            wall_end = time.time()
            spent = meter.stop()
            if faults is not None:  # the killed workers' CPU up to their end
                spent["task workers"] += self.killed_cpu
            delays = self._queue_delays(bench, wall_start, wall_end)
            results.append(result)
            self._report_level(result, delays)
            self._report_cpu(result, spent)
        self._summary(results, options, logdir)
        if self.sink is not None:
            self._outbox_check(bench, since)
            self._runs_check(bench)

    def _outbox_check(self, bench, since: dt.datetime) -> None:
        """After a run with --faults: wait until the outbox has sent what it could, then
        compare what it wrote and marked sent with what the mail server received."""
        assert self.sink is not None
        w = self.stdout.write
        started = time.perf_counter()
        busy_sql = (
            "SELECT count(*) FROM messaging_message WHERE channel = 'email' AND created_at >= %s "
            "AND (status = 'pending' OR (status = 'sending' AND claimed_at > now() - "
            "interval '1 minute'))"
        )
        while (
            bench.execute(busy_sql, [since]).fetchone()[0]
            and time.perf_counter() - started < DRAIN_SECONDS
        ):
            time.sleep(2)
        rows = bench.execute(
            "SELECT id, status, attempts, last_error FROM messaging_message "
            "WHERE channel = 'email' AND created_at >= %s",
            [since],
        ).fetchall()
        received = self.sink.received()
        tally = outbox_tally(rows, received)
        w(
            f"\nOutbox under faults (the mail server down for the first {FAULT_MAIL_UP:.0f} s "
            f"of each level, every task worker killed once the plan ran (by "
            f"{FAULT_KILL_BY:.0f} s) and started again {FAULT_RESTART_AFTER:.0f} s later; waited "
            f"{time.perf_counter() - started:.0f} s for the retries):"
        )
        w(
            f"   {len(rows)} emails written during the levels: "
            + ", ".join(f"{status} {n}" for status, n in sorted(tally.by_status.items()))
            + f"; {tally.retried} of the sent ones after a failed attempt"
        )
        for error, n in tally.failed_reasons.items():
            w(f"   failed ({n}): {error}")
        w(
            f"   the mail server received {sum(received.values())} messages "
            f"({len(received)} distinct, {self.sink.unlabelled} without the outbox's label): "
            f"received more than once {len(tally.twice)}, marked sent but never received "
            f"{len(tally.never_arrived)}, received but not marked sent {len(tally.not_marked)} "
            "(a worker killed between the server's answer and the outbox's mark: left for "
            "staff, never resent)"
        )
        w(
            "   each message sent exactly once"
            if tally.exactly_once
            else "   NOT exactly once: see above"
        )

    def _runs_check(self, bench) -> None:
        """After a run with --faults: wait until each level's plan run has ended (done, or
        failed by the reaper after its worker was killed), then say how each ended."""
        w = self.stdout.write
        if not self.plan_runs:
            w("\nPlan runs under faults: none could be asked for (no program office login)")
            return
        started = time.perf_counter()
        sql = "SELECT id, status, error, attempts FROM matching_planrun WHERE id = ANY(%s)"
        rows = bench.execute(sql, [self.plan_runs]).fetchall()
        while (
            any(status not in ("succeeded", "failed") for _i, status, _e, _a in rows)
            and time.perf_counter() - started < DRAIN_SECONDS
        ):
            time.sleep(2)
            rows = bench.execute(sql, [self.plan_runs]).fetchall()
        w(
            f"\nPlan runs under faults (asked for at each level's start, the workers killed once "
            f"it ran; waited {time.perf_counter() - started:.0f} s):"
        )
        for run_id, status, error, attempts in sorted(rows):
            how = f": {error}" if error else ""
            w(f"   run {run_id}: {status} (taken up {attempts} time(s)){how}")
        hanging = [r for r in rows if r[1] not in ("succeeded", "failed")]
        w(
            f"   {len(hanging)} still not ended after {DRAIN_SECONDS:.0f} s"
            if hanging
            else "   every run ended; none hangs"
        )

    def _cpu_meter(self, bench, procs: Sequence[subprocess.Popen]) -> lb.CpuMeter:
        """Process groups whose CPU each level reports: the web server (gunicorn and its
        workers), the task workers with the scheduler and the probe, and the PostgreSQL server
        (the parent of this connection's backend; the server is on this machine)."""
        web, background = [], []
        for proc in procs:
            command = " ".join(str(a) for a in proc.args)
            (web if "gunicorn" in command else background).append(proc.pid)
        groups = {"web": web, "task workers": background}
        backend = bench.execute("SELECT pg_backend_pid()").fetchone()[0]
        postmaster = lb.parent_pid(backend)
        if postmaster:
            groups["database"] = [postmaster]
        return lb.CpuMeter(groups)

    def _report_cpu(self, r: lb.LevelResult, spent: dict[str, float]) -> None:
        """Where the machine's CPU went during the level, in seconds and per request."""
        n = max(r.requests, 1)
        parts = [
            f"{name} {seconds:.1f} s ({seconds / n * 1000:.1f} ms/request)"
            for name, seconds in spent.items()
            if not name.startswith("machine")
        ]
        busy = spent["machine busy"] / max(spent["machine"], 1e-9) * 100
        stolen = spent["machine stolen"] / max(spent["machine"], 1e-9) * 100
        self.stdout.write(
            f"   CPU: {'; '.join(parts)}; machine {busy:.0f} % busy, {stolen:.0f} % taken by "
            "the hypervisor"
        )

    def _wait_for_quiet_queue(self, bench, *, limit: float = QUIET_QUEUE_SECONDS) -> None:
        """Wait until the task workers have done the work that a fresh installation starts
        with (the scheduler's first run of every periodic job, the first loads' PDFs and
        recommendation batches), so each level measures the steady state, not that catch-up.
        Says what was waiting and how long it took."""
        started = time.perf_counter()
        sql = (
            "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING') AND task_path NOT LIKE %s GROUP BY task_path"
        )
        first = bench.execute(sql, ["%bench_probe"]).fetchall()
        waiting = first
        while waiting and time.perf_counter() - started < limit:
            time.sleep(1)
            waiting = bench.execute(sql, ["%bench_probe"]).fetchall()
        names = ", ".join(f"{path.rsplit('.', 1)[-1]} {n}" for path, n in sorted(first)) or "none"
        state = "done" if not waiting else f"still {sum(n for _p, n in waiting)} waiting"
        self.stdout.write(
            f"\nbackground work before the levels ({names}): {state} after "
            f"{time.perf_counter() - started:.1f} s"
        )

    def _queue_delays(self, bench, start: float, end: float) -> dict[str, list[float]]:
        rows = bench.execute(
            "SELECT task_path, EXTRACT(EPOCH FROM started_at - enqueued_at) * 1000 "
            "FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= to_timestamp(%s) "
            "AND enqueued_at < to_timestamp(%s)",
            [start, end],
        ).fetchall()
        delays: dict[str, list[float]] = {"probe": [], "other": [], "waiting": []}
        for path, ms in rows:
            if ms is None:
                delays["waiting"].append(0)
            elif path.endswith("bench_probe"):
                delays["probe"].append(float(ms))
            else:
                delays["other"].append(float(ms))
        return delays

    def _report_level(self, r: lb.LevelResult, delays: dict[str, list[float]]) -> None:
        w = self.stdout.write
        w(
            f"\n== {r.users} users: {r.requests} requests in {r.seconds:.1f} s = "
            f"{r.rate:.1f} requests/s; p50 {r.pct(50):,.0f} ms, p95 {r.pct(95):,.0f} ms, "
            f"p99 {r.pct(99):,.0f} ms; errors {len(r.errors)}; refused moves {r.refused}"
        )
        for s in r.errors[:10]:
            w(f"   error: {s.page} answered {s.status or 'no connection'}")
        probe, other = delays["probe"], delays["other"]
        w(
            f"   task queue delay (enqueued → started): probe p50 "
            f"{lb.percentile(probe, 50):,.0f} ms, max {max(probe, default=0):,.0f} ms "
            f"({len(probe)} probes); other tasks {len(other)}, p95 "
            f"{lb.percentile(other, 95):,.0f} ms; not started yet {len(delays['waiting'])}"
        )
        w(
            f"   {'page':<40} {'n':>5} {'p50':>7} {'p95':>7} {'max':>7} {'err':>4} "
            f"{'queries':>7} {'CPU ms':>7}"
        )
        for page, samples in r.by_page().items():
            counts = [s.queries for s in samples if s.queries >= 0]
            cpu = [s.cpu_ms for s in samples if s.cpu_ms >= 0]
            w(
                f"   {page:<40} {len(samples):>5} {r.pct(50, samples):>7,.0f} "
                f"{r.pct(95, samples):>7,.0f} {max(s.ms for s in samples):>7,.0f} "
                f"{sum(s.error for s in samples):>4} "
                # an older checkout (--checkout) sends neither header: no figure, not a zero
                f"{max(counts) if counts else '—':>7} "
                f"{f'{sum(cpu) / len(cpu):.1f}' if cpu else '—':>7}"
            )
        cpu = [s.cpu_ms for s in r.samples if s.cpu_ms >= 0]
        if cpu:
            w(f"   mean CPU of a request inside Django: {sum(cpu) / len(cpu):.1f} ms")

    def _summary(
        self, results: list[lb.LevelResult], options: dict[str, Any], logdir: Path
    ) -> None:
        w = self.stdout.write
        w(
            f"\nSummary (think time {options['think']:.2f} s mean, "
            f"{options['requests']} requests per user):"
        )
        w(f"   {'users':>5} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}")
        for r in results:
            w(
                f"   {r.users:>5} {r.rate:>7.1f} {r.pct(50):>7,.0f} {r.pct(95):>7,.0f} "
                f"{r.pct(99):>7,.0f} {len(r.errors):>6}"
            )
        at = next((r for r in results if r.users == BASELINE_USERS), None)
        if at is not None:
            w(
                f"   against the baseline at {BASELINE_USERS} users ({BASELINE_RATE} requests/s, "
                f"p95 {BASELINE_P95:,.0f} ms): throughput × {at.rate / BASELINE_RATE:.2f}, "
                f"p95 ÷ {BASELINE_P95 / max(at.pct(95), 1):.2f}"
            )
        errors = sum(len(r.errors) for r in results)
        if errors:
            w(f"   {errors} errors; the server's log: {logdir}/web.log")
