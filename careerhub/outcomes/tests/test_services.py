"""Writes on the ledger: evidence, confirmation, kept history, stale edits, start-up teams."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from careerhub.conftest import roles_except
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests.factories import valid_business_number
from careerhub.outcomes import services
from careerhub.outcomes.models import (
    EnrolmentIntent,
    Outcome,
    OutcomeRevision,
    OutcomeType,
    StartupTeam,
)

pytestmark = pytest.mark.django_db

EMPLOYED = {
    "outcome_type": OutcomeType.EMPLOYED,
    "start_date": dt.date(2026, 12, 1),
    "company_name": "빛고을데이터",
    "employment_type": "full_time",
    "insurance": "unconfirmed",
}


def test_record_then_confirm_keeps_every_state(world, private_root):
    staff = world.actor("staff_a")
    outcome = services.outcome_record(actor=staff, trainee=world.trainee_a1, data=EMPLOYED)
    assert outcome.status == Outcome.Status.PROPOSED
    with pytest.raises(ValidationError) as info:
        services.outcome_confirm(actor=staff, outcome=outcome, expected_version=1)
    assert info.value.code == "evidence_required"
    assert Outcome.objects.get(pk=outcome.pk).status == Outcome.Status.PROPOSED
    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.outcome_update(
        actor=staff, outcome=outcome, expected_version=1, data={}, evidence_file=pdf
    )
    services.outcome_confirm(actor=staff, outcome=outcome, expected_version=2)
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.CONFIRMED
    assert outcome.verified_by == world.users["staff_a"]
    assert outcome.verified_at is not None
    assert re.fullmatch(r"outcomes/evidence/[0-9a-f]{32}\.pdf", outcome.evidence_file.name)
    assert outcome.evidence_name == "contract.pdf"
    assert (private_root / outcome.evidence_file.name).read_bytes() == b"%PDF-1.4 test"
    changes = list(
        OutcomeRevision.objects.filter(outcome=outcome)
        .order_by("number")
        .values_list("change", "snapshot__status")
    )
    assert changes == [("created", "proposed"), ("updated", "proposed"), ("confirmed", "confirmed")]
    verbs = set(Event.objects.filter(target_id=str(outcome.pk)).values_list("verb", flat=True))
    assert verbs == {"outcome.recorded", "outcome.updated", "outcome.confirmed"}


def test_changing_the_facts_of_a_confirmed_outcome_asks_for_confirmation_again(world):
    staff = world.actor("staff_a")
    outcome = services.outcome_record(
        actor=staff, trainee=world.trainee_a1, data=EMPLOYED | {"evidence_reference": "고용보험"}
    )
    services.outcome_confirm(actor=staff, outcome=outcome, expected_version=1)
    services.outcome_update(
        actor=staff, outcome=outcome, expected_version=2, data={"start_date": dt.date(2026, 12, 2)}
    )
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.PROPOSED
    assert outcome.verified_by is None


def test_a_stale_edit_is_refused_and_writes_nothing(world):
    staff_a = world.actor("staff_a")
    office = world.actor("office")
    outcome = services.outcome_record(actor=staff_a, trainee=world.trainee_a1, data=EMPLOYED)
    mine = Outcome.objects.get(pk=outcome.pk)
    theirs = Outcome.objects.get(pk=outcome.pk)
    services.outcome_update(
        actor=office, outcome=theirs, expected_version=1, data={"annual_salary": 36_000_000}
    )
    with pytest.raises(ValidationError) as info:
        services.outcome_update(
            actor=staff_a, outcome=mine, expected_version=1, data={"annual_salary": 30_000_000}
        )
    assert info.value.code == "stale_version"
    assert "다른 사람이" in str(info.value.messages[0]) or "Someone else" in info.value.messages[0]
    stored = Outcome.objects.get(pk=outcome.pk)
    assert (stored.annual_salary, stored.version) == (36_000_000, 2)
    assert OutcomeRevision.objects.filter(outcome=outcome).count() == 2


def test_bad_input_is_refused_with_field_errors_and_nothing_is_stored(world):
    staff = world.actor("staff_a")
    with pytest.raises(ValidationError) as info:
        services.outcome_record(
            actor=staff,
            trainee=world.trainee_a1,
            data={"outcome_type": OutcomeType.EMPLOYED, "start_date": dt.date(2026, 12, 1)},
        )
    assert set(info.value.message_dict) == {"company_name", "employment_type"}
    with pytest.raises(ValidationError) as info:
        services.outcome_record(
            actor=staff,
            trainee=world.trainee_a1,
            data={"outcome_type": OutcomeType.ILLNESS, "start_date": dt.date(2026, 12, 1)},
        )
    assert "absence_weeks" in info.value.message_dict
    exe = SimpleUploadedFile("evil.exe", b"MZ")
    with pytest.raises(ValidationError) as info:
        services.outcome_record(
            actor=staff, trainee=world.trainee_a1, data=EMPLOYED, evidence_file=exe
        )
    assert info.value.error_dict["evidence_file"][0].code == "evidence_type"
    assert not Outcome.objects.exists()
    assert not OutcomeRevision.objects.exists()


OTHERS = roles_except("office", "staff_a")  # the other operator included


@pytest.mark.parametrize("who", OTHERS)
def test_only_office_and_own_operator_staff_record_outcomes(world, who):
    with pytest.raises(PermissionDenied):
        services.outcome_record(actor=world.actor(who), trainee=world.trainee_a1, data=EMPLOYED)
    assert not Outcome.objects.exists()


def test_a_hire_only_proposes(world):
    outcome = services.outcome_propose_from_hire(
        actor=world.actor("recruiter_x"),
        trainee=world.trainee_a1,
        company_id=world.company_x.pk,
        job_role_id=None,
        job_title="AI 엔지니어",
        start_date=dt.date(2027, 1, 4),
        employment_type="full_time",
        annual_salary=38_000_000,
        in_city=True,
        reference="지원 #1",
    )
    assert outcome.status == Outcome.Status.PROPOSED
    assert outcome.source == Outcome.Source.APPLICATION
    assert outcome.verified_by is None
    assert outcome.revisions.get().change == "proposed_by_hire"


def test_reject_needs_a_reason(world):
    staff = world.actor("staff_a")
    outcome = services.outcome_record(actor=staff, trainee=world.trainee_a1, data=EMPLOYED)
    with pytest.raises(ValidationError):
        services.outcome_reject(actor=staff, outcome=outcome, expected_version=1, reason=" ")
    services.outcome_reject(actor=staff, outcome=outcome, expected_version=1, reason="중복 입력")
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.REJECTED
    assert outcome.revisions.order_by("-number").first().note == "중복 입력"


def test_intent_is_recorded_and_corrected(world):
    staff = world.actor("staff_a")
    services.intent_record(
        actor=staff, trainee=world.trainee_a1, intent="seek_job", recorded_on=dt.date(2026, 3, 2)
    )
    services.intent_record(
        actor=staff, trainee=world.trainee_a1, intent="upskill", recorded_on=dt.date(2026, 3, 3)
    )
    assert EnrolmentIntent.objects.get().intent == "upskill"
    assert Event.objects.filter(verb="intent.recorded").count() == 2
    with pytest.raises(PermissionDenied):
        services.intent_record(
            actor=world.actor("staff_b"),
            trainee=world.trainee_a1,
            intent="seek_job",
            recorded_on=dt.date(2026, 3, 2),
        )


def test_startup_registration_proposes_a_startup_outcome_per_member(world):
    staff = world.actor("staff_a")
    team = services.startup_team_create(
        actor=staff,
        operator_id=world.op_a.pk,
        name="빛고을로보틱스",
        idea="스마트팜 로봇",
        trainee_ids=[world.trainee_a1.pk, world.trainee_a2.pk],
    )
    number = valid_business_number(42)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)  # the checksum fails
    with pytest.raises(ValidationError) as info:
        services.startup_team_register(
            actor=staff, team=team, business_number=wrong, registered_on=dt.date(2026, 12, 1)
        )
    assert "business_number" in info.value.message_dict
    assert not Outcome.objects.exists()
    proposed = services.startup_team_register(
        actor=staff, team=team, business_number=number, registered_on=dt.date(2026, 12, 1)
    )
    assert {o.trainee_id for o in proposed} == {world.trainee_a1.pk, world.trainee_a2.pk}
    assert all(o.outcome_type == OutcomeType.STARTUP and o.has_evidence for o in proposed)
    assert all(o.status == Outcome.Status.PROPOSED for o in proposed)
    team.refresh_from_db()
    assert team.stage == StartupTeam.Stage.REGISTERED
    again = services.startup_team_register(
        actor=staff, team=team, business_number=number, registered_on=dt.date(2026, 12, 1)
    )
    assert again == []


def test_startup_team_members_must_belong_to_the_operator(world):
    with pytest.raises(ValidationError) as info:
        services.startup_team_create(
            actor=world.actor("staff_a"),
            operator_id=world.op_a.pk,
            name="섞인팀",
            idea="…",
            trainee_ids=[world.trainee_a1.pk, world.trainee_b1.pk],
        )
    assert info.value.code == "member_operator"
    assert not StartupTeam.objects.exists()
