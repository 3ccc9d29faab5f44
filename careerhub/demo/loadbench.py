"""The load driver behind ``manage.py bench_load``: virtual users of every role over HTTP.

Standard library only (``http.client`` with keep-alive where the server allows it,
``html.parser`` for the forms), so the driver adds no dependency and measures the server,
not a client library. Each virtual user has its own session (logged in once, before any
level), runs its role's script as a bounded loop of requests with a think time between
them, and records every request as a :class:`Sample`. Nothing here touches the database:
the command hands the driver logins and a base address on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import http.client
import math
import os
import random
import re
import resource
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

# Statuses a page may answer without that being an error: 2xx, and 3xx redirects.
OK_STATUSES = range(200, 400)


@dataclass(frozen=True)
class Sample:
    page: str  # "<role>: <page>", the row of the per-page table
    status: int  # 0 when the connection failed
    ms: float
    started: float  # time.monotonic() at the start
    error: bool  # an answer that is neither 2xx/3xx nor an expected refusal
    refused: bool = False  # an expected refusal (a move that lost a race: 400 with the form)
    queries: int = -1  # database queries, from the bench server's X-Bench-Queries header
    cpu_ms: float = -1.0  # the server thread's CPU time for it (X-Bench-CPU-ms)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by the nearest-rank method; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class LevelResult:
    users: int
    seconds: float
    samples: list[Sample]

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, q: float, samples: Iterable[Sample] | None = None) -> float:
        return percentile([s.ms for s in (self.samples if samples is None else samples)], q)

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error]

    @property
    def refused(self) -> int:
        return sum(1 for s in self.samples if s.refused)

    def by_page(self) -> dict[str, list[Sample]]:
        pages: dict[str, list[Sample]] = defaultdict(list)
        for s in self.samples:
            pages[s.page].append(s)
        return dict(sorted(pages.items()))


# --- forms -----------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)  # name -> non-empty values


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.selects[self._select] = []
            self._form.fields.setdefault(self._select, "")
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if value:
                self._form.selects[self._select].append(value)
                if "selected" in a:
                    self._form.fields[self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.fields[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with_action(html: str, pattern: str) -> Form | None:
    """The first form whose action matches the regular expression ``pattern``."""
    for form in forms_in(html):
        if re.search(pattern, form.action):
            return form
    return None


def links(html: str, pattern: str) -> list[str]:
    """Every distinct href matching ``pattern`` (a regular expression), in page order."""
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = unescape(href)
        if re.fullmatch(pattern, href) and href not in found:
            found.append(href)
    return found


# --- one virtual user's HTTP session -----------------------------------------------------------


class Session:
    """Cookies and one keep-alive connection to ``host:port``; redirects are not followed."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "ko"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a keep-alive connection the server had closed: one fresh try
                self.close()
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        content_type = response.getheader("Content-Type", "")
        text = raw.decode("utf-8", "replace") if content_type.startswith("text/") else ""
        return response.status, text, {k.lower(): v for k, v in response.getheaders()}

    def login(self, email: str, password: str) -> bool:
        _status, html, _h = self.request("GET", "/login/")
        form = form_with_action(html, r"^(/login/)?(\?.*)?$") or Form("/login/", "post")
        data = dict(form.fields)
        data.update({"username": email, "password": password})
        status, _html, _h = self.request("POST", "/login/", data)
        return status == 302


# --- role scripts ----------------------------------------------------------------------------


@dataclass
class Context:
    """What the scripts know of the demo program, found by the command before the levels."""

    today: dt.date
    applicant_seq: Callable[[], int]  # unique numbers for public applicants' emails


