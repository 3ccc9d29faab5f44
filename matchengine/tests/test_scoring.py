"""Fit scores: table-driven parts and explanations; vectorised == independent per-pair code."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchengine import (
    Opening,
    RoleRelation,
    Trainee,
    Weights,
    default_taxonomy,
    default_vocabulary,
    explain_pair,
    month_index,
)
from matchengine.scoring import FitScorer, encode

TAX = default_taxonomy()
VOC = default_vocabulary()


def trainee(**kw: object) -> Trainee:
    base: dict[str, object] = {
        "id": "t1",
        "desired_roles": ("data_engineer",),
        "trained_role": "data_engineer",
        "skills": {"python": 3, "sql": 2, "spark": 2, "airflow": 1},
        "available_from": date(2026, 3, 1),
        "desired_regions": ("광주",),
    }
    base.update(kw)
    return Trainee(**base)  # type: ignore[arg-type]


def opening(**kw: object) -> Opening:
    base: dict[str, object] = {
        "id": "o1",
        "role": "data_engineer",
        "headcount": 2,
        "window_start": date(2026, 3, 1),
        "window_end": date(2026, 4, 30),
        "required_skills": {"python": 2, "sql": 2, "spark": 2, "airflow": 2, "docker": 1},
        "preferred_skills": {"kafka": 1},
        "region": "광주",
    }
    base.update(kw)
    return Opening(**base)  # type: ignore[arg-type]


def test_example_explanation() -> None:
    b = explain_pair(trainee(available_from=date(2026, 5, 10)), opening(), TAX, vocabulary=VOC)
    assert b.explanation == (
        "역할 일치 · 필수 기술 3/5 충족(부족: Airflow, Docker) · 채용 시기 1개월 차이"
        " · 희망 지역(광주)"
    )
    assert b.explanation_en.startswith("same role · required skills 3/5 met (missing: Airflow")
    assert b.missing_required == ("airflow", "docker")
    assert b.matched_skills == ("python", "spark", "sql")
    assert b.required_met == 3 and b.required_total == 5
    assert b.months_apart == 1
    assert b.role == 1.0 and b.region == 1.0 and b.timing == 0.75
    # skill: required weight 2 each (5 skills), preferred 1 (1 skill) → ω = 2/11 and 1/11;
    # every skill only declared → 0.8 of its credit
    expected_skill = 0.8 * ((2 / 11) * (1 + 1 + 1 + 0.5 + 0) + (1 / 11) * 0)
    assert b.skill == pytest.approx(expected_skill)
    w = Weights().normalised()
    assert b.total == pytest.approx(w[0] + w[1] * expected_skill + w[2] * 0.75 + w[3])


@pytest.mark.parametrize(
    ("opening_role", "relation", "role_fit", "text"),
    [
        ("data_engineer", RoleRelation.SAME, 1.0, "역할 일치"),
        ("backend", RoleRelation.RELATED, 0.7, "관련 역할(백엔드 개발자)"),
        ("data_analyst", RoleRelation.SAME_GROUP, 0.4, "같은 직군(데이터 분석가)"),
        ("frontend", RoleRelation.UNRELATED, 0.0, "역할 불일치(프론트엔드 개발자)"),
    ],
)
def test_role_fit(opening_role: str, relation: RoleRelation, role_fit: float, text: str) -> None:
    b = explain_pair(trainee(), opening(role=opening_role), TAX, vocabulary=VOC)
    assert b.role_relation == relation
    assert b.role == pytest.approx(role_fit)
    assert b.explanation.startswith(text)


def test_trained_role_counts_less_than_desired() -> None:
    t = trainee(desired_roles=("frontend",), trained_role="data_engineer")
    b = explain_pair(t, opening(), TAX)
    assert b.role == pytest.approx(Weights().trained_role_factor)


@pytest.mark.parametrize(
    ("available", "months", "timing", "text"),
    [
        (date(2026, 3, 15), 0, 1.0, "채용 시기 일치"),
        (date(2026, 4, 30), 0, 1.0, "채용 시기 일치"),
        (date(2026, 1, 1), 2, 0.5, "채용 시기 2개월 차이"),  # waits two months
        (date(2026, 7, 1), 3, 0.25, "채용 시기 3개월 차이"),  # misses the window
        (date(2027, 1, 1), 9, 0.0, "채용 시기 9개월 차이"),
    ],
)
def test_timing(available: date, months: int, timing: float, text: str) -> None:
    b = explain_pair(trainee(available_from=available), opening(), TAX)
    assert b.months_apart == months
    assert b.timing == pytest.approx(timing)
    assert text in b.explanation


@pytest.mark.parametrize(
    ("regions", "opening_region", "fit"),
    [
        (("광주",), "광주", 1.0),
        (("서울", "광주"), "광주", 0.85),
        (("서울",), "광주", 0.0),
        ((), "광주", 1.0),
        (("광주",), None, 1.0),
    ],
)
def test_region(regions: tuple[str, ...], opening_region: str | None, fit: float) -> None:
    b = explain_pair(trainee(desired_regions=regions), opening(region=opening_region), TAX)
    assert b.region == pytest.approx(fit)


def test_opening_without_skills_covers_fully() -> None:
    b = explain_pair(trainee(), opening(required_skills={}, preferred_skills={}), TAX)
    assert b.skill == 1.0
    assert "필수 기술 없음" in b.explanation


def test_caller_supplies_display_names() -> None:
    b = explain_pair(trainee(skills={}), opening(), TAX, skill_names={"docker": "도커(Docker)"})
    assert "도커(Docker)" in b.explanation


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: trainee(skills={"python": 9}), "level of skill 'python' must be 1..4"),
        (lambda: opening(window_end=date(2026, 1, 1)), "window_end is before window_start"),
        (lambda: opening(preferred_skills={"sql": 1}), "both required and preferred"),
        (lambda: Weights(role=-1), "part weights"),
    ],
)
def test_validation(factory: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        factory()  # type: ignore[operator]


def test_unknown_role_or_skill() -> None:
    with pytest.raises(ValueError, match="role 'astronaut' is not in the taxonomy"):
        encode([trainee(desired_roles=("astronaut",))], [opening()], TAX, VOC)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        encode([trainee(skills={"cobol": 1})], [opening()], TAX, VOC)


# -- independent per-pair implementation ---------------------------------------------------
def naive_score(t: Trainee, o: Opening, w: Weights) -> float:
    def rel(a: str, b: str) -> float:
        r = TAX.relation(a, b)
        return {3: 1.0, 2: w.related_role, 1: w.same_group_role, 0: 0.0}[int(r)]

    role = max([rel(d, o.role) for d in t.desired_roles] + [0.0])
    if t.trained_role:
        role = max(role, w.trained_role_factor * rel(t.trained_role, o.role))
    entries = [(s, lv, w.required_weight) for s, lv in o.required_skills.items()]
    entries += [(s, lv, w.preferred_weight) for s, lv in o.preferred_skills.items()]
    total_w = sum(e[2] for e in entries)

    def proven(s: str) -> float:
        return 1.0 if s in t.verified_skills else w.declared_skill_weight

    skill = (
        sum(we / total_w * min(t.skills.get(s, 0), lv) / lv * proven(s) for s, lv, we in entries)
        if entries
        else 1.0
    )
    m = month_index(t.available_from)
    apart = max(month_index(o.window_start) - m, 0) + max(m - month_index(o.window_end), 0)
    timing = max(0.0, 1 - w.timing_penalty_per_month * apart)
    if not t.desired_regions or o.region is None:
        region = w.no_region_preference
    elif o.region in t.desired_regions:
        region = max(w.region_floor, 1 - w.region_rank_decay * t.desired_regions.index(o.region))
    else:
        region = 0.0
    a, b, c, d = w.normalised()
    return a * role + b * skill + c * timing + d * region


role_ids = list(TAX.ids)
skill_ids = list(VOC.ids)
regions = ["광주", "서울", "부산", "대전"]
skills_st = st.dictionaries(st.sampled_from(skill_ids), st.integers(1, 4), max_size=6)
day_st = st.dates(date(2026, 1, 1), date(2027, 6, 30))


@st.composite
def trainees_st(draw: st.DrawFn, i: int) -> Trainee:
    skills = draw(skills_st)
    verified = draw(st.sets(st.sampled_from(sorted(skills)))) if skills else set()
    return Trainee(
        id=f"t{i}",
        desired_roles=tuple(draw(st.lists(st.sampled_from(role_ids), max_size=3, unique=True))),
        trained_role=draw(st.none() | st.sampled_from(role_ids)),
        skills=skills,
        available_from=draw(day_st),
        desired_regions=tuple(draw(st.lists(st.sampled_from(regions), max_size=3, unique=True))),
        verified_skills=frozenset(verified),
    )


@st.composite
def openings_st(draw: st.DrawFn, i: int) -> Opening:
    start = draw(day_st)
    req = draw(skills_st)
    pref = {k: v for k, v in draw(skills_st).items() if k not in req}
    return Opening(
        id=f"o{i}",
        role=draw(st.sampled_from(role_ids)),
        headcount=draw(st.integers(1, 5)),
        window_start=start,
        window_end=date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1),
        required_skills=req,
        preferred_skills=pref,
        region=draw(st.none() | st.sampled_from(regions)),
    )


weights_st = st.builds(
    Weights,
    role=st.floats(0.05, 1),
    skill=st.floats(0.05, 1),
    timing=st.floats(0.0, 1),
    region=st.floats(0.0, 1),
    timing_penalty_per_month=st.floats(0, 0.5),
    declared_skill_weight=st.floats(0, 1),
)


@given(data=st.data(), w=weights_st)
@settings(max_examples=60)
def test_vectorised_equals_independent_per_pair(data: st.DataObject, w: Weights) -> None:
    ts = [data.draw(trainees_st(i)) for i in range(4)]
    os_ = [data.draw(openings_st(i)) for i in range(3)]
    enc = encode(ts, os_, TAX, VOC)
    scorer = FitScorer.from_encoded(enc, TAX, w)
    ti, oi = np.meshgrid(np.arange(4), np.arange(3), indexing="ij")
    ps = scorer.score_pairs(ti.ravel(), oi.ravel())
    for k, (a, b) in enumerate(zip(ti.ravel(), oi.ravel(), strict=True)):
        assert ps.total[k] == pytest.approx(naive_score(ts[a], os_[b], w), abs=1e-12)
        # the explanation carries exactly the numbers used for ranking
        e = scorer.explain(int(a), int(b), skill_ids=enc.skill_ids)
        assert e.total == ps.total[k]
        assert (e.role, e.skill, e.timing, e.region) == (
            ps.role[k],
            ps.skill[k],
            ps.timing[k],
            ps.region[k],
        )
        assert 0.0 <= e.total <= 1.0 + 1e-12


# -- verified skills ---------------------------------------------------------------------------
def test_a_verified_skill_counts_more_than_a_declared_one() -> None:
    declared = explain_pair(trainee(), opening(), TAX, vocabulary=VOC)
    proven = explain_pair(
        trainee(verified_skills={"python", "sql", "spark"}), opening(), TAX, vocabulary=VOC
    )
    assert proven.skill > declared.skill and proven.total > declared.total
    # python, sql and spark are held at the needed level: each adds ω = 2/11 in full
    assert proven.skill - declared.skill == pytest.approx(0.2 * 3 * 2 / 11)
    assert proven.verified_skills == ("python", "spark", "sql")
    assert proven.skills_total == 6
    assert "검증된 기술 3/6" in proven.explanation
    assert "verified skills 3/6" in proven.explanation_en
    assert declared.verified_skills == () and "검증된 기술" not in declared.explanation


def test_declared_at_the_needed_level_beats_verified_a_level_below() -> None:
    """The default keeps claims useful: proof does not beat a level the claim reaches."""
    need = {"python": 4}
    o = opening(required_skills=need, preferred_skills={})
    declared = explain_pair(trainee(skills={"python": 4}), o, TAX)
    proven_lower = explain_pair(trainee(skills={"python": 3}, verified_skills={"python"}), o, TAX)
    assert declared.skill == pytest.approx(0.8) and proven_lower.skill == pytest.approx(0.75)
    assert declared.total > proven_lower.total


def test_full_verification_never_outweighs_a_role_step() -> None:
    w = Weights()
    gain = w.normalised()[1] * (1 - w.declared_skill_weight)
    step = w.normalised()[0] * min(1 - w.related_role, w.related_role - w.same_group_role)
    assert gain < step
    same_declared = explain_pair(trainee(), opening(), TAX)
    related_proven = explain_pair(
        trainee(verified_skills={"python", "sql", "spark", "airflow"}),
        opening(role="backend"),
        TAX,
    )
    assert same_declared.total > related_proven.total


def test_declared_weight_one_makes_verification_neutral() -> None:
    w = Weights(declared_skill_weight=1.0)
    a = explain_pair(trainee(), opening(), TAX, weights=w)
    b = explain_pair(trainee(verified_skills={"python"}), opening(), TAX, weights=w)
    assert a.total == b.total


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: trainee(verified_skills={"docker"}), "verified skills not held: \\['docker'\\]"),
        (lambda: Weights(declared_skill_weight=1.5), "declared_skill_weight"),
    ],
)
def test_verified_validation(factory: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        factory()  # type: ignore[operator]


@given(data=st.data())
@settings(max_examples=60)
def test_verifying_a_skill_never_lowers_a_score(data: st.DataObject) -> None:
    t = data.draw(trainees_st(0))
    o = data.draw(openings_st(0))
    extra = data.draw(st.sets(st.sampled_from(sorted(t.skills)))) if t.skills else set()
    more = Trainee(
        id=t.id,
        desired_roles=t.desired_roles,
        trained_role=t.trained_role,
        skills=dict(t.skills),
        available_from=t.available_from,
        desired_regions=t.desired_regions,
        verified_skills=t.verified_skills | extra,
    )
    before = explain_pair(t, o, TAX, vocabulary=VOC)
    after = explain_pair(more, o, TAX, vocabulary=VOC)
    assert after.total >= before.total
    listed = set(o.required_skills) | set(o.preferred_skills)
    if (extra - t.verified_skills) & listed:
        assert after.total > before.total
