"""Skill and role extraction from Korean and English text."""

from __future__ import annotations

import pytest

from matchengine import Role, RoleTaxonomy, Skill, TextExtractor, Vocabulary
from matchengine.defaults import default_taxonomy, default_vocabulary
from matchengine.text import get_kiwi, normalise

X = TextExtractor(default_vocabulary(), default_taxonomy())


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("파이썬과 SQL을 다룰 수 있습니다", ["python", "sql"]),
        ("Python3, python, 파이썬 모두 같은 기술", ["python"]),
        ("머신러닝 = 기계학습 = machine learning", ["ml"]),
        ("Node.js와 C++ 그리고 C# 경험", ["nodejs", "cpp", "csharp"]),
        ("자연어 처리와 컴퓨터 비전 프로젝트", ["nlp", "cv"]),
        ("쿠버네티스(k8s)와 도커로 배포", ["kubernetes", "docker"]),
        ("[광주] 데이터 엔지니어 채용\n파이썬과 머신러닝", ["python", "ml"]),
        ("JavaScript 개발자 (Java 아님)", ["javascript", "java"]),
        ("엑셀과 태블로로 대시보드", ["excel", "tableau"]),
        ("요리와 운전을 좋아합니다", []),
    ],
)
def test_skills(text: str, skills: list[str]) -> None:
    assert [m.skill_id for m in X.skills(text)] == skills


def test_mentions_keep_surfaces_and_counts() -> None:
    (m,) = X.skills("머신러닝, 기계학습, Machine Learning")
    assert m.name == "머신러닝"
    assert m.surfaces == ("머신러닝", "기계학습", "Machine Learning")
    assert m.count == 3


@pytest.mark.parametrize(
    ("title", "description", "role"),
    [
        ("데이터 엔지니어 채용", "Spark, Airflow, Kafka 기반 파이프라인", "data_engineer"),
        ("AI Engineer", "PyTorch로 딥러닝 모델 개발", "ml_engineer"),
        ("서버 개발자", "Spring Boot와 자바로 API 개발", "backend"),
        ("", "리액트와 타입스크립트로 웹 화면을 만듭니다", "frontend"),
        ("클라우드 엔지니어", "AWS, 쿠버네티스 운영", "devops"),
    ],
)
def test_most_likely_role(title: str, description: str, role: str) -> None:
    ext = X.extract(title, description)
    assert ext.roles[0].role_id == role
    assert ext.roles[0].evidence


def test_vocabulary_and_taxonomy_are_inputs() -> None:
    voc = Vocabulary((Skill("weld", "용접", ("welding", "티그용접")),))
    tax = RoleTaxonomy((Role("welder", "용접사", "manufacturing", ("welder",), ("weld",)),))
    x = TextExtractor(voc, tax)
    assert [m.skill_id for m in x.skills("티그용접 가능, Python")] == ["weld"]
    assert x.extract("Welder 모집", "용접").roles[0].role_id == "welder"
    assert TextExtractor(voc).roles("용접") == ()


def test_kiwi_is_shared_and_normalise() -> None:
    assert get_kiwi() is get_kiwi()
    assert normalise(" Machine  Learning ") == "machinelearning"
    assert normalise("ＰＹＴＨＯＮ") == "python"
