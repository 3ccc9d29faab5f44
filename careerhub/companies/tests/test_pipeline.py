"""The attraction pipeline: stage transitions and their history, targets and the stalled list."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerhub.companies import selectors, services
from careerhub.companies.models import AttractionTarget, Company, Stage, StageChange
from careerhub.conftest import roles_except
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f

SEOUL = ZoneInfo("Asia/Seoul")


def kst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


def move(world, company, *steps):
    actor = world.actor("office")
    for stage, at in steps:
        services.company_stage_change(actor=actor, company=company, to_stage=stage, effective_at=at)
    company.refresh_from_db()
    return company


def test_full_path_keeps_history_and_sets_the_office(world):
    company = move(
        world,
        world.company_x,
        (Stage.PROSPECT, kst(2025, 1, 5, 10)),
        (Stage.TALKS, kst(2025, 2, 1, 10)),
        (Stage.MOU, kst(2025, 3, 1, 10)),
        (Stage.OFFICE, kst(2025, 6, 30, 23, 30)),
        (Stage.HIRING, kst(2025, 9, 1, 9)),
    )
    history = list(company.stage_changes.order_by("effective_at"))
    assert [(h.from_stage, h.to_stage) for h in history] == [
        ("", "prospect"),
        ("prospect", "talks"),
        ("talks", "mou"),
        ("mou", "office"),
        ("office", "hiring"),
    ]
    assert {h.recorded_by for h in history} == {world.users["office"]}
    assert company.stage == Stage.HIRING
    assert company.stage_since == kst(2025, 9, 1, 9)
    assert company.has_city_office is True
    # 23:30 KST on 30 June is 14:30 UTC: the office opened on the Korean date.
    assert company.city_office_opened_on == dt.date(2025, 6, 30)
    events = Event.objects.filter(verb="company.stage_changed", target_id=str(company.pk))
    assert events.count() == 5


def test_hiring_can_pause_without_closing_the_office(world):
    company = move(
        world,
        world.company_x,
        (Stage.MOU, kst(2024, 1, 1, 9)),
        (Stage.OFFICE, kst(2024, 2, 1, 9)),
        (Stage.HIRING, kst(2024, 3, 1, 9)),
        (Stage.OFFICE, kst(2024, 4, 1, 9)),
    )
    assert company.has_city_office and company.city_office_opened_on == dt.date(2024, 2, 1)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], Stage.OFFICE),  # entering the pipeline with an office, no MOU
        ([], Stage.HIRING),
        ([Stage.PROSPECT], Stage.OFFICE),  # an office only after an MOU
        ([Stage.MOU], Stage.TALKS),  # an MOU is never undone
        ([Stage.MOU], Stage.DROPPED),
        ([Stage.TALKS], Stage.TALKS),
        ([Stage.MOU, Stage.OFFICE], Stage.MOU),
    ],
)
def test_refused_transitions_write_nothing(world, path, refused):
    company = move(
        world,
        world.company_x,
        *[(s, kst(2025, 1, 1 + i, 9)) for i, s in enumerate(path)],
    )
    before = (StageChange.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.company_stage_change(
            actor=world.actor("office"),
            company=company,
            to_stage=refused,
            effective_at=kst(2025, 2, 1, 9),
        )
    assert exc.value.error_dict["to_stage"][0].code == "stage_transition_not_allowed"
    assert (StageChange.objects.count(), Event.objects.count()) == before
    company.refresh_from_db()
    assert company.stage == (path[-1] if path else None)


def test_date_may_not_go_back_or_into_the_future(world):
    company = move(world, world.company_x, (Stage.TALKS, kst(2025, 5, 1, 9)))
    actor = world.actor("office")
    with pytest.raises(ValidationError) as exc:
        services.company_stage_change(
            actor=actor, company=company, to_stage=Stage.MOU, effective_at=kst(2025, 4, 30, 9)
        )
    assert exc.value.error_dict["effective_at"][0].code == "before_last_change"
    with pytest.raises(ValidationError) as exc:
        services.company_stage_change(
            actor=actor,
            company=company,
            to_stage=Stage.MOU,
            effective_at=timezone.now() + dt.timedelta(days=1),
        )
    assert exc.value.error_dict["effective_at"][0].code == "future_date"
    assert company.stage_changes.count() == 1


@pytest.mark.parametrize("who", roles_except("office"))
def test_only_the_office_changes_stages(world, who):
    with pytest.raises(PermissionDenied):
        services.company_stage_change(
            actor=world.actor(who),
            company=world.company_x,
            to_stage=Stage.PROSPECT,
            effective_at=kst(2025, 1, 1),
        )
    assert not StageChange.objects.exists()


def test_database_refuses_an_office_that_disagrees_with_the_stage(world):
    company = move(world, world.company_x, (Stage.MOU, kst(2025, 1, 1, 9)))
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.filter(pk=company.pk).update(
            has_city_office=True, city_office_opened_on=dt.date(2025, 2, 1)
        )


def test_company_outside_the_pipeline_keeps_its_recorded_office(world):
    company = f.CompanyFactory(has_city_office=True, city_office_opened_on=dt.date(2020, 1, 1))
    assert company.stage is None


# --- targets and progress -----------------------------------------------------------------


def _mou_at(world, at: dt.datetime, office_at: dt.datetime | None = None) -> Company:
    company = f.CompanyFactory()
    steps = [(Stage.MOU, at)]
    if office_at:
        steps.append((Stage.OFFICE, office_at))
    return move(world, company, *steps)


def test_progress_counts_years_in_seoul(world):
    AttractionTarget.objects.create(year=2025, new_mous=60, cumulative_mous=310, offices=20)
    _mou_at(world, kst(2024, 12, 31, 23, 59))  # 2024 in Seoul (14:59 UTC)
    _mou_at(world, kst(2025, 1, 1, 0, 30))  # 2025 in Seoul, still 2024 in UTC
    _mou_at(world, kst(2025, 3, 10, 10), office_at=kst(2025, 5, 2, 10))
    _mou_at(world, kst(2025, 12, 31, 23, 30))  # 2025 in Seoul, 14:30 UTC
    _mou_at(world, kst(2026, 1, 1, 0, 10))  # 2026 in Seoul, 2025-12-31 15:10 UTC
    progress = selectors.attraction_progress(actor=world.actor("office"), year=2025)
    assert progress.new_mous == 3
    assert progress.cumulative_mous == 4
    assert progress.offices_opened == 1 and progress.offices_total == 1
    assert progress.target_new_mous == 60 and progress.target_cumulative_mous == 310
    assert progress.new_mous_remaining == 57
    assert progress.cumulative_remaining == 306
    assert progress.new_mous_share == pytest.approx(3 / 60)
    assert progress.offices_share == pytest.approx(1 / 20)
    by_month = {m.month: m for m in progress.months}
    assert by_month[1].new_mous == 1 and by_month[1].cumulative_mous == 2
    assert by_month[3].new_mous == 1 and by_month[5].offices_opened == 1
    assert by_month[12].new_mous == 1 and by_month[12].cumulative_mous == 4
    previous = selectors.attraction_progress(actor=world.actor("office"), year=2024)
    assert (previous.new_mous, previous.cumulative_mous) == (1, 1)
    assert previous.target_new_mous is None and previous.new_mous_share is None
    following = selectors.attraction_progress(actor=world.actor("office"), year=2026)
    assert (following.new_mous, following.cumulative_mous) == (1, 5)
    assert following.months[0].new_mous == 1


def test_an_mou_counts_once_even_after_the_office_opens(world):
    _mou_at(world, kst(2026, 2, 1, 9), office_at=kst(2026, 4, 1, 9))
    progress = selectors.attraction_progress(actor=world.actor("committee"), year=2026)
    assert progress.new_mous == 1 and progress.cumulative_mous == 1


def test_target_set_updates_the_year(world):
    actor = world.actor("office")
    services.attraction_target_set(actor=actor, year=2026, new_mous=60, cumulative_mous=310)
    services.attraction_target_set(actor=actor, year=2026, new_mous=65, cumulative_mous=310)
    assert AttractionTarget.objects.get(year=2026).new_mous == 65
    with pytest.raises(PermissionDenied):
        services.attraction_target_set(
            actor=world.actor("committee"), year=2026, new_mous=1, cumulative_mous=1
        )


@pytest.mark.parametrize("who", roles_except("office", "committee"))
def test_progress_is_not_for_operators_or_companies(world, who):
    with pytest.raises(PermissionDenied):
        selectors.attraction_progress(actor=world.actor(who), year=2026)


# --- stalled ------------------------------------------------------------------------------


def test_stalled_list_uses_each_stage_limit_and_an_override(world, settings):
    settings.ATTRACTION_STALLED_DAYS = {"talks": 30}
    now = timezone.now()
    talks_old = move(
        world, f.CompanyFactory(name="오래협의"), (Stage.TALKS, now - dt.timedelta(40))
    )
    move(world, f.CompanyFactory(name="최근협의"), (Stage.TALKS, now - dt.timedelta(10)))
    move(world, f.CompanyFactory(name="가망"), (Stage.PROSPECT, now - dt.timedelta(60)))
    hiring = f.CompanyFactory(name="채용중")
    move(
        world,
        hiring,
        (Stage.MOU, now - dt.timedelta(900)),
        (Stage.OFFICE, now - dt.timedelta(800)),
        (Stage.HIRING, now - dt.timedelta(700)),
    )
    actor = world.actor("office")
    stalled = selectors.stalled_companies(actor=actor, now=now)
    assert [(s.company, s.days, s.limit) for s in stalled] == [(talks_old, 40, 30)]
    names = [s.company.name for s in selectors.stalled_companies(actor=actor, days=5, now=now)]
    assert names == ["가망", "오래협의", "최근협의"]  # hiring never stalls
    with pytest.raises(PermissionDenied):
        selectors.stalled_companies(actor=world.actor("committee"))
