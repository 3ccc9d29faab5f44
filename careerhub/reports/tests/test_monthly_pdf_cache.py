"""The monthly PDF is rendered once per reader and standings generation, and a dashboard
has the task worker render the PDFs it links to before they are clicked."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careerhub.academy.models import Cohort
from careerhub.core.policy import PermissionDenied
from careerhub.outcomes.models import Outcome
from careerhub.reports import monthly, services
from careerhub.reports.tasks import monthly_pdf_task

pytestmark = pytest.mark.django_db


def _key(world, ledger, user="office", operator_id=None):
    return monthly.monthly_pdf_key(
        user_id=world.users[user].pk,
        cohort_id=ledger.cohort.pk,
        operator_id=operator_id,
        as_of=timezone.localdate(),
        rule="",
    )


def test_the_pdf_is_kept_until_a_figure_changes(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    key = _key(world, ledger)
    assert cache.get(key) == first.content
    assert client.get(url).content == first.content  # served from the cache
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    client.get(url)  # the refresh makes a new generation: a new key, rendered again
    assert _key(world, ledger) != key and cache.get(_key(world, ledger)) is not None


def test_each_reader_gets_their_own_pdf(login, world, ledger, rule_sets):
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    login(world.users["office"]).get(url)
    assert cache.get(_key(world, ledger, "staff_a")) is None  # names who prepared it


def test_a_dashboard_queues_the_pdfs_it_links_once(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    client.get(reverse("reports:office"))
    queued = DBTaskResult.objects.filter(task_path__endswith="monthly_pdf_task")
    assert queued.count() == 1  # the newest cohort's
    newest = Cohort.objects.order_by("-number").first()
    assert queued.get().args_kwargs["kwargs"]["cohort_id"] == newest.pk
    count = queued.count()
    client.get(reverse("reports:office"))
    assert queued.count() == count  # asked for once


def test_the_task_renders_into_the_cache_what_the_download_serves(login, world, ledger, rule_sets):
    services.standings_refresh()  # as the dashboard that queued it did
    size = monthly_pdf_task.call(
        user_id=world.users["office"].pk,
        cohort_id=ledger.cohort.pk,
        operator_id=None,
        as_of=timezone.localdate().isoformat(),
        language="ko",
    )
    body = cache.get(_key(world, ledger))
    assert body is not None and len(body) == size
    response = login(world.users["office"]).get(
        reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    )
    assert response.content == body


def test_the_task_checks_the_reader_like_the_download(world, ledger, rule_sets):
    with pytest.raises(PermissionDenied):
        monthly_pdf_task.call(
            user_id=world.users["committee"].pk,
            cohort_id=ledger.cohort.pk,
            operator_id=None,
            as_of=timezone.localdate().isoformat(),
            language="ko",
        )
    assert cache.get(_key(world, ledger, "committee")) is None


def test_a_browser_waits_on_a_progress_page_while_the_worker_renders(
    login, world, ledger, rule_sets
):
    client = login(world.users["office"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk]) + "?month="
    page = client.get(url, headers={"sec-fetch-mode": "navigate"})
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert 'data-testid="pdf-progress"' in html and 'hx-trigger="every 2s"' in html
    queued = DBTaskResult.objects.filter(task_path__endswith="monthly_pdf_task")
    assert queued.count() == 1  # the request rendered nothing itself
    client.get(url, headers={"sec-fetch-mode": "navigate"})
    assert queued.count() == 1  # asked for once while it waits
    poll = client.get(url + "&poll=1", headers={"hx-request": "true"}).content.decode()
    assert "pdf-download" not in poll and "every 2s" in poll
    kwargs = queued.get().args_kwargs["kwargs"]
    monthly_pdf_task.call(**kwargs)  # the worker renders it
    ready = client.get(url + "&poll=2", headers={"hx-request": "true"}).content.decode()
    assert 'data-testid="pdf-download"' in ready and "every 2s" not in ready
    download = client.get(url, headers={"sec-fetch-mode": "navigate"})
    assert download["Content-Type"] == "application/pdf"


def test_a_browser_that_waited_too_long_may_have_it_made_at_once(login, world, ledger, rule_sets):
    client = login(world.users["office"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    poll = client.get(url + "?poll=20", headers={"hx-request": "true"}).content.decode()
    assert "every 2s" not in poll and "now=1" in poll
    now = client.get(url + "?now=1", headers={"sec-fetch-mode": "navigate"})
    assert now["Content-Type"] == "application/pdf"


def test_a_refusing_task_queue_makes_the_pdf_in_the_request(
    login, world, ledger, rule_sets, monkeypatch
):
    from careerhub.reports import tasks

    class Down:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue is down")

    monkeypatch.setattr(tasks, "monthly_pdf_task", Down())
    client = login(world.users["office"])
    url = reverse("reports:cohort_pdf", args=[ledger.cohort.pk])
    page = client.get(url, headers={"sec-fetch-mode": "navigate"})
    assert page["Content-Type"] == "application/pdf"
    cache.clear()
    poll = client.get(url + "?poll=1", headers={"hx-request": "true"})
    assert poll["Content-Type"].startswith("text/html")  # never the file swapped into the page
    assert "now=1" in poll.content.decode() and "every 2s" not in poll.content.decode()


def test_a_new_generation_does_not_queue_the_readers_pdf_again_at_once(
    login, world, ledger, rule_sets
):
    """Every confirmed outcome makes a new generation; rendering each reader's PDF ahead
    after each of them would keep the workers busy all day: once per 30 minutes."""
    client = login(world.users["office"])
    client.get(reverse("reports:office"))
    queued = DBTaskResult.objects.filter(task_path__endswith="monthly_pdf_task")
    assert queued.count() == 1
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    client.get(reverse("reports:office"))  # a new generation: not rendered ahead again
    assert queued.count() == 1
    newest = Cohort.objects.order_by("-number").first()
    cache.delete(  # half an hour later
        monthly.monthly_pdf_prepare_gate(
            user_id=world.users["office"].pk, cohort_id=newest.pk, operator_id=None
        )
    )
    client.get(reverse("reports:office"))  # it is rendered ahead again
    assert queued.count() == 2
