"""The load benchmark's own parts: where it may create a database, its statistics, and how
its virtual users read forms and links."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from careerhub.demo import loadbench as lb
from careerhub.demo.management.commands.bench_load import (
    bench_database_settings,
    database_url,
    outbox_tally,
    stack_for,
)

PG = "django.db.backends.postgresql"


@pytest.mark.parametrize("host", ["db.example.com", "10.0.0.5", "postgres"])
def test_only_a_local_postgresql_server(host):
    with pytest.raises(CommandError, match="on this machine"):
        bench_database_settings({"ENGINE": PG, "HOST": host})
    with pytest.raises(CommandError, match="PostgreSQL"):
        bench_database_settings({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "", "/var/run/postgresql"])
def test_local_servers_are_accepted(host):
    server = bench_database_settings({"ENGINE": PG, "HOST": host, "USER": "postgres"})
    assert server["port"] == 5432 and server["user"] == "postgres"


def test_the_bench_database_url():
    server = {"host": "127.0.0.1", "port": 5433, "user": "pg", "password": "p@ss"}
    assert database_url(server, "bench_ab12") == "postgres://pg:p%40ss@127.0.0.1:5433/bench_ab12"


def test_the_stack_of_this_checkout_has_every_part():
    stack = stack_for(Path(settings.BASE_DIR))
    assert stack.settings_module == "careerhub.demo.bench_settings"
    assert stack.gunicorn_conf is not None and stack.scheduler and stack.probe


def test_an_older_checkout_runs_what_it_has(tmp_path):
    """A checkout from before the production server: production settings, gunicorn's own
    defaults, no scheduler and no probe."""
    (tmp_path / "manage.py").write_text("")
    (tmp_path / "careerhub" / "settings").mkdir(parents=True)
    stack = stack_for(tmp_path)
    assert stack.settings_module == "careerhub.settings.production"
    assert stack.gunicorn_conf is None and not stack.scheduler and not stack.probe
    with pytest.raises(CommandError, match="not a checkout of careerhub"):
        stack_for(tmp_path / "careerhub")


def test_the_outbox_tally_finds_messages_sent_twice_or_never_received():
    rows = [
        (1, "sent", 1, ""),
        (2, "sent", 2, ""),  # after a failed attempt
        (3, "sent", 1, ""),  # marked sent, never received
        (4, "failed", 6, "연결 거부"),
        (5, "sending", 1, ""),  # the server took it, the worker died before the mark
    ]
    tally = outbox_tally(rows, Counter({"1": 1, "2": 2, "5": 1, "99": 1}))
    assert tally.by_status == {"sent": 3, "failed": 1, "sending": 1}
    assert tally.retried == 1 and tally.failed_reasons == {"연결 거부": 1}
    assert tally.twice == {"2": 2} and tally.never_arrived == {"3"} and tally.not_marked == {"5"}
    assert not tally.exactly_once


def test_every_sent_message_received_once_is_exactly_once():
    rows = [(1, "sent", 1, ""), (2, "sent", 2, ""), (3, "failed", 6, "x")]
    assert outbox_tally(rows, Counter({"1": 1, "2": 1, "7": 1})).exactly_once
    # one still waiting after the retries is not
    assert not outbox_tally([*rows, (4, "pending", 1, "x")], Counter({"1": 1, "2": 1})).exactly_once


def test_percentiles_by_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]
    assert (lb.percentile(values, 50), lb.percentile(values, 95), lb.percentile(values, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert lb.percentile([], 95) == 0.0
    assert lb.percentile([7.0], 99) == 7.0


def test_a_level_counts_errors_but_not_expected_refusals():
    samples = [
        lb.Sample("trainee: home", 200, 10.0, 0.0, error=False),
        lb.Sample("recruiter: move (POST)", 400, 20.0, 0.0, error=False, refused=True),
        lb.Sample("trainee: home", 500, 30.0, 0.0, error=True),
    ]
    result = lb.LevelResult(users=2, seconds=2.0, samples=samples)
    assert result.rate == 1.5
    assert [s.status for s in result.errors] == [500] and result.refused == 1
    assert list(result.by_page()) == ["recruiter: move (POST)", "trainee: home"]


PAGE = """
<form action="/i18n/setlang/" method="post"><input type="hidden" name="csrfmiddlewaretoken"
 value="lang"></form>
<form action="/applications/7/move/" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="version" value="3">
  <select name="to_status"><option value="">---</option><option value="interview">면접</option>
   <option value="rejected" selected>불합격</option></select>
  <textarea name="reason">이유</textarea>
  <input type="checkbox" name="notify" checked><input type="checkbox" name="skip">
  <input type="file" name="upload"><button type="submit">이동</button>
</form>
<a href="/applications/7/">7</a> <a href="/applications/8/">8</a> <a href="/applications/7/">7</a>
<a href="/applications/?page=2">next</a>
"""


def test_forms_are_read_as_a_browser_would_send_them():
    form = lb.form_with_action(PAGE, r"/move/$")
    assert form is not None and form.action == "/applications/7/move/"
    assert form.fields == {
        "csrfmiddlewaretoken": "tok",
        "version": "3",
        "to_status": "rejected",
        "reason": "이유",
        "notify": "on",
    }
    assert form.selects == {"to_status": ["interview", "rejected"]}
    assert lb.form_with_action(PAGE, r"/nothing/$") is None


def test_links_are_distinct_and_in_page_order():
    assert lb.links(PAGE, r"/applications/\d+/") == ["/applications/7/", "/applications/8/"]


def test_the_role_mix_leaves_out_roles_without_a_login():
    roles = lb.roles_for(13, {"trainee", "recruiter", "consultant", "program_staff"})
    assert roles.count("trainee") == 4 and roles.count("recruiter") == 3
    assert "operator_staff" not in roles and "committee" not in roles
    assert roles.count("public") == 2  # the public needs no login
    every = lb.roles_for(
        32,
        {"trainee", "recruiter", "consultant", "program_staff", "operator_staff", "committee"},
    )
    assert {r: every.count(r) for r in set(every)} == {
        "trainee": 8,
        "recruiter": 6,
        "consultant": 4,
        "program_staff": 4,
        "operator_staff": 4,
        "public": 4,
        "committee": 2,
    }


BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"


def test_cpu_of_a_process_tree_counts_live_and_ended_children():
    before = lb.process_tree_cpu(os.getpid())
    subprocess.run([sys.executable, "-c", BURN], check=True)  # noqa: S603 - ended: cutime
    child = subprocess.Popen([sys.executable, "-c", BURN + "\ntime.sleep(5)"])  # noqa: S603 - live
    try:
        deadline = time.monotonic() + 10
        while lb.process_tree_cpu(child.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        spent = lb.process_tree_cpu(os.getpid()) - before
        assert 0.55 < spent < 5
    finally:
        child.kill()
        child.wait()
    assert lb.process_tree_cpu(2**22 + 7) == 0.0  # no such process


def test_the_cpu_meter_reports_each_group_the_driver_and_the_machine():
    child = subprocess.Popen([sys.executable, "-c", BURN + "\ntime.sleep(5)"])  # noqa: S603
    try:
        meter = lb.CpuMeter({"worker": [child.pid]})
        meter.start()
        deadline = time.monotonic() + 10
        while lb.process_tree_cpu(child.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        spent = meter.stop()
    finally:
        child.kill()
        child.wait()
    assert set(spent) == {"worker", "driver", "machine busy", "machine stolen", "machine"}
    assert 0.2 < spent["worker"] <= 1.0
    assert 0 <= spent["machine busy"] + spent["machine stolen"] <= spent["machine"] + 1e-6
