"""The curated fixture: it loads, loads again without duplicates, and its codes are sound."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from careerhub.taxonomy.models import (
    JobRole,
    RoleAlias,
    RoleGroup,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillAlias,
    Source,
    alias_key,
)
from careerhub.taxonomy.services import (
    CURATED_FIXTURE,
    TaxonomyDataError,
    taxonomy_load_curated,
)

REQUIRED_ROLES = [
    "ai-engineer",
    "ml-engineer",
    "data-scientist",
    "data-engineer",
    "data-analyst",
    "backend-developer",
    "frontend-developer",
    "fullstack-developer",
    "mlops-engineer",
    "cv-engineer",
    "nlp-engineer",
    "cloud-engineer",
    "devops-engineer",
    "ai-product-manager",
    "embedded-ai-engineer",
    "security-engineer",
    "qa-engineer",
    "mobile-developer",
]


@pytest.fixture(scope="module")
def doc():
    return json.loads(CURATED_FIXTURE.read_text(encoding="utf-8"))


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (RoleGroup, JobRole, RoleAlias, Skill, SkillAlias, RoleSkill, RoleRelation)
    }


@pytest.mark.django_db
def test_fixture_loads_everything(doc):
    result = taxonomy_load_curated(actor=None)

    assert RoleGroup.objects.count() == len(doc["groups"])
    assert JobRole.objects.filter(source=Source.CURATED).count() == len(doc["roles"])
    assert Skill.objects.filter(source=Source.CURATED).count() == len(doc["skills"])
    assert RoleRelation.objects.count() == 2 * len(doc["relations"])
    assert result.created["roles"] == len(doc["roles"])
    assert result.total_updated == 0
    assert set(REQUIRED_ROLES) <= set(JobRole.objects.values_list("code", flat=True))
    ml = JobRole.objects.get(code="ml-engineer")
    assert ml.group.code == "ai-ml"
    assert ml.onet_code == "15-1221.00"
    assert {"ml엔지니어", "머신러닝엔지니어", "machinelearningengineer"} <= set(
        ml.aliases.values_list("key", flat=True)
    )
    python = Skill.objects.get(code="python")
    assert RoleSkill.objects.get(role=ml, skill=python).importance == RoleSkill.Importance.CORE


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing():
    taxonomy_load_curated(actor=None)
    before = _counts()

    again = taxonomy_load_curated(actor=None)

    assert _counts() == before
    assert again.total_created == 0
    assert again.total_updated == 0
    assert not again.changed


@pytest.mark.django_db
def test_reload_restores_edited_values_and_counts_them_as_updates():
    taxonomy_load_curated(actor=None)
    JobRole.objects.filter(code="data-analyst").update(name_ko="엉뚱한 이름")
    RoleRelation.objects.filter(from_role__code="data-analyst").update(strength=0.01)

    result = taxonomy_load_curated(actor=None)

    assert JobRole.objects.get(code="data-analyst").name_ko == "데이터 분석가"
    assert result.updated["roles"] == 1
    assert result.updated["relations"] >= 1
    assert result.total_created == 0


@pytest.mark.django_db
def test_required_role_codes_and_relations_are_symmetric(curated):
    rel = {
        (r.from_role.code, r.to_role.code): r.strength
        for r in RoleRelation.objects.select_related("from_role", "to_role")
    }
    for (a, b), strength in rel.items():
        assert rel[(b, a)] == strength
        assert 0 <= strength <= 1
    for code in REQUIRED_ROLES:
        role = JobRole.objects.get(code=code)
        assert role.name_ko and role.name_en and role.description
        assert role.role_skills.filter(importance=RoleSkill.Importance.CORE).exists()
        assert any(a == code for a, _b in rel), f"{code} has no related role"


def test_keco_codes_are_six_digits(doc):
    for role in doc["roles"]:
        assert re.fullmatch(r"[0-9]{6}", role["keco_code"]), role["code"]


def test_keco_codes_exist_in_work24_table(doc):
    table = settings.SHARED_DATA_DIR / "work24" / "it_job_codes.csv"
    if not table.is_file():
        pytest.skip(f"shared reference data not available at {table}")
    with table.open(encoding="utf-8", newline="") as fh:
        known = {row["code"] for row in csv.DictReader(fh)}
    unknown = {r["code"]: r["keco_code"] for r in doc["roles"] if r["keco_code"] not in known}
    assert unknown == {}


def test_onet_codes_are_well_formed(doc):
    for role in doc["roles"]:
        if role["onet_code"]:
            assert re.fullmatch(r"\d{2}-\d{4}\.\d{2}", role["onet_code"]), role["code"]


def test_skill_aliases_are_unique_across_skills_after_normalisation(doc):
    owners = defaultdict(set)
    for skill in doc["skills"]:
        for text in (skill["name_ko"], skill["name_en"], *skill["aliases"]):
            key = alias_key(text)
            assert key, f"{text!r} of {skill['code']} normalises to nothing"
            owners[key].add(skill["code"])
    clashes = {key: codes for key, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


def test_fixture_codes_are_unique_and_references_resolve(doc):
    skill_codes = [s["code"] for s in doc["skills"]]
    role_codes = [r["code"] for r in doc["roles"]]
    group_codes = {g["code"] for g in doc["groups"]}
    categories = set(Skill.Category.values)
    assert len(skill_codes) == len(set(skill_codes))
    assert len(role_codes) == len(set(role_codes))
    assert {s["category"] for s in doc["skills"]} <= categories
    for role in doc["roles"]:
        assert role["group"] in group_codes
        assert set(role["skills"]["core"]) <= set(skill_codes), role["code"]
        assert set(role["skills"]["useful"]) <= set(skill_codes), role["code"]
        assert not set(role["skills"]["core"]) & set(role["skills"]["useful"]), role["code"]
    for rel in doc["relations"]:
        assert rel["a"] in role_codes and rel["b"] in role_codes and rel["a"] != rel["b"]
        assert 0 < rel["strength"] <= 1
    pairs = [frozenset((r["a"], r["b"])) for r in doc["relations"]]
    assert len(pairs) == len(set(pairs))


@pytest.mark.django_db
def test_fixture_size_is_as_promised(curated):
    assert JobRole.objects.count() >= 35
    assert Skill.objects.count() >= 150
    assert RoleGroup.objects.count() >= 8


@pytest.mark.django_db
def test_missing_fixture_file_is_a_clear_error_and_writes_nothing(tmp_path):
    with pytest.raises(TaxonomyDataError, match="찾을 수 없습니다"):
        taxonomy_load_curated(actor=None, path=tmp_path / "nope.json")
    assert JobRole.objects.count() == 0


@pytest.mark.django_db
def test_unknown_skill_in_role_rolls_back_everything(tmp_path, doc):
    bad = json.loads(json.dumps(doc))
    bad["roles"][-1]["skills"]["core"].append("no-such-skill")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")

    with pytest.raises(TaxonomyDataError, match="no-such-skill"):
        taxonomy_load_curated(actor=None, path=path)

    assert Skill.objects.count() == 0
    assert RoleGroup.objects.count() == 0


@pytest.mark.django_db
def test_load_taxonomy_command(capsys):
    call_command("load_taxonomy")
    first = capsys.readouterr().out
    before = _counts()
    call_command("load_taxonomy")
    second = capsys.readouterr().out

    assert JobRole.objects.filter(code="ai-engineer").exists()
    assert _counts() == before
    assert len(first.splitlines()) > 1  # a line per kind of record created
    assert len(second.splitlines()) == 1  # nothing changed: only the summary line


@pytest.mark.django_db
def test_load_taxonomy_command_bad_path(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_taxonomy", path=str(tmp_path / "missing.json"))


def test_korean_translations_file_is_well_formed():
    path = CURATED_FIXTURE.parent.parent / "TRANSLATIONS_ko.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines if line]
    assert pairs and all(len(p) == 2 and p[0] and p[1] for p in pairs)
    assert len({p[0] for p in pairs}) == len(pairs)
