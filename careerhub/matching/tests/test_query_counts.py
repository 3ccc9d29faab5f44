"""Query counts of the matching pages that list many trainees or candidates: pinned, so an
N+1 (a query per trainee or per run) fails here instead of slowing a real caseload."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Consent, TraineeSkill
from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting
from careerhub.matching import adapter
from careerhub.matching.models import Feedback, Recommendation, RecommendationRun

pytestmark = pytest.mark.django_db


def _more_trainees(mx, n: int) -> list:
    """``n`` more matchable trainees of course A like t2 (backend, Python, Gwangju)."""
    next_month = adapter.add_months(timezone.localdate(), 1)
    made = []
    for i in range(n):
        trainee = f.TraineeFactory(course=mx.course, name=f"추가교육생{i:02d}")
        trainee.available_from = next_month
        trainee.desired_regions = ["gwangju"]
        trainee.save()
        trainee.desired_roles.set([mx.backend])
        TraineeSkill.objects.create(trainee=trainee, skill=mx.python, level=1 + i % 4)
        f.consent(trainee, Consent.Purpose.PROVISION_COMPANIES)
        made.append(trainee)
    return made


def _caseload_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("matching:caseload"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_caseload_costs_the_same_queries_for_3_or_15_trainees(login, world, mx):
    client = login(world.users["office"])
    few_cold, _ = _caseload_queries(client)  # computes and stores every run
    few_warm, _ = _caseload_queries(client)  # reuses them
    extra = _more_trainees(mx, 12)
    # a dismissal makes one trainee's rules differ (its own engine group)
    Feedback.objects.create(
        trainee=extra[0],
        kind=Feedback.Kind.DISMISSED,
        reason=Feedback.Reason.OTHER,
        opening_key=adapter.posting_key(mx.p3.pk),
        posting=mx.p3,
    )
    many_cold, html = _caseload_queries(client)
    many_warm, _ = _caseload_queries(client)
    assert all(t.name in html for t in extra)
    assert RecommendationRun.objects.filter(trainee__in=extra).count() == 12
    assert Recommendation.objects.filter(trainee__in=extra).exists()
    # 12 more trainees cost no query more (a second engine group adds none either)
    assert many_cold <= few_cold + 1
    assert many_warm == few_warm
    assert many_warm <= 30


def test_the_caseload_computes_only_stale_runs_and_reads_tops_in_one_query(login, world, mx):
    _more_trainees(mx, 6)
    client = login(world.users["office"])
    _caseload_queries(client)
    runs_before = RecommendationRun.objects.count()
    JobPosting.objects.filter(pk=mx.p2.pk).update(updated_at=timezone.now())  # every run stale
    _, html = _caseload_queries(client)
    assert RecommendationRun.objects.count() == runs_before * 2
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("matching:caseload"))
    item_reads = [q for q in queries if 'FROM "matching_recommendation"' in q["sql"]]
    # the best three of every run; the missing skills of the same runs come from the cache,
    # counted by the view before
    assert len(item_reads) == 1
    assert RecommendationRun.objects.count() == runs_before * 2  # nothing recomputed
    assert "백엔드 개발자 채용" in html or "주니어 백엔드" in html


def test_the_missing_skills_summary_is_reused_until_a_run_or_a_name_changes(world, mx):
    from careerhub.accounts.actors import actor_for
    from careerhub.matching import selectors
    from careerhub.matching.services.caseload import caseload_runs
    from careerhub.taxonomy.models import Skill

    actor = actor_for(world.users["office"])

    def runs_brought_up_to_date() -> None:
        caseload_runs(actor=actor, trainees=list(selectors.consultant_trainees_for(actor)))

    def summary() -> tuple[list, bool]:
        with CaptureQueriesContext(connection) as queries:
            found = selectors.missing_skills_summary_for(trainee_ids=ids)
        return found, any('FROM "matching_recommendation"' in q["sql"] for q in queries)

    def from_the_items() -> list:
        latest = selectors.latest_runs_for(trainee_ids=ids)
        return selectors.missing_skills_summary(list(latest.values()))

    _more_trainees(mx, 3)
    runs_brought_up_to_date()
    ids = list(selectors.consultant_trainees_for(actor).values_list("pk", flat=True))
    first, counted = summary()
    assert counted and first and first == from_the_items()
    assert summary() == (first, False)  # the same runs: from the cache

    JobPosting.objects.filter(pk=mx.p2.pk).update(updated_at=timezone.now())
    runs_brought_up_to_date()  # every run computed anew
    fresh, counted = summary()
    assert counted and fresh == from_the_items()

    skill = Skill.objects.get(code=fresh[0].code)
    skill.name_ko = "새 이름의 기술"
    skill.save()
    renamed, counted = summary()
    assert counted and renamed[0].name == "새 이름의 기술"


@pytest.mark.parametrize("who", ["office", "staff_a"])
@pytest.mark.parametrize("extra", [0, 10])
def test_the_caseload_query_budget(login, world, mx, who, extra, django_assert_max_num_queries):
    _more_trainees(mx, extra)
    client = login(world.users[who])
    client.get(reverse("matching:caseload"))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("matching:caseload")).status_code == 200


def test_the_engine_warm_up_fills_the_process_caches(mx):
    adapter._openings_cache.clear()
    adapter._taxonomy_cache.clear()
    assert adapter.engine_warm_up() == 3  # p1, p2 and p3
    assert "current" in adapter._openings_cache and "current" in adapter._taxonomy_cache


def test_a_large_stale_caseload_is_computed_by_the_task_worker(
    login, world, mx, monkeypatch, settings
):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from careerhub.matching.services import caseload
    from careerhub.matching.tasks import recommendations_refresh_task

    # the queue in the database, as in production (this app's tests run tasks at once)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    cache.clear()
    _more_trainees(mx, 6)
    client = login(world.users["office"])
    client.get(reverse("matching:caseload"))  # all stale, fewer than 25: computed in the request
    runs = RecommendationRun.objects.count()
    assert runs >= 8
    monkeypatch.setattr(caseload, "INLINE_LIMIT", 3)
    JobPosting.objects.filter(pk=mx.p2.pk).update(updated_at=timezone.now())  # all stale
    html = client.get(reverse("matching:caseload")).content.decode()
    assert RecommendationRun.objects.count() == runs  # nothing computed in the request
    assert f"교육생 {runs}명" in html or f"of {runs} trainees" in html
    assert 'role="status"' in html  # says it is being brought up to date
    queued = DBTaskResult.objects.filter(task_path__endswith="recommendations_refresh_task")
    assert queued.count() == 1
    client.get(reverse("matching:caseload"))
    assert queued.count() == 1  # asked for once
    ids = queued.get().args_kwargs["kwargs"]["trainee_ids"]
    assert recommendations_refresh_task.call(trainee_ids=ids) == runs
    html = client.get(reverse("matching:caseload")).content.decode()
    assert RecommendationRun.objects.count() == runs * 2
    assert 'role="status"' not in html
    cache.clear()


def test_a_batch_whose_worker_died_is_asked_for_again_within_minutes(
    login, world, mx, monkeypatch, settings
):
    """The worker that took the batch was killed: its task stays 'running' and nothing is
    computed. Once QUEUED_SECONDS have passed, the next view of the caseload queues it again."""
    import freezegun
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from careerhub.matching.services import caseload

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    cache.clear()
    client = login(world.users["office"])
    client.get(reverse("matching:caseload"))
    monkeypatch.setattr(caseload, "INLINE_LIMIT", 1)
    JobPosting.objects.filter(pk=mx.p2.pk).update(updated_at=timezone.now())  # all stale
    queued = DBTaskResult.objects.filter(task_path__endswith="recommendations_refresh_task")
    with freezegun.freeze_time(timezone.now()) as clock:
        client.get(reverse("matching:caseload"))
        queued.update(status="RUNNING", started_at=timezone.now())  # taken, then killed
        clock.tick(caseload.QUEUED_SECONDS - 5)
        client.get(reverse("matching:caseload"))
        assert queued.count() == 1  # still within the guard
        assert caseload.QUEUED_SECONDS <= 5 * 60  # "within minutes"
        clock.tick(10)
        html = client.get(reverse("matching:caseload")).content.decode()
    assert queued.count() == 2 and 'role="status"' in html
    cache.clear()


def test_the_caseload_still_refuses_a_trainee_the_actor_may_not_see(world, mx):
    from careerhub.accounts.actors import actor_for
    from careerhub.core.policy import PermissionDenied
    from careerhub.matching.services.caseload import caseload_runs

    staff_b = actor_for(world.users["staff_b"])  # operator B's staff; t1 trains with A
    with pytest.raises(PermissionDenied):
        caseload_runs(actor=staff_b, trainees=[mx.t1])
    assert not RecommendationRun.objects.filter(trainee=mx.t1).exists()


def test_the_caseload_is_paged_and_brings_only_its_page_up_to_date(login, world, mx, monkeypatch):
    from careerhub.matching.web import views

    monkeypatch.setattr(views, "CASELOAD_PAGE", 4)
    _more_trainees(mx, 6)
    client = login(world.users["office"])
    first = client.get(reverse("matching:caseload"))
    assert first.status_code == 200
    page = first.context["page"]
    assert page.paginator.count > 4 and len(first.context["rows"]) == 4
    on_first = {t.pk for t, _top in first.context["rows"]}
    # only the first page's trainees got runs
    assert set(RecommendationRun.objects.values_list("trainee_id", flat=True)) == on_first
    second = client.get(reverse("matching:caseload"), {"page": 2})
    on_second = {t.pk for t, _top in second.context["rows"]}
    assert on_second and not on_first & on_second
    assert f"page={page.next_page_number()}" in first.content.decode()


def test_latest_runs_reads_each_trainees_newest_run_only(login, world, mx):
    from careerhub.matching import selectors

    client = login(world.users["office"])
    client.get(reverse("matching:caseload"))
    first = selectors.latest_runs_for(trainee_ids=[mx.t2.pk])
    JobPosting.objects.filter(pk=mx.p2.pk).update(updated_at=timezone.now())  # stale again
    client.get(reverse("matching:caseload"))
    assert RecommendationRun.objects.filter(trainee=mx.t2).count() == 2
    newest = selectors.latest_runs_for(trainee_ids=[mx.t2.pk])
    assert newest[mx.t2.pk].pk > first[mx.t2.pk].pk
    assert newest[mx.t2.pk] == RecommendationRun.objects.filter(trainee=mx.t2).latest("pk")
