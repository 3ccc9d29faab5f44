"""The ``trainee_dropped`` hook: receivers run inside the dropout's transaction, with the
actor who recorded it; a receiver that fails undoes the dropout (decided: a dropout and
what must follow from it are one change)."""

import datetime as dt

import pytest

from careerhub.academy import hooks, services
from careerhub.academy.models import Trainee, TraineeStatusChange
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied

DROPPED_ON = dt.date(2026, 5, 1)


@pytest.fixture
def receivers(monkeypatch):
    """An empty registry for the test (the apps' own receivers are set aside)."""
    registry: list = []
    monkeypatch.setattr(hooks, "_trainee_dropped", registry)
    return registry


def drop(world, actor_key="staff_a", **kwargs):
    return services.trainee_change_status(
        actor=world.actor(actor_key),
        trainee=world.trainee_a2,
        status=Trainee.Status.DROPPED,
        effective_on=DROPPED_ON,
        reason="개인 사정",
        **kwargs,
    )


def test_register_is_explicit_and_idempotent(receivers):
    def receiver(*, actor, dropped):
        return []

    hooks.trainee_dropped_register(receiver)
    hooks.trainee_dropped_register(receiver)
    assert hooks.trainee_dropped_receivers() == (receiver,)


def test_intake_registers_its_refill_receiver_at_startup():
    from careerhub.intake.services import trainee_dropped_receive

    assert trainee_dropped_receive in hooks.trainee_dropped_receivers()


def test_a_dropout_calls_receivers_with_the_actor_and_plain_data(world, receivers):
    calls = []

    def receiver(*, actor, dropped):
        calls.append((actor, dropped))
        assert Trainee.objects.get(pk=dropped.trainee_id).status == "dropped"  # same transaction
        return ["자리를 대기자에게 제안했습니다."]

    hooks.trainee_dropped_register(receiver)
    notes: list[str] = []
    drop(world, base_url="http://testserver/", notes=notes)
    assert notes == ["자리를 대기자에게 제안했습니다."]
    [(actor, dropped)] = calls
    assert actor == world.actor("staff_a")
    assert dropped == hooks.TraineeDropped(
        trainee_id=world.trainee_a2.pk,
        course_id=world.course_a.pk,
        dropped_on=DROPPED_ON,
        base_url="http://testserver/",
    )


def test_other_status_changes_call_no_receiver(world, receivers):
    hooks.trainee_dropped_register(lambda **kw: pytest.fail("called"))
    services.trainee_change_status(
        actor=world.actor("staff_a"),
        trainee=world.trainee_a2,
        status=Trainee.Status.COMPLETED,
        effective_on=DROPPED_ON,
    )


def test_a_failing_receiver_rolls_the_dropout_back(world, receivers):
    def receiver(*, actor, dropped):
        raise PermissionDenied

    hooks.trainee_dropped_register(receiver)
    with pytest.raises(PermissionDenied):
        drop(world)
    world.trainee_a2.refresh_from_db()
    assert world.trainee_a2.status == Trainee.Status.ENROLLED
    assert not TraineeStatusChange.objects.filter(trainee=world.trainee_a2).exists()
    assert not Event.objects.filter(verb="trainee.status_changed").exists()


def test_a_caller_without_rights_reaches_no_receiver(world, receivers):
    hooks.trainee_dropped_register(lambda **kw: pytest.fail("called"))
    with pytest.raises(PermissionDenied):
        drop(world, "staff_b")
