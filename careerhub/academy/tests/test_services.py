import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from careerhub.academy import services
from careerhub.academy.models import Consent, Trainee, TraineeSkill, TraineeStatusChange
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f


def test_complete_then_correct_back_with_reason(world):
    actor = world.actor("staff_a")
    services.trainee_change_status(
        actor=actor,
        trainee=world.trainee_a2,
        status="completed",
        effective_on=dt.date(2026, 11, 20),
    )
    assert world.trainee_a2.completed_on == dt.date(2026, 11, 20)
    with pytest.raises(ValidationError) as exc:
        services.trainee_change_status(
            actor=actor,
            trainee=world.trainee_a2,
            status="enrolled",
            effective_on=dt.date(2026, 11, 21),
        )
    assert "reason" in exc.value.message_dict
    services.trainee_change_status(
        actor=actor,
        trainee=world.trainee_a2,
        status="enrolled",
        effective_on=dt.date(2026, 11, 21),
        reason="입력 오류 정정",
    )
    world.trainee_a2.refresh_from_db()
    assert world.trainee_a2.status == Trainee.Status.ENROLLED
    assert world.trainee_a2.completed_on is None
    assert TraineeStatusChange.objects.filter(trainee=world.trainee_a2).count() == 2


def test_same_status_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.trainee_change_status(
            actor=world.actor("office"),
            trainee=world.trainee_a1,
            status="enrolled",
            effective_on=dt.date(2026, 5, 1),
            reason="x",
        )
    assert exc.value.error_list[0].code == "status_unchanged"


def test_completion_before_enrolment_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError):
        services.trainee_change_status(
            actor=world.actor("office"),
            trainee=world.trainee_a1,
            status="completed",
            effective_on=dt.date(2020, 1, 1),
        )
    assert Trainee.objects.get(pk=world.trainee_a1.pk).status == Trainee.Status.ENROLLED
    assert not TraineeStatusChange.objects.exists()
    assert not Event.objects.exists()


def test_other_operator_cannot_change_status(world):
    with pytest.raises(PermissionDenied):
        services.trainee_change_status(
            actor=world.actor("staff_b"),
            trainee=world.trainee_a1,
            status="completed",
            effective_on=dt.date(2026, 11, 1),
        )


def test_skills_replace_and_level_bounds(world):
    python = f.SkillFactory(code="python")
    sql = f.SkillFactory(code="sql")
    actor = world.actor("trainee_a1")
    services.trainee_update_profile(
        actor=actor, trainee=world.trainee_a1, data={}, skills={python.pk: 4, sql.pk: 2}
    )
    services.trainee_update_profile(
        actor=actor, trainee=world.trainee_a1, data={}, skills={python.pk: 5}
    )
    assert dict(TraineeSkill.objects.values_list("skill__code", "level")) == {"python": 5}
    with pytest.raises(ValidationError):
        services.trainee_update_profile(
            actor=actor, trainee=world.trainee_a1, data={}, skills={python.pk: 3, sql.pk: 9}
        )
    # the failed call changed nothing
    assert dict(TraineeSkill.objects.values_list("skill__code", "level")) == {"python": 5}


def test_unknown_region_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.trainee_update_profile(
            actor=world.actor("trainee_a1"),
            trainee=world.trainee_a1,
            data={"desired_regions": ["atlantis"]},
        )
    assert "desired_regions" in exc.value.message_dict


def test_consent_only_by_the_trainee_and_history_kept(world):
    with pytest.raises(PermissionDenied):
        services.consent_set(
            actor=world.actor("office"),
            trainee=world.trainee_a1,
            purpose=Consent.Purpose.PROVISION_COMPANIES,
            granted=True,
        )
    actor = world.actor("trainee_a1")
    services.consent_set(
        actor=actor,
        trainee=world.trainee_a1,
        purpose=Consent.Purpose.PROVISION_COMPANIES,
        granted=True,
    )
    services.consent_set(
        actor=actor,
        trainee=world.trainee_a1,
        purpose=Consent.Purpose.PROVISION_COMPANIES,
        granted=True,
    )  # no-op
    services.consent_set(
        actor=actor,
        trainee=world.trainee_a1,
        purpose=Consent.Purpose.PROVISION_COMPANIES,
        granted=False,
    )
    rows = Consent.objects.filter(trainee=world.trainee_a1)
    assert rows.count() == 1
    assert rows.get().withdrawn_at is not None
    assert Event.objects.filter(verb__startswith="consent.").count() == 3
