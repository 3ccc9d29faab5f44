"""Posting text → role and skills: hiring's confidence rule, and the reader hook that the
matching app fills (hiring sits below matching and reaches the engine only through it)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from careerhub.core.tests import factories as f
from careerhub.hiring import extraction, imports
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
from careerhub.hiring.models import JobPosting
from careerhub.taxonomy.models import RoleAlias, RoleSkill, SkillAlias
from careerhub.taxonomy.selectors import taxonomy_snapshot
from careerhub.taxonomy.services import taxonomy_load_curated


def reading(*roles: tuple[str, float, float], skills: tuple[str, ...] = ("python",)) -> TextReading:
    return TextReading(
        skill_codes=skills,
        roles=tuple(
            RoleReading(code, score, (f"{code}-word",), confidence)
            for code, score, confidence in roles
        ),
    )


@pytest.mark.parametrize(
    ("roles", "code", "confidence", "alternatives"),
    [
        ((), None, 0.0, ()),
        ((("a", 9.0, 0.97),), "a", 0.97, ()),
        ((("a", 9.0, 0.8), ("b", 7.0, 0.15)), "a", 0.8, ("b",)),
        ((("a", 4.0, 0.51234), ("b", 3.9, 0.45), ("c", 1.0, 0.01)), "a", 0.512, ("b", "c")),
    ],
)
def test_the_guess_is_the_best_role_with_the_readers_confidence(
    roles, code, confidence, alternatives
):
    guess = posting_guess(reading(*roles))
    assert guess.role_code == code
    assert guess.role_confidence == confidence
    assert guess.alternatives == alternatives
    assert guess.skill_codes == ("python",)
    assert guess.evidence == ((f"{code}-word",) if code else ())
    assert guess.confident == (code is not None and confidence >= CONFIDENT)


def test_confident_is_the_review_threshold():
    assert CONFIDENT == 0.8  # the calibrated point of matchengine's evaluation
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
            return reading(("a", 4.0, 0.875), ("b", 1.0, 0.1), skills=("sql",))

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
    """The reader Django registered at start-up (the engine's classifier, through matching)
    reads our taxonomy: codes in, codes out, aliases and typical skills count."""
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
    assert reading.roles[0].role_code == "analyst"
    assert all(isinstance(r, RoleReading) for r in reading.roles)
    assert 0.0 < reading.roles[-1].confidence <= reading.roles[0].confidence <= 1.0


ISSUE_16 = (
    "[광주] AI 모델 개발자 채용",
    "파이썬, 파이토치 기반 딥러닝 모델 학습 및 서빙 경험자 우대. 리눅스 환경 필수.",
)


@pytest.fixture
def curated(db):
    return taxonomy_load_curated(actor=None)


def test_issue_16_posting_reads_ai_engineer_first_and_confidently(curated):
    """Python and Linux, listed by many roles, count little; PyTorch and deep learning, and
    the title's closeness to "AI 개발자", point to the AI engineer (the old reading put the
    digital forensics analyst first: 2 of its 7 typical skills)."""
    guess = PostingReader().read(*ISSUE_16)
    assert guess.role_code == "ai-engineer"
    assert guess.role_confidence > 0.5  # ML engineer (model serving) is the runner-up
    assert "digital-forensics-analyst" not in guess.alternatives
    assert {"python", "pytorch", "deep-learning", "model-serving", "linux"} == set(
        guess.skill_codes
    )
    one_line = PostingReader().read(" — ".join(ISSUE_16), "")  # as the issue wrote it
    assert one_line.role_code == "ai-engineer"


def test_a_title_that_names_no_role_waits_for_review(curated):
    """Generic title, skills several roles share: the reader is unsure, so it is not
    confident (and the import sends such a posting to review)."""
    guess = PostingReader().read("신입 사원 모집", "엑셀, 파이썬 가능자")
    assert guess.role_code is not None
    assert not guess.confident


def test_the_reader_lends_imported_onet_titles_to_the_role_of_that_occupation(curated):
    """With O*NET imported, the titles of an occupation one curated role maps to read as
    that role's titles (here the database administrator's 15-1242.00)."""
    from careerhub.taxonomy.models import JobRole, RoleGroup

    before = PostingReader().read("Database Coordinator", "")
    occupation = JobRole.objects.create(
        code="onet-15-1242-00",
        name_ko="데이터베이스 관리자 (O*NET)",
        name_en="Database Administrators",
        group=RoleGroup.objects.get(code="onet-other"),
        onet_code="15-1242.00",
        source="onet",
    )
    RoleAlias.objects.create(role=occupation, alias="Database Coordinator")
    after = PostingReader().read("Database Coordinator", "")
    assert after.role_code == "dba"
    assert after.role_confidence > before.role_confidence
    assert "≈Database Coordinator" in after.evidence


def test_a_posting_import_proposes_the_classifiers_role_and_reviews_the_unsure(world, curated):
    """The import reads roles through the same classifier: the issue's posting gets the AI
    engineer with the classifier's confidence (to review when under the threshold); a
    posting that names its role is published at once."""
    rows = [
        ["(주)광주에이아이", "124-81-00998", *ISSUE_16],
        ["(주)광주에이아이", "124-81-00998", "AI 엔지니어 (신입)", "파이토치 딥러닝 모델 개발"],
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["기업명", "사업자등록번호", "공고명", "상세내용", "근무지역", "모집인원", "마감일"]
    )
    writer.writerows([[*r, "광주광역시 북구", "1", "2027-12-31"] for r in rows])
    report = imports.postings_import(
        actor=world.actor("office"),
        file_name="postings.csv",
        content=out.getvalue().encode("utf-8"),
        reader=PostingReader(),
    )
    assert report.ok, report.errors
    issue = JobPosting.objects.get(title=ISSUE_16[0])
    expected = PostingReader().read(*ISSUE_16)
    assert issue.role.code == "ai-engineer"
    assert issue.extraction_confidence == expected.role_confidence
    assert issue.needs_review == (expected.role_confidence < CONFIDENT)
    assert issue.status == ("draft" if issue.needs_review else "open")
    named = JobPosting.objects.get(title="AI 엔지니어 (신입)")
    assert named.role.code == "ai-engineer"
    assert named.extraction_confidence >= CONFIDENT
    assert not named.needs_review and named.status == "open"


def test_the_product_reads_the_labelled_postings_as_the_engines_evaluation_does(curated):
    """The labelled set of the engine's evaluation, read through what users get (the curated
    taxonomy loaded into the database, the matching adapter's reader, hiring's guess): the
    roles and skills meet issue 16's goals here too, with the shipped coefficients."""
    path = Path(__file__).resolve().parents[3] / "matchengine/eval/data/postings_ko.jsonl"
    examples = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    reader = PostingReader()
    right = confident = confident_right = tp = fp = fn = 0
    for e in examples:
        guess = reader.read(e["title"], e["description"])
        ok = guess.role_code == e["role"]
        right += ok
        if guess.confident:
            confident += 1
            confident_right += ok
        got, truth = set(guess.skill_codes), set(e["skills"])
        tp, fp, fn = tp + len(got & truth), fp + len(got - truth), fn + len(truth - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert len(examples) >= 150
    assert right / len(examples) >= 0.9
    assert 2 * precision * recall / (precision + recall) >= 0.9
    assert confident >= 0.75 * len(examples) and confident_right / confident >= 0.8
