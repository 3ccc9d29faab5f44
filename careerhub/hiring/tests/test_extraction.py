"""Posting text → role and skills: hiring's confidence rule, and the reader hook that the
matching app fills (hiring sits below matching and reaches the engine only through it)."""

from __future__ import annotations

import pytest

from careerhub.core.tests import factories as f
from careerhub.hiring import extraction
from careerhub.hiring.extraction import (
    CONFIDENT,
    PostingGuess,
    PostingReader,
    RoleReading,
    TextReading,
    posting_guess,
    register_text_reader,
    text_reader,
)
from careerhub.taxonomy.models import RoleAlias, RoleSkill, SkillAlias
from careerhub.taxonomy.selectors import taxonomy_snapshot


def reading(*roles: tuple[str, float], skills: tuple[str, ...] = ("python",)) -> TextReading:
    return TextReading(
        skill_codes=skills,
        roles=tuple(RoleReading(code, score, (f"{code}-word",)) for code, score in roles),
    )


@pytest.mark.parametrize(
    ("roles", "code", "confidence", "alternatives"),
    [
        ((), None, 0.0, ()),
        ((("a", 4.0),), "a", 1.0, ()),  # a title hit plus one more: full strength, alone
        ((("a", 8.0),), "a", 1.0, ()),  # strength is capped at 1
        ((("a", 2.0),), "a", 0.5, ()),  # half strength
        ((("a", 4.0), ("b", 4.0)), "a", 0.5, ("b",)),  # a tie halves the confidence
        ((("a", 4.0), ("b", 2.0), ("c", 1.0)), "a", 0.75, ("b", "c")),
        ((("a", 3.0), ("b", 1.0)), "a", 0.625, ("b",)),
    ],
)
def test_the_confidence_is_strength_times_lead(roles, code, confidence, alternatives):
    guess = posting_guess(reading(*roles))
    assert guess.role_code == code
    assert guess.role_confidence == confidence
    assert guess.alternatives == alternatives
    assert guess.skill_codes == ("python",)
    assert guess.evidence == ((f"{code}-word",) if code else ())
    assert guess.confident == (code is not None and confidence >= CONFIDENT)


def test_confident_is_the_review_threshold():
    assert PostingGuess("a", CONFIDENT, (), (), ()).confident
    assert not PostingGuess("a", CONFIDENT - 0.001, (), (), ()).confident
    assert not PostingGuess(None, 1.0, (), (), ()).confident


def test_without_a_registered_reader_the_error_says_what_to_do(monkeypatch, db):
    monkeypatch.setattr(extraction, "_factory", None)
    with pytest.raises(RuntimeError, match="No text reader is registered") as error:
        PostingReader()
    assert "careerhub.matching" in str(error.value)
    assert "register_text_reader" in str(error.value)


def test_the_posting_reader_asks_the_registered_factory_with_the_curated_taxonomy(monkeypatch, db):
    seen = []

    class Fake:
        def read(self, title: str, description: str) -> TextReading:
            seen.append((title, description))
            return reading(("a", 4.0), ("b", 1.0), skills=("sql",))

    def factory(snapshot):
        seen.append(snapshot)
        return Fake()

    monkeypatch.setattr(extraction, "_factory", None)
    register_text_reader(factory)
    f.JobRoleFactory(code="curated-role")
    reader = PostingReader()
    guess = reader.read("제목", "본문")
    assert "curated-role" in [r.code for r in seen[0].roles]
    assert seen[1] == ("제목", "본문")
    assert guess == PostingGuess("a", 0.875, ("sql",), ("a-word",), ("b",))


@pytest.mark.django_db
def test_the_registered_reader_reads_roles_and_skills_by_their_aliases():
    """The reader Django registered at start-up (the engine's, through matching) reads our
    taxonomy: codes in, codes out, aliases and typical skills count."""
    role = f.JobRoleFactory(code="backend", name_ko="백엔드 개발자", name_en="Backend Developer")
    f.JobRoleFactory(code="analyst", name_ko="데이터 분석가", name_en="Data Analyst")
    python = f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    django = f.SkillFactory(code="django", name_ko="장고", name_en="Django")
    SkillAlias.objects.create(skill=python, alias="python3")
    RoleAlias.objects.create(role=role, alias="서버 개발자")
    RoleSkill.objects.create(role=role, skill=python, importance=2)
    RoleSkill.objects.create(role=role, skill=django, importance=2)

    guess = PostingReader().read("서버 개발자 채용", "python3와 장고 경험자 우대")
    assert guess.role_code == "backend"
    assert guess.skill_codes == ("python", "django")
    assert guess.confident
    reading = text_reader(taxonomy_snapshot(include_onet=False)).read("데이터 분석가", "")
    assert isinstance(reading, TextReading)
    assert [r.role_code for r in reading.roles] == ["analyst"]
    assert all(isinstance(r, RoleReading) for r in reading.roles)