class VirtualUser:
    """One person of a role doing their usual pages in a loop."""

    def __init__(self, role: str, session: Session, ctx: Context, rng: random.Random) -> None:
        self.role, self.session, self.ctx, self.rng = role, session, ctx, rng
        self.samples: list[Sample] = []
        self.memory: dict[str, list[str]] = {}

    # one request, timed and classified
    def _do(
        self,
        page: str,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        *,
        refusal: int | None = None,
    ) -> tuple[int, str]:
        started = time.monotonic()
        headers: dict[str, str] = {}
        try:
            status, text, headers = self.session.request(method, path, data)
        except (OSError, http.client.HTTPException):
            status, text = 0, ""
        ms = (time.monotonic() - started) * 1000
        refused = refusal is not None and status == refusal
        error = status not in OK_STATUSES and not refused
        queries = int(headers.get("x-bench-queries", "-1") or -1)
        cpu_ms = float(headers.get("x-bench-cpu-ms", "-1") or -1)
        self.samples.append(
            Sample(
                f"{self.role}: {page}",
                status,
                ms,
                started,
                error,
                refused,
                queries=queries,
                cpu_ms=cpu_ms,
            )
        )
        return status, text

    def get(self, page: str, path: str) -> str:
        return self._do(page, "GET", path)[1]

    def post_form(
        self, page: str, form: Form, values: dict[str, str], refusal: int | None = None
    ) -> int:
        data = dict(form.fields)
        data.update(values)
        path = form.action or "/"
        return self._do(page, "POST", path, data, refusal=refusal)[0]

    def pick(self, key: str, options: list[str]) -> str | None:
        if options:
            self.memory[key] = options
        known = self.memory.get(key, [])
        return self.rng.choice(known) if known else None

    # the scripts: each call is one step of one or a few requests
    def step(self) -> None:
        getattr(self, f"_step_{self.role}")()

    def _step_trainee(self) -> None:
        self.get("home", "/")
        if "recs" not in self.memory:  # /matching/ redirects to their own list
            _s, _t, headers = self.session.request("GET", "/matching/")
            target = urlsplit(headers.get("location", "")).path
            self.memory["recs"] = [target] if target else []
        for page in self.memory["recs"]:
            html = self.get("recommendations", page)
            apply = [f for f in forms_in(html) if re.search(r"/apply/\d+/$", f.action)]
            if apply and self.rng.random() < 0.3:
                # the first application is created; a repeat is refused with a message (302)
                form = self.rng.choice(apply)
                self.post_form("apply (POST)", form, {"note": "부하 시험 지원입니다."})
        self.get("applications", "/applications/")

    def _step_recruiter(self) -> None:
        html = self.get("candidate postings", "/matching/candidates/")
        posting = self.pick("postings", links(html, r"/matching/candidates/\d+/"))
        if posting:
            html = self.get("candidates", posting)
            people = links(html, re.escape(posting) + r"\d+/")
            if people and self.rng.random() < 0.5:
                self.get("candidate profile", self.rng.choice(people))
        html = self.get("applications", "/applications/")
        detail = self.pick("applications", links(html, r"/applications/\d+/"))
        if detail and self.rng.random() < 0.5:
            html = self.get("application", detail)
            form = form_with_action(html, r"/move/$")
            if form and form.selects.get("to_status"):
                when = dt.datetime.combine(self.ctx.today + dt.timedelta(days=7), dt.time(10))
                values = {
                    "to_status": self.rng.choice(form.selects["to_status"]),
                    "reason": "부하 시험",
                    "interview_at": when.strftime("%Y-%m-%dT%H:%M"),
                    "interview_place": "본사 3층 회의실",
                    "offer_salary": "36000000",
                    "start_date": (self.ctx.today + dt.timedelta(days=30)).isoformat(),
                }
                # 400 with the form: another virtual recruiter moved it first (stale version)
                # or the stage asks for something else; counted as refused, not as an error
                self.post_form("move (POST)", form, values, refusal=400)

    def _step_consultant(self) -> None:
        self.get("home", "/")
        self.get("consulting", "/consulting/")
        html = self.get("caseload", "/matching/caseload/")
        trainee = self.pick("trainees", links(html, r"/matching/trainees/\d+/"))
        if trainee:
            self.get("trainee recommendations", trainee)

    def _step_program_staff(self) -> None:
        self.get("office dashboard", "/reports/office/")
        self.get("gap view", "/matching/gaps/")
        if self.rng.random() < 0.5:
            self.get("caseload", "/matching/caseload/")
        self.get("home", "/")

    def _step_operator_staff(self) -> None:
        self.get("home", "/")
        if "dashboard" not in self.memory:  # /reports/ redirects to their own dashboard
            _s, _t, headers = self.session.request("GET", "/reports/")
            target = urlsplit(headers.get("location", "")).path
            self.memory["dashboard"] = [target] if target else []
        for dashboard in self.memory["dashboard"]:
            self.get("operator dashboard", dashboard)
        self.get("caseload", "/matching/caseload/")

    def _step_committee(self) -> None:
        self.get("committee view", "/reports/committee/")
        self.get("gap view", "/matching/gaps/")

    def _step_public(self) -> None:
        html = self.get("applications index", "/apply/")
        cohort = self.pick("cohorts", links(html, r"/apply/\d+/"))
        if not cohort:
            return
        html = self.get("application form", cohort)
        form = form_with_action(html, r"^(/apply/\d+/)?$") if "choice_1" in html else None
        if form is None or self.rng.random() < 0.5:
            return
        form.action = form.action or cohort
        n = self.ctx.applicant_seq()
        values = {
            "name": f"부하시험{n:05d}",
            "birth_date": "1998-03-01",
            "email": f"bench-{n:05d}@example.com",
            "phone": f"010-{1000 + n % 9000:04d}-{1000 + (n * 7) % 9000:04d}",
            "motivation": "부하 시험을 위한 지원서입니다. 인공지능 서비스 개발자가 되고 싶습니다.",
            "consent_collection": "on",
            "consent_provision": "on",
        }
        for name, options in form.selects.items():
            if not form.fields.get(name) and options:
                values.setdefault(name, options[0])
        self.post_form("apply (POST)", form, values)


