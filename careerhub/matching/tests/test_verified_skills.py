"""Verified skills (issue 16): a skill proven by a passed assessment or a company-evaluated
project counts more in the fit than a declared one, the reason says how many of the
opening's skills are verified, and both the trainee's and the recruiter's pages show which."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careerhub.academy.models import Assessment, AssessmentScore, TraineeSkill
from careerhub.academy.services import trainee_skills_verify
from careerhub.matching import adapter, services

pytestmark = pytest.mark.django_db


def key(posting) -> str:
    return adapter.posting_key(posting.pk)


def verify_python(world, mx, *, score: int = 90) -> None:
    """t1 passes (or fails) a coding test that assesses Python: the academy's own rule."""
    test = Assessment.objects.create(
        course=world.course_a,
        kind="coding_test",
        title="파이썬 코딩 테스트",
        held_on=dt.date(2026, 4, 1),
        max_score=100,
        pass_score=60,
    )
    test.skills.set([mx.python])
    AssessmentScore.objects.create(assessment=test, trainee=mx.t1, score=score)
    trainee_skills_verify(trainee_ids=[mx.t1.pk])


def test_adapter_carries_verified_skills_into_the_engine(world, mx):
    verify_python(world, mx)
    info = adapter.load_trainees([mx.t1.pk])[0]
    assert info.verified == frozenset({"python"})
    assert info.to_engine().verified_skills == frozenset({"python"})
    problem = adapter.Problem([info], adapter.load_openings(today=dt.date.today()))
    b = problem.explain(0, problem.opening_index[key(mx.p1)])
    assert b.verified_skills == ("python",)
    # Python 3 needed, held 3 and verified: its whole ω = 0.4; SQL declared: 0.2 × 0.8
    assert b.skill == pytest.approx(0.4 + 0.16)
    assert "검증된 기술 1/3" in b.reason and "verified skills 1/3" in b.reason_en


def test_failed_assessment_verifies_nothing(world, mx):
    verify_python(world, mx, score=40)
    assert not TraineeSkill.objects.get(trainee=mx.t1, skill=mx.python).verified
    assert adapter.load_trainees([mx.t1.pk])[0].to_engine().verified_skills == frozenset()


def test_verification_raises_the_fit_and_recomputes_the_stored_run(world, mx):
    actor = world.actor("trainee_a1")
    before = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    declared = before.items.get(opening_key=key(mx.p1))
    verify_python(world, mx)
    after = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    assert after.pk != before.pk  # the verification changed the trainee's signature
    proven = after.items.get(opening_key=key(mx.p1))
    assert proven.skill_fit == pytest.approx(0.56) and declared.skill_fit == pytest.approx(0.48)
    assert proven.total == pytest.approx(0.35 + 0.35 * 0.56 + 0.3)
    assert proven.total > declared.total
    assert proven.verified_skills == ["python"]
    assert "검증된 기술 1/3" in proven.reason


def test_recommendation_page_shows_verified_skills_in_words(client, world, mx):
    verify_python(world, mx)
    client.force_login(world.users["trainee_a1"])
    response = client.get(reverse("matching:trainee", args=[mx.t1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="verified-skills"' in html
    assert "✓ 파이썬 · 검증됨" in html  # the word ("verified"), not a colour only
    assert "검증된 기술 1/3" in html  # the reason
    assert "SQL · 검증됨" not in html  # SQL is only declared


def test_candidate_pages_show_verified_skills(client, world, mx):
    verify_python(world, mx)
    client.force_login(world.users["recruiter_x"])
    listing = client.get(reverse("matching:posting_candidates", args=[mx.p1.pk]))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "검증됨: 파이썬" in html
    assert "검증된 기술 1/3" in html  # t1's row's reason
    detail = client.get(reverse("matching:candidate_detail", args=[mx.p1.pk, mx.t1.pk]))
    assert detail.status_code == 200
    assert "✓ 파이썬 · 검증됨" in detail.content.decode()
