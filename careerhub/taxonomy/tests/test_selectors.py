"""Selectors: resolving free-text skill names, autocomplete, role lists, the snapshot."""

from __future__ import annotations

import dataclasses

import pytest

from careerhub.taxonomy.models import JobRole, Skill, Source
from careerhub.taxonomy.selectors import (
    RoleInfo,
    SkillInfo,
    TaxonomySnapshot,
    role_list,
    role_resolve,
    skill_resolve,
    skill_search,
    taxonomy_snapshot,
)

SAME_SKILL = [
    ("python", ["파이썬", "Python", "python3", "Python 3", "PYTHON-3", " python "]),
    ("machine-learning", ["머신러닝", "기계학습", "machine learning", "ML", "Machine-Learning"]),
    ("deep-learning", ["딥러닝", "deep learning", "Deep Learning"]),
    ("nlp", ["자연어처리", "자연어 처리", "NLP"]),
    ("computer-vision", ["컴퓨터 비전", "computer vision", "컴퓨터비전"]),
    ("tensorflow", ["텐서플로", "TensorFlow", "텐서플로우"]),
    ("pytorch", ["파이토치", "PyTorch", "pytorch"]),
    ("kubernetes", ["쿠버네티스", "k8s", "Kubernetes"]),
    ("docker", ["도커", "Docker"]),
    ("javascript", ["자바스크립트", "JS", "JavaScript", "javascript"]),
    ("cpp", ["C++", "c++"]),
    ("csharp", ["C#", "c#"]),
    ("c", ["C", "C언어"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "texts"), SAME_SKILL)
def test_skill_resolve_variants_meet(curated, code, texts):
    for text in texts:
        skill = skill_resolve(text=text)
        assert skill is not None, text
        assert skill.code == code, text


@pytest.mark.django_db
def test_skill_resolve_unknown_or_empty(curated):
    assert skill_resolve(text="한국어로 된 없는 기술") is None
    assert skill_resolve(text="") is None
    assert skill_resolve(text=" - ") is None


@pytest.mark.django_db
def test_skill_resolve_falls_back_to_names_without_alias():
    skill = Skill(code="x-lang", name_ko="엑스 언어", name_en="X-Lang")
    skill.full_clean()
    skill.save()
    assert skill_resolve(text="x-lang") == skill
    assert skill_resolve(text="엑스 언어") == skill


@pytest.mark.django_db
def test_skill_search_ranks_exact_then_prefix(curated):
    codes = [s.code for s in skill_search(query="py", limit=5)]
    assert codes[0] == "python"  # "py" is an alias of Python
    assert "pytorch" in codes
    assert len(codes) <= 5
    assert {"python", "pytorch"} <= {s.code for s in skill_search(query="파이", limit=5)}
    assert skill_search(query="", limit=5) == []
    assert skill_search(query="python", limit=0) == []


@pytest.mark.django_db
def test_skill_search_substring(curated):
    codes = [s.code for s in skill_search(query="러닝", limit=10)]
    assert {"machine-learning", "deep-learning"} <= set(codes)


@pytest.mark.django_db
def test_role_list_and_resolve(curated):
    roles = list(role_list())
    assert len(roles) == JobRole.objects.count()
    assert all(r.source == Source.CURATED for r in role_list(source=Source.CURATED))
    assert {r.code for r in role_list(group="data")} >= {"data-scientist", "data-analyst"}
    assert role_resolve(text="ML 엔지니어").code == "ml-engineer"
    assert role_resolve(text="머신러닝 엔지니어").code == "ml-engineer"
    assert role_resolve(text="Machine Learning Engineer").code == "ml-engineer"
    assert role_resolve(text="backend-developer").code == "backend-developer"
    assert role_resolve(text="아무 직무") is None


@pytest.mark.django_db
def test_taxonomy_snapshot_is_plain_frozen_data(curated, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        snap = taxonomy_snapshot()

    assert isinstance(snap, TaxonomySnapshot)
    ml = snap.role("ml-engineer")
    assert isinstance(ml, RoleInfo)
    assert ml.group_code == "ai-ml"
    assert ml.keco_code == "133200"
    assert ("python", 2) in {(t.skill_code, t.importance) for t in ml.typical_skills}
    assert ml.typical_skills[0].importance == 2  # core first
    assert [r.strength for r in ml.related] == sorted(
        (r.strength for r in ml.related), reverse=True
    )
    assert "mlops-engineer" in {r.role_code for r in ml.related}
    python = snap.skill("python")
    assert isinstance(python, SkillInfo)
    assert {"파이썬", "python", "python3"} <= python.alias_keys
    assert snap.skill_code_by_key()["k8s"] == "kubernetes"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ml.code = "x"  # type: ignore[misc]
    # nothing in the snapshot is a model
    for value in dataclasses.astuple(snap):
        assert "django" not in type(value).__module__


@pytest.mark.django_db
def test_taxonomy_snapshot_curated_only(curated):
    snap = taxonomy_snapshot(include_onet=False)
    assert all(r.source == Source.CURATED for r in snap.roles)
    assert len(snap.groups) >= 8