ROLE_PATTERN = (
    "trainee",
    "recruiter",
    "consultant",
    "program_staff",
    "trainee",
    "public",
    "operator_staff",
    "recruiter",
    "trainee",
    "consultant",
    "program_staff",
    "public",
    "trainee",
    "recruiter",
    "operator_staff",
    "committee",
)


def roles_for(users: int, available: set[str]) -> list[str]:
    """The role of each of ``users`` virtual users: the mix of ROLE_PATTERN, repeated,
    leaving out roles without a login (``public`` needs none)."""
    pattern = [r for r in ROLE_PATTERN if r in available or r == "public"]
    return [pattern[i % len(pattern)] for i in range(users)]


def run_level(
    users: Sequence[VirtualUser], *, requests_per_user: int, think: float, seed: int
) -> LevelResult:
    """Every user runs its script until it made ``requests_per_user`` requests, sleeping a
    think time uniformly drawn from [think/2, 3·think/2] between steps."""
    for user in users:
        user.samples = []
    start = threading.Barrier(len(users) + 1)

    def loop(user: VirtualUser) -> None:
        rng = random.Random(seed + id(user) % 1000)  # noqa: S311 - think times
        start.wait()
        time.sleep(rng.uniform(0, think))  # users do not all start in the same instant
        while len(user.samples) < requests_per_user:
            user.step()
            time.sleep(rng.uniform(think / 2, think * 1.5))

    threads = [threading.Thread(target=loop, args=(u,), daemon=True) for u in users]
    for t in threads:
        t.start()
    start.wait()
    began = time.monotonic()
    for t in threads:
        t.join()
    seconds = time.monotonic() - began
    return LevelResult(len(users), seconds, [s for u in users for s in u.samples])


# --- where the machine's CPU went during a level (Linux /proc) ---------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after "(command)"


def parent_pid(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields:
                children[int(fields[1])].append(int(entry))
    return children


def process_tree_cpu(root: int, children: dict[int, list[int]] | None = None) -> float:
    """CPU seconds (user + system) of process ``root``, of its children that have ended
    (counted by the kernel when ``root`` reaped them) and of every live descendant; 0 when the
    process cannot be read."""
    children = _parents() if children is None else children
    fields = _stat_fields(root)
    if fields is None:
        return 0.0
    # fields[11:15]: utime, stime, cutime, cstime (stat(5) fields 14–17), in clock ticks
    own = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return own + sum(process_tree_cpu(child, children) for child in children.get(root, []))


def machine_cpu() -> tuple[float, float, float]:
    """(busy, stolen, total) CPU seconds of the whole machine since boot, from /proc/stat;
    "stolen" is time the hypervisor gave this virtual machine's cores to another."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:]]
    values += [0] * (8 - len(values))
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    busy = user + nice + system + irq + softirq  # guest time is already inside user time
    return busy / tick, steal / tick, (busy + idle + iowait + steal) / tick


@dataclass
class CpuMeter:
    """CPU seconds spent by named groups of processes between :meth:`start` and :meth:`stop`:
    each group is a list of root pids whose process trees are summed, plus this process
    ("driver") and the whole machine."""

    groups: dict[str, list[int]]
    spent: dict[str, float] = field(default_factory=dict)
    _before: dict[str, float] = field(default_factory=dict)

    def _read(self) -> dict[str, float]:
        children = _parents()
        now = {
            name: sum(process_tree_cpu(pid, children) for pid in pids)
            for name, pids in self.groups.items()
        }
        usage = resource.getrusage(resource.RUSAGE_SELF)
        now["driver"] = usage.ru_utime + usage.ru_stime
        now["machine busy"], now["machine stolen"], now["machine"] = machine_cpu()
        return now

    def start(self) -> None:
        self._before = self._read()

    def stop(self) -> dict[str, float]:
        after = self._read()
        self.spent = {name: after[name] - self._before.get(name, 0.0) for name in after}
        return self.spent
