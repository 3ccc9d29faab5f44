"""Looking at personal data in the Django admin is recorded like any other access (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from careerhub.accounts.models import Role
from careerhub.accounts.services import membership_grant
from careerhub.core.admin import AccessLoggedAdmin
from careerhub.core.models import AccessRecord


@pytest.fixture
def office(world):
    user = world.users["office"]
    membership_grant(actor=None, user=user, role=Role.PROGRAM_STAFF)
    return user


def test_a_changelist_records_which_rows_it_showed(client, office, world):
    client.force_login(office)
    assert client.get(reverse("admin:academy_trainee_changelist")).status_code == 200
    record = AccessRecord.objects.get()
    assert record.actor == office
    assert record.action == AccessRecord.Action.ADMIN
    assert record.detail["model"] == "academy.trainee"
    shown = {world.trainee_a1.pk, world.trainee_a2.pk, world.trainee_b1.pk}
    assert set(record.subjects["trainees"]) == shown


def test_opening_a_record_records_whose(client, office, world):
    client.force_login(office)
    url = reverse("admin:academy_trainee_change", args=[world.trainee_a1.pk])
    assert client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.actor, record.subjects) == (office, {"trainees": [world.trainee_a1.pk]})


def test_a_refused_page_records_nothing(client, world):
    client.force_login(world.users["nobody"])
    client.get(reverse("admin:academy_trainee_changelist"))
    assert not AccessRecord.objects.exists()


PERSONAL_DATA_MODELS = [
    "accounts.user",
    "accounts.membership",
    "academy.trainee",
    "academy.project",
    "academy.assessment",
    "applications.application",
    "committees.committee",
    "committees.meeting",
    "committees.decision",
    "companies.company",
    "consulting.slot",
    "consulting.booking",
    "consulting.actionitem",
    "intake.application",
    "intake.screeningscore",
    "intake.selectionoverride",
    "matching.recommendationrun",
    "matching.planrun",
    "matching.feedback",
    "matching.planconstraint",
    "matching.applicationsuggestion",
    "matching.matchday",
    "messaging.message",
    "outcomes.outcome",
    "outcomes.enrolmentintent",
    "outcomes.startupteam",
]


@pytest.mark.parametrize("label", PERSONAL_DATA_MODELS)
def test_every_admin_of_personal_data_records_access(label):
    model_admin = next(
        ma for model, ma in admin.site._registry.items() if model._meta.label_lower == label
    )
    assert isinstance(model_admin, AccessLoggedAdmin)


@pytest.mark.parametrize("view", ["history", "delete"])
def test_history_and_delete_confirmation_record_whose_record_they_show(
    client, admin_user, world, view
):
    client.force_login(admin_user)
    url = reverse(f"admin:academy_trainee_{view}", args=[world.trainee_a1.pk])
    assert client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
    assert record.detail["view"] == view
