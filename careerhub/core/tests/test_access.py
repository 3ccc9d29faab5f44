"""Access records (PIPC safety-measure standard §8): who, when, from where, whose data, what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from careerhub.core.access import access_records_purge, record_access
from careerhub.core.models import AccessRecord, AccessRecordRefused
from careerhub.core.net import client_ip

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite relies on the ORM guards)",
)


def test_a_list_page_records_one_access_with_the_people_shown(login, world):
    response = login(world.users["staff_a"]).get(reverse("academy:trainee_list"))
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert record.action == AccessRecord.Action.LIST
    assert record.page == "academy:trainee_list" and record.path == "/academy/trainees/"
    shown = {t.pk for t in response.context["page"].object_list}
    assert shown == {world.trainee_a1.pk, world.trainee_a2.pk}  # operator A only
    assert set(record.subjects["trainees"]) == shown and record.subject_count == 2
    assert record.actor == world.users["staff_a"]
    assert record.actor_email == "staff_a@example.kr" and record.actor_name == "staff_a"
    assert record.actor_roles == ["operator_staff"]
    assert record.ip == "127.0.0.1"


def test_a_download_records_one_access(login, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from careerhub.outcomes import services

    settings.MEDIA_ROOT = str(tmp_path)
    outcome = services.outcome_record(
        actor=world.actor("staff_a"),
        trainee=world.trainee_a1,
        data={"outcome_type": "military", "start_date": "2026-12-01"},
        evidence_file=SimpleUploadedFile("병적증명서.pdf", b"%PDF-1.4"),
    )
    response = login(world.users["office"]).get(
        reverse("outcomes:outcome_evidence", args=[outcome.pk])
    )
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert record.action == AccessRecord.Action.DOWNLOAD
    assert record.page == "outcomes:outcome_evidence"
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
    assert record.detail == {"outcome": outcome.pk}


def test_a_trainee_looking_at_their_own_data_is_not_recorded(login, world):
    client = login(world.users["trainee_a1"])
    own = client.get(reverse("outcomes:trainee_ledger", args=[world.trainee_a1.pk]))
    assert own.status_code == 200
    assert not AccessRecord.objects.exists()


def test_the_record_outlives_the_user_with_its_snapshot(login, world):
    login(world.users["office"]).get(reverse("academy:trainee_detail", args=[world.trainee_b1.pk]))
    user_id = world.users["office"].pk
    world.users["office"].delete()
    record = AccessRecord.objects.get()
    assert record.actor is None
    assert record.actor_user_id == user_id
    assert record.actor_email == "office@example.kr" and record.actor_roles == ["program_staff"]
    assert record.subjects == {"trainees": [world.trainee_b1.pk]}


def _record(world) -> AccessRecord:
    request = RequestFactory().get("/academy/trainees/")
    request.user = world.users["staff_a"]
    request.actor = world.actor("staff_a")
    return record_access(
        request, AccessRecord.Action.LIST, trainees=[world.trainee_a1], page="academy:trainee_list"
    )


def test_records_cannot_be_changed_or_deleted_through_the_orm(world):
    record = _record(world)
    record.page = "somewhere.else"
    with pytest.raises(AccessRecordRefused):
        record.save()
    with pytest.raises(AccessRecordRefused):
        record.delete()
    with pytest.raises(AccessRecordRefused):
        AccessRecord.objects.filter(pk=record.pk).update(page="x")
    with pytest.raises(AccessRecordRefused):
        AccessRecord.objects.all().delete()
    record = AccessRecord.objects.get()
    assert record.page == "academy:trainee_list"
    assert AccessRecord.objects.count() == 1


@only_postgresql
def test_postgresql_refuses_a_raw_update_and_delete(world):
    record = _record(world)
    for statement in (
        "UPDATE core_accessrecord SET actor_email = 'someone@else.kr' WHERE id = %s",
        "DELETE FROM core_accessrecord WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="access records"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [record.pk])
    assert AccessRecord.objects.get().actor_email == "staff_a@example.kr"


def test_the_purge_deletes_only_records_past_the_retention(world, settings):
    settings.ACCESS_RECORD_RETENTION_DAYS = 730
    kept = {_record(world).pk, _record(world).pk}
    # Backdate one record through the purge's own door: a fresh insert with an old time.
    AccessRecord.objects.create(
        at=timezone.now() - dt.timedelta(days=800), action="list", page="old", subject_count=1
    )
    limit = timezone.now() - dt.timedelta(days=730)
    with pytest.raises(ValueError, match="730 days"):
        access_records_purge(before=timezone.now() - dt.timedelta(days=10))
    assert access_records_purge(before=limit) == 1
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == kept


def test_many_subjects_are_kept_as_a_count_and_the_query(world):
    request = RequestFactory().get("/reports/people/?bucket=completers")
    request.user = world.users["office"]
    request.actor = world.actor("office")
    record = record_access(request, AccessRecord.Action.LIST, trainees=list(range(1, 451)))
    assert record.subjects == {} and record.subject_count == 450
    assert record.query == "/reports/people/?bucket=completers"
    assert record.detail == {"truncated": {"trainees": 450}}


def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(
    client, world, settings
):
    forwarded = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    request = RequestFactory().get("/", **forwarded)
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"  # a client can write anything into the header
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what our one proxy saw
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: the header is not trusted
    assert client_ip(request) == "10.0.0.5"

    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(world.users["staff_a"])
    client.get(reverse("academy:trainee_list"), **forwarded)
    assert AccessRecord.objects.get().ip == "203.0.113.7"


def test_the_decorator_records_a_successful_page_only(world):
    from django.http import HttpResponse, HttpResponseNotFound

    from careerhub.core.access import records_access

    @records_access(AccessRecord.Action.VIEW, trainees="trainee_id")
    def page(request, trainee_id):
        return HttpResponse("ok") if trainee_id == world.trainee_a1.pk else HttpResponseNotFound()

    request = RequestFactory().get("/somewhere/")
    request.user = world.users["staff_a"]
    request.actor = world.actor("staff_a")
    page(request, trainee_id=world.trainee_b1.pk)
    assert not AccessRecord.objects.exists()
    page(request, trainee_id=world.trainee_a1.pk)
    assert AccessRecord.objects.get().subjects == {"trainees": [world.trainee_a1.pk]}
    with pytest.raises(TypeError):
        records_access(AccessRecord.Action.VIEW, people="x")
