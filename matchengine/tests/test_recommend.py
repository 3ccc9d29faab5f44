"""Recommendations: exact top-k in both directions, against scoring every pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchengine import Weights, recommend_openings, recommend_trainees
from matchengine.bench.instances import scoring_instance
from matchengine.scoring import FitScorer


def scorer_for(nt: int, no: int, seed: int, weights: Weights | None = None, **kw: int) -> FitScorer:
    inst = scoring_instance(nt, no, seed=seed, **kw)
    return FitScorer(
        inst.trainees,
        inst.openings,
        inst.relation,
        weights,
        n_regions=inst.n_regions,
        n_skills=inst.n_skills,
    )


def check(full: np.ndarray, idx: np.ndarray, score: np.ndarray, k: int) -> None:
    """``idx``/``score`` are a correct top-k of each row of ``full`` (ties allowed)."""
    kk = min(k, full.shape[1])
    expected = -np.sort(-full, axis=1)[:, :kk]
    assert np.allclose(score[:, :kk], expected, atol=1e-12, rtol=0)
    assert np.all(idx[:, kk:] == -1)
    rows = np.arange(full.shape[0])[:, None]
    assert np.allclose(full[rows, idx[:, :kk]], score[:, :kk], atol=1e-12, rtol=0)
    assert all(len(set(r)) == kk for r in idx[:, :kk].tolist())  # no duplicates
    assert np.all(np.diff(score[:, :kk], axis=1) <= 1e-15)  # best first


@given(
    seed=st.integers(0, 2**16),
    nt=st.integers(1, 120),
    no=st.integers(1, 90),
    k=st.integers(1, 25),
    on_role=st.sampled_from([0.0, 0.75]),
    timing=st.sampled_from([0.0, 0.2]),
)
@settings(max_examples=25)
def test_both_directions_equal_brute_force(
    seed: int, nt: int, no: int, k: int, on_role: float, timing: float
) -> None:
    w = Weights(timing=timing)
    s = scorer_for(nt, no, seed, w, n_roles=6, n_regions=4, n_skills=40, on_role=on_role)  # type: ignore[arg-type]
    full = s.score_block(np.arange(nt), np.arange(no))
    fwd = recommend_openings(s, k, query_chunk=37)
    check(full, fwd.index, fwd.score, k)
    rev = recommend_trainees(s, k, query_chunk=23)
    check(full.T, rev.index, rev.score, k)


def test_subsets_and_threads() -> None:
    s = scorer_for(3000, 600, 7)
    trainees = np.arange(0, 3000, 3)
    openings = np.arange(0, 600, 2)
    full = s.score_block(trainees, openings)
    r = recommend_openings(s, 20, trainees=trainees, openings=openings, workers=2, query_chunk=256)
    assert np.array_equal(r.query, trainees)
    check(full, np.searchsorted(openings, r.index), r.score, 20)
    consenting = np.arange(1, 3000, 4)
    r2 = recommend_trainees(s, 10, trainees=consenting, workers=2, query_chunk=128)
    full2 = s.score_block(consenting, np.arange(600)).T
    check(full2, np.searchsorted(consenting, r2.index), r2.score, 10)
    assert np.isin(r2.index, consenting).all()


def test_deterministic_ties_by_index() -> None:
    s = scorer_for(50, 40, 3, n_roles=1, n_regions=1, n_skills=1, months=1)
    a = recommend_openings(s, 5)
    b = recommend_openings(s, 5, workers=1, query_chunk=7)
    assert np.array_equal(a.index, b.index)
    full = s.score_block(np.arange(50), np.arange(40))
    for row, idx in zip(full, a.index, strict=True):
        order = sorted(range(40), key=lambda j: (-row[j], j))[:5]
        assert np.allclose(row[order], row[idx])


def test_empty_and_bad_k() -> None:
    s = scorer_for(10, 5, 1)
    r = recommend_openings(s, 3, openings=np.array([], dtype=np.int64))
    assert r.index.shape == (10, 3) and np.all(r.index == -1)
    with pytest.raises(ValueError, match="k must be"):
        recommend_trainees(s, 0)


def test_scores_are_bitwise_those_of_score_pairs_and_threads_do_not_matter() -> None:
    s = scorer_for(2500, 500, 11)
    fwd = recommend_openings(s, 15, workers=1, query_chunk=10_000)
    fwd2 = recommend_openings(s, 15, workers=2, query_chunk=97)
    assert np.array_equal(fwd.index, fwd2.index) and np.array_equal(fwd.score, fwd2.score)
    q = np.repeat(np.arange(2500), 15)
    exact = s.score_pairs(q, fwd.index.ravel()).total.reshape(fwd.index.shape)
    assert np.array_equal(exact, fwd.score)  # bit for bit, not just close
    rev = recommend_trainees(s, 15, workers=1, query_chunk=10_000)
    rev2 = recommend_trainees(s, 15, workers=2, query_chunk=13)
    assert np.array_equal(rev.index, rev2.index) and np.array_equal(rev.score, rev2.score)
    q = np.repeat(np.arange(500), 15)
    exact = s.score_pairs(rev.index.ravel(), q).total.reshape(rev.index.shape)
    assert np.array_equal(exact, rev.score)


def test_openings_without_skills_cover_fully() -> None:
    import dataclasses

    base = scorer_for(300, 80, 2)
    o = base.openings
    counts = np.diff(o.skill_indptr)
    drop = np.zeros(o.n, dtype=np.bool_)
    drop[::5] = True  # every fifth opening lists no skills
    keep_entries = np.repeat(~drop, counts)
    indptr = np.zeros(o.n + 1, dtype=np.int64)
    np.cumsum(np.where(drop, 0, counts), out=indptr[1:])
    openings = dataclasses.replace(
        o,
        skill_indptr=indptr,
        skill_index=o.skill_index[keep_entries],
        skill_level=o.skill_level[keep_entries],
        skill_required=o.skill_required[keep_entries],
    )
    s = FitScorer(
        base.trainees, openings, base.relation, n_regions=base.n_regions, n_skills=base.n_skills
    )
    full = s.score_block(np.arange(300), np.arange(80))
    fwd = recommend_openings(s, 12)
    check(full, fwd.index, fwd.score, 12)
    rev = recommend_trainees(s, 12)
    check(full.T, rev.index, rev.score, 12)


@given(seed=st.integers(0, 2**16), k=st.integers(1, 15), share=st.sampled_from([0.0, 0.4, 1.0]))
@settings(max_examples=15)
def test_verified_skills_both_directions_equal_brute_force(seed: int, k: int, share: float) -> None:
    """Verified skills (another credit per skill key) keep the kernels exact, bit for bit."""
    import dataclasses

    base = scorer_for(150, 60, seed, n_roles=5, n_regions=3, n_skills=30)
    rng = np.random.default_rng(seed)
    t = base.trainees
    verified = rng.random(t.skill_index.size) < share
    s = FitScorer(
        dataclasses.replace(t, skill_verified=verified),
        base.openings,
        base.relation,
        n_regions=base.n_regions,
        n_skills=base.n_skills,
    )
    full = s.score_block(np.arange(150), np.arange(60))
    if share > 0 and t.skill_index.size:
        assert (full >= base.score_block(np.arange(150), np.arange(60))).all()
    fwd = recommend_openings(s, k, query_chunk=41)
    check(full, fwd.index, fwd.score, k)
    exact = s.score_pairs(np.repeat(np.arange(150), k), fwd.index.ravel()).total
    ok = fwd.index.ravel() >= 0
    assert np.array_equal(exact[ok], fwd.score.ravel()[ok])
    rev = recommend_trainees(s, k, query_chunk=17)
    check(full.T, rev.index, rev.score, k)
