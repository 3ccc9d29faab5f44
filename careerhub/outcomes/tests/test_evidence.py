"""Evidence files: never on a public URL, checked by content, served only to who may see them,
and old files moved out of MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from careerhub.conftest import ROLE_KEYS, every_role, refused
from careerhub.core.models import Event
from careerhub.core.tests.test_files import EXE_BYTES, HTML_BYTES, PDF_BYTES, Unreadable
from careerhub.outcomes import services
from careerhub.outcomes.evidence import PRIVATE_NAME, evidence_move_to_private
from careerhub.outcomes.models import Outcome, OutcomeRevision, OutcomeType

pytestmark = pytest.mark.django_db

MILITARY = {"outcome_type": OutcomeType.MILITARY, "start_date": dt.date(2026, 12, 1)}


def _record(world, upload):
    return services.outcome_record(
        actor=world.actor("staff_a"), trainee=world.trainee_a1, data=MILITARY, evidence_file=upload
    )


def _stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- no public URL ---------------------------------------------------------------------------


def test_no_url_serves_media_even_with_debug_on(client, settings, tmp_path):
    """The old `static(MEDIA_URL)` pattern served MEDIA_ROOT to anyone when DEBUG was on."""
    media = tmp_path / "media"
    (media / "outcomes/evidence/2026/05").mkdir(parents=True)
    (media / "outcomes/evidence/2026/05/병적증명서.pdf").write_bytes(PDF_BYTES)
    import careerhub.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(careerhub.urls)
            clear_url_caches()
            with pytest.raises(Resolver404):
                resolve("/media/outcomes/evidence/2026/05/병적증명서.pdf")
            response = client.get("/media/outcomes/evidence/2026/05/병적증명서.pdf")
            assert response.status_code == 404
    finally:
        importlib.reload(careerhub.urls)
        clear_url_caches()


def test_a_private_file_has_no_url(world):
    outcome = _record(world, SimpleUploadedFile("병적증명서.pdf", PDF_BYTES))
    with pytest.raises(ValueError):
        outcome.evidence_file.url  # noqa: B018


# --- content checks --------------------------------------------------------------------------


@pytest.mark.parametrize("content", [EXE_BYTES, HTML_BYTES], ids=["exe", "html"])
def test_a_renamed_file_is_refused_in_korean_and_nothing_is_stored(world, private_root, content):
    with pytest.raises(ValidationError) as info:
        _record(world, SimpleUploadedFile("병적증명서.pdf", content, "application/pdf"))
    error = info.value.error_dict["evidence_file"][0]
    assert error.code == "evidence_type"
    assert not Outcome.objects.exists()
    assert not OutcomeRevision.objects.exists()
    assert _stored_files(private_root) == []


def test_the_form_shows_the_refusal_and_stores_nothing(login, world, private_root):
    response = login(world.users["staff_a"]).post(
        reverse("outcomes:outcome_new", args=[world.trainee_a1.pk]),
        {
            "outcome_type": "military",
            "start_date": "2026-12-01",
            "insurance": "unconfirmed",
            "evidence_file": SimpleUploadedFile("병적증명서.pdf", HTML_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "evidence_file" in response.context["form"].errors
    assert not Outcome.objects.exists()
    assert _stored_files(private_root) == []


def test_an_oversize_upload_is_refused_before_it_is_read(world, private_root):
    big = UploadedFile(
        file=Unreadable(), name="scan.pdf", content_type="application/pdf", size=10 * 1024**2 + 1
    )
    with pytest.raises(ValidationError) as info:
        _record(world, big)
    assert info.value.error_dict["evidence_file"][0].code == "evidence_size"
    assert not Outcome.objects.exists()
    assert _stored_files(private_root) == []


def test_a_failed_save_leaves_no_orphan_file(world, private_root):
    staff = world.actor("staff_a")
    outcome = services.outcome_record(actor=staff, trainee=world.trainee_a1, data=MILITARY)
    services.outcome_update(
        actor=staff, outcome=outcome, expected_version=1, data={"reason": "입영 통지"}
    )
    stale = Outcome.objects.get(pk=outcome.pk)
    stale.version = 1
    with pytest.raises(ValidationError) as info:
        services.outcome_update(
            actor=staff,
            outcome=stale,
            expected_version=1,
            data={},
            evidence_file=SimpleUploadedFile("병적증명서.pdf", PDF_BYTES),
        )
    assert info.value.code == "stale_version"
    assert Outcome.objects.get(pk=outcome.pk).evidence_file.name == ""
    assert _stored_files(private_root) == []


def test_a_stored_file_gets_a_random_name_and_keeps_the_shown_name(world, private_root):
    outcome = _record(world, SimpleUploadedFile("../../병적 증명서.PDF", PDF_BYTES))
    assert PRIVATE_NAME.match(outcome.evidence_file.name)
    assert outcome.evidence_name == "병적 증명서.pdf"
    assert (private_root / outcome.evidence_file.name).read_bytes() == PDF_BYTES


# --- the serving view ------------------------------------------------------------------------

DOWNLOAD = every_role(
    {
        "anonymous": refused("anonymous"),
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,  # another operator's staff
        "consultant_a": 404,  # reads the ledger, not the certificates
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 200,  # their own evidence
        "trainee_b1": 404,  # another trainee
        "committee": 404,
    }
)


def _download_records(outcome) -> int:
    """Downloads recorded for ``outcome``: as events, or (once converted) as access records."""
    count = Event.objects.filter(
        verb="outcomes.evidence_downloaded",
        kind=Event.Kind.DOWNLOAD,
        target_id=str(outcome.pk),
    ).count()
    try:
        from careerhub.core.models import AccessRecord
    except ImportError:
        return count
    return count + AccessRecord.objects.filter(page="outcomes:outcome_evidence").count()


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_evidence_download_matrix(as_role, world, who):
    outcome = _record(world, SimpleUploadedFile("병적증명서.pdf", PDF_BYTES))
    response = as_role(who).get(reverse("outcomes:outcome_evidence", args=[outcome.pk]))
    assert response.status_code == DOWNLOAD[who]
    if response.status_code != 200:
        assert _download_records(outcome) == 0
        return
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%EB%B3%91%EC%A0%81" in response["Content-Disposition"]  # 병적…, percent-encoded
    if who != "trainee_a1":  # a trainee's look at their own file need not be recorded
        assert _download_records(outcome) == 1


def test_an_outcome_without_a_file_or_with_a_lost_file_is_404(login, world, private_root):
    staff = world.actor("staff_a")
    bare = services.outcome_record(actor=staff, trainee=world.trainee_a1, data=MILITARY)
    lost = _record(world, SimpleUploadedFile("병적증명서.pdf", PDF_BYTES))
    (private_root / lost.evidence_file.name).unlink()
    client = login(world.users["staff_a"])
    for outcome in (bare, lost):
        assert (
            client.get(reverse("outcomes:outcome_evidence", args=[outcome.pk])).status_code == 404
        )


def test_behind_nginx_the_view_hands_the_file_to_the_web_server(login, world, settings):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private"
    outcome = _record(world, SimpleUploadedFile("병적증명서.pdf", PDF_BYTES))
    response = login(world.users["office"]).get(
        reverse("outcomes:outcome_evidence", args=[outcome.pk])
    )
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{outcome.evidence_file.name}"
    assert response.content == b""


def test_the_ledger_links_the_view_only_for_who_may_download(as_role, world):
    outcome = _record(world, SimpleUploadedFile("병적증명서.pdf", PDF_BYTES))
    url = reverse("outcomes:outcome_evidence", args=[outcome.pk])
    ledger = reverse("outcomes:trainee_ledger", args=[world.trainee_a1.pk])
    body = as_role("staff_a").get(ledger).content.decode()
    assert url in body and "병적증명서.pdf" in body and "/media/" not in body
    body = as_role("consultant_a").get(ledger).content.decode()
    assert url not in body


# --- moving old files ------------------------------------------------------------------------


def test_the_migration_moves_old_public_files_into_private_storage(world, private_root):
    from django.apps import apps
    from django.core.files.storage import storages

    media = storages["default"]
    old = "outcomes/evidence/2026/05/병적증명서.pdf"
    media.save(old, SimpleUploadedFile("x", PDF_BYTES))
    moved = Outcome.objects.create(trainee=world.trainee_a1, evidence_file=old, **MILITARY)
    missing = Outcome.objects.create(
        trainee=world.trainee_a2, evidence_file="outcomes/evidence/2026/05/gone.png", **MILITARY
    )
    migration = importlib.import_module(
        "careerhub.outcomes.migrations.0005_evidence_to_private_storage"
    )
    migration.forwards(apps, None)

    moved.refresh_from_db()
    assert re.fullmatch(r"outcomes/evidence/[0-9a-f]{32}\.pdf", moved.evidence_file.name)
    assert moved.evidence_name == "병적증명서.pdf"
    assert (private_root / moved.evidence_file.name).read_bytes() == PDF_BYTES
    assert not media.exists(old)
    missing.refresh_from_db()
    assert missing.evidence_file.name == "outcomes/evidence/2026/05/gone.png"  # reported, kept

    again = evidence_move_to_private(Outcome)  # idempotent
    assert again.moved == [] and again.already_private == 1
    assert again.missing == [(missing.pk, "outcomes/evidence/2026/05/gone.png")]
    moved_again = Outcome.objects.get(pk=moved.pk)
    assert moved_again.evidence_file.name == moved.evidence_file.name


def test_a_long_korean_file_name_is_accepted_and_shown_shortened(login, world, private_root):
    name = "병적증명서_" + "가" * 150 + ".pdf"
    response = login(world.users["staff_a"]).post(
        reverse("outcomes:outcome_new", args=[world.trainee_a1.pk]),
        {
            "outcome_type": "military",
            "start_date": "2026-12-01",
            "insurance": "unconfirmed",
            "evidence_file": SimpleUploadedFile(name, PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert PRIVATE_NAME.match(outcome.evidence_file.name)
    assert outcome.evidence_name == name
    assert (private_root / outcome.evidence_file.name).read_bytes() == PDF_BYTES
