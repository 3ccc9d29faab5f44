"""Fit scores between trainees and openings: vectorised over many pairs, explained per pair.

The engine works on integer-coded arrays (:class:`TraineeArrays`, :class:`OpeningArrays`)
built once from the dataclasses with :func:`encode` (or directly by an adapter or a
benchmark). :class:`FitScorer` holds the precomputed lookup tables:

- role fit: ``A[t, r]`` = best relation between any desired role of trainee ``t`` and role
  ``r`` (same 1, related, same group, unrelated 0); the trained role counts with
  ``trained_role_factor``;
- region fit: ``B[t, g]`` = 1 for the first desired region, decaying for later ones, 0 for
  others; a last column for openings without a region;
- timing fit: ``max(0, 1 - penalty × months)`` where ``months`` is the number of months
  between the trainee's availability month and the opening's hiring window (0 inside it);
- skill coverage: Σ over the opening's listed skills of ``ω · min(held, needed) / needed · v``
  with ``ω`` normalised so required skills weigh ``required_weight`` and preferred ones
  ``preferred_weight``, and ``v`` = 1 for a skill verified by an assessment or an evaluated
  project, ``declared_skill_weight`` for one the trainee only declared; an opening listing
  no skills covers fully. A held skill is coded as one small integer, its *skill key*
  ``level + KEY_STRIDE × verified`` (0 = not held), and :func:`skill_credit` gives each
  opening entry's credit for every key: the recommendation kernels and
  :meth:`FitScorer.skill_coverage` read the same credits.

:meth:`FitScorer.score_pairs` and :meth:`FitScorer.explain` share one code path, so an
explanation shows exactly the numbers used for ranking and planning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .contracts import (
    MAX_LEVEL,
    Opening,
    RoleRelation,
    RoleTaxonomy,
    ScoreBreakdown,
    Trainee,
    Vocabulary,
    Weights,
    month_index,
)

__all__ = [
    "KEY_STRIDE",
    "Encoded",
    "FitScorer",
    "OpeningArrays",
    "PairScores",
    "TraineeArrays",
    "concat_ranges",
    "encode",
    "explain_pair",
    "role_fit_matrix",
    "role_relation_matrix",
    "skill_credit",
]

F64 = NDArray[np.float64]
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]

KEY_STRIDE = MAX_LEVEL + 1
"""Skill key = level + KEY_STRIDE × verified: 0 not held, 1..4 declared, 6..9 verified."""
N_KEYS = 2 * KEY_STRIDE


def concat_ranges(starts: NDArray[np.integer], lengths: NDArray[np.integer]) -> I64:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])`` without a loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    out = np.ones(total, dtype=np.int64)
    nz = lengths > 0
    first = (ends - lengths)[nz]
    s = np.asarray(starts, dtype=np.int64)[nz]
    out[first[0]] = s[0]
    if len(first) > 1:
        prev_end = s[:-1] + lengths[nz][:-1]
        out[first[1:]] = s[1:] - prev_end + 1
    return np.cumsum(out)


@dataclass(frozen=True, slots=True)
class TraineeArrays:
    """Integer-coded trainees. Skills are CSR rows (``skill_indptr`` has N + 1 entries)."""

    desired_roles: I32  # (N, D) role indices in preference order, -1 padding
    trained_role: I32  # (N,) role index or -1
    available_month: I32  # (N,) month_index of available_from
    desired_regions: I32  # (N, G) region indices in preference order, -1 padding
    skill_indptr: I64
    skill_index: I32
    skill_level: NDArray[np.int8]
    skill_verified: NDArray[np.bool_] | None = None  # parallel to skill_index; None = none

    @property
    def n(self) -> int:
        return int(self.trained_role.shape[0])

    def skill_key(self) -> NDArray[np.int8]:
        """Each skill entry's key: its level, plus ``KEY_STRIDE`` when verified."""
        if self.skill_verified is None:
            return self.skill_level.astype(np.int8)
        key = self.skill_level.astype(np.int8) + KEY_STRIDE * self.skill_verified.astype(np.int8)
        return key.astype(np.int8)


@dataclass(frozen=True, slots=True)
class OpeningArrays:
    """Integer-coded openings. Skills are CSR rows; ``skill_required`` flags required ones."""

    role: I32
    region: I32  # -1 = no region
    window_start: I32  # month_index
    window_end: I32
    headcount: I32
    skill_indptr: I64
    skill_index: I32
    skill_level: NDArray[np.int8]
    skill_required: NDArray[np.bool_]

    @property
    def n(self) -> int:
        return int(self.role.shape[0])


@dataclass(frozen=True, slots=True)
class Encoded:
    """Dataclasses turned into arrays, with the id lists that give indices their meaning."""

    trainees: TraineeArrays
    openings: OpeningArrays
    trainee_ids: tuple[str, ...]
    opening_ids: tuple[str, ...]
    skill_ids: tuple[str, ...]
    region_names: tuple[str, ...]


def _csr(
    rows: Sequence[Mapping[str, int]], index: Mapping[str, int]
) -> tuple[I64, I32, NDArray[np.int8]]:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    cols: list[int] = []
    levels: list[int] = []
    for i, row in enumerate(rows):
        for skill_id, level in sorted(row.items()):
            cols.append(index[skill_id])
            levels.append(level)
        indptr[i + 1] = len(cols)
    return indptr, np.asarray(cols, dtype=np.int32), np.asarray(levels, dtype=np.int8)


def encode(
    trainees: Sequence[Trainee],
    openings: Sequence[Opening],
    taxonomy: RoleTaxonomy,
    vocabulary: Vocabulary | None = None,
) -> Encoded:
    """Turn dataclasses into the arrays the engine computes on.

    Roles must exist in ``taxonomy``; skills must exist in ``vocabulary`` when one is given
    (otherwise the skill universe is whatever the inputs mention).
    """
    role_idx = taxonomy.index()

    def role_of(role_id: str, who: str) -> int:
        try:
            return int(role_idx[role_id])
        except KeyError:
            raise ValueError(f"{who}: role {role_id!r} is not in the taxonomy") from None

    if vocabulary is not None:
        skill_ids = vocabulary.ids
    else:
        seen: set[str] = set()
        for t in trainees:
            seen.update(t.skills)
        for o in openings:
            seen.update(o.required_skills)
            seen.update(o.preferred_skills)
        skill_ids = tuple(sorted(seen))
    skill_idx = {s: i for i, s in enumerate(skill_ids)}
    for t in trainees:
        unknown = set(t.skills) - skill_idx.keys()
        if unknown:
            raise ValueError(f"Trainee {t.id}: skills not in the vocabulary: {sorted(unknown)}")
    for o in openings:
        unknown = (set(o.required_skills) | set(o.preferred_skills)) - skill_idx.keys()
        if unknown:
            raise ValueError(f"Opening {o.id}: skills not in the vocabulary: {sorted(unknown)}")

    regions = sorted(
        {r for t in trainees for r in t.desired_regions} | {o.region for o in openings if o.region}
    )
    region_idx = {r: i for i, r in enumerate(regions)}

    n = len(trainees)
    d = max([len(t.desired_roles) for t in trainees] + [1])
    g = max([len(t.desired_regions) for t in trainees] + [1])
    desired = np.full((n, d), -1, dtype=np.int32)
    desired_regions = np.full((n, g), -1, dtype=np.int32)
    trained = np.full(n, -1, dtype=np.int32)
    month = np.zeros(n, dtype=np.int32)
    for i, t in enumerate(trainees):
        for j, r in enumerate(t.desired_roles):
            desired[i, j] = role_of(r, f"Trainee {t.id}")
        for j, reg in enumerate(t.desired_regions):
            desired_regions[i, j] = region_idx[reg]
        if t.trained_role is not None:
            trained[i] = role_of(t.trained_role, f"Trainee {t.id}")
        month[i] = month_index(t.available_from)
    t_ptr, t_idx, t_lvl = _csr([t.skills for t in trainees], skill_idx)
    t_verified = np.asarray(
        [s in t.verified_skills for t in trainees for s in sorted(t.skills)], dtype=np.bool_
    )

    rows: list[Mapping[str, int]] = []
    required_flags: list[bool] = []
    for o in openings:
        merged = {**o.required_skills, **o.preferred_skills}
        rows.append(merged)
        required_flags.extend(s in o.required_skills for s in sorted(merged))
    o_ptr, o_idx, o_lvl = _csr(rows, skill_idx)
    o_arrays = OpeningArrays(
        role=np.asarray([role_of(o.role, f"Opening {o.id}") for o in openings], dtype=np.int32),
        region=np.asarray(
            [region_idx[o.region] if o.region else -1 for o in openings], dtype=np.int32
        ),
        window_start=np.asarray([month_index(o.window_start) for o in openings], dtype=np.int32),
        window_end=np.asarray([month_index(o.window_end) for o in openings], dtype=np.int32),
        headcount=np.asarray([o.headcount for o in openings], dtype=np.int32),
        skill_indptr=o_ptr,
        skill_index=o_idx,
        skill_level=o_lvl,
        skill_required=np.asarray(required_flags, dtype=np.bool_),
    )
    t_arrays = TraineeArrays(
        desired_roles=desired,
        trained_role=trained,
        available_month=month,
        desired_regions=desired_regions,
        skill_indptr=t_ptr,
        skill_index=t_idx,
        skill_level=t_lvl,
        skill_verified=t_verified,
    )
    return Encoded(
        trainees=t_arrays,
        openings=o_arrays,
        trainee_ids=tuple(t.id for t in trainees),
        opening_ids=tuple(o.id for o in openings),
        skill_ids=skill_ids,
        region_names=tuple(regions),
    )


def role_relation_matrix(taxonomy: RoleTaxonomy) -> NDArray[np.int8]:
    """``R × R`` matrix of :class:`RoleRelation` codes."""
    n = len(taxonomy.roles)
    groups = [r.group for r in taxonomy.roles]
    rel = np.zeros((n, n), dtype=np.int8)
    for i in range(n):
        for j in range(n):
            if groups[i] == groups[j]:
                rel[i, j] = RoleRelation.SAME_GROUP
    idx = taxonomy.index()
    for a, b in taxonomy.related:
        rel[idx[a], idx[b]] = rel[idx[b], idx[a]] = RoleRelation.RELATED
    np.fill_diagonal(rel, RoleRelation.SAME)
    return rel


def role_fit_matrix(relation: NDArray[np.int8], weights: Weights) -> F64:
    """Relation codes → fit values in [0, 1]."""
    values = np.array([0.0, weights.same_group_role, weights.related_role, 1.0])
    return values[relation.astype(np.int64)]


def skill_credit(entry_weight: F64, need: NDArray[np.integer], weights: Weights) -> F64:
    """``credit[e, key]``: what opening entry ``e`` (normalised weight ω, needed level)
    adds to the coverage of a trainee holding its skill with skill key ``key`` (see
    :data:`KEY_STRIDE`): ω·min(held, needed)/needed, times ``declared_skill_weight``
    unless verified; 0 when not held."""
    keys = np.arange(N_KEYS, dtype=np.int64)
    held = (keys % KEY_STRIDE).astype(np.float64)[None, :]
    factor = np.where(keys >= KEY_STRIDE, 1.0, weights.declared_skill_weight)[None, :]
    needed = np.asarray(need, dtype=np.float64)[:, None]
    credit: F64 = np.asarray(entry_weight, dtype=np.float64)[:, None] * np.minimum(held, needed)
    return np.ascontiguousarray(credit / needed * factor)


@dataclass(frozen=True, slots=True)
class PairScores:
    """Scores of many pairs at once (parallel arrays)."""

    total: F64
    role: F64
    skill: F64
    timing: F64
    region: F64
    months_apart: I64


def months_apart(month: I64, start: I64, end: I64) -> I64:
    """Months between an availability month and a hiring window (0 inside the window)."""
    out: I64 = np.maximum(start - month, 0) + np.maximum(month - end, 0)
    return out


class FitScorer:
    """Scores trainee–opening pairs. Build once per cohort; thread-safe for reading."""

    def __init__(
        self,
        trainees: TraineeArrays,
        openings: OpeningArrays,
        relation: NDArray[np.int8],
        weights: Weights | None = None,
        n_regions: int | None = None,
        n_skills: int | None = None,
    ) -> None:
        self.trainees = trainees
        self.openings = openings
        self.weights = weights or Weights()
        self.w = np.array(self.weights.normalised(), dtype=np.float64)
        self.relation = relation
        self.role_fit_values = role_fit_matrix(relation, self.weights)
        n_roles = relation.shape[0]
        self.n_roles = n_roles
        g = n_regions
        if g is None:
            g = (
                int(max(trainees.desired_regions.max(initial=-1), openings.region.max(initial=-1)))
                + 1
            )
        self.n_regions = g
        s = n_skills
        if s is None:
            s = (
                int(max(trainees.skill_index.max(initial=-1), openings.skill_index.max(initial=-1)))
                + 1
            )
        self.n_skills = s
        self.trainee_role_fit = self._trainee_role_fit()
        self.trainee_region_fit = self._trainee_region_fit()
        self._opening_entry_weight = self._entry_weights()
        self._credit: F64 | None = None
        self._keys: NDArray[np.int8] | None = None

    @classmethod
    def from_encoded(
        cls, encoded: Encoded, taxonomy: RoleTaxonomy, weights: Weights | None = None
    ) -> FitScorer:
        return cls(
            encoded.trainees,
            encoded.openings,
            role_relation_matrix(taxonomy),
            weights,
            n_regions=len(encoded.region_names),
            n_skills=len(encoded.skill_ids),
        )

    # -- precomputation -------------------------------------------------------------------
    def _trainee_role_fit(self) -> F64:
        t = self.trainees
        fit = self.role_fit_values
        out = np.zeros((t.n, self.n_roles), dtype=np.float64)
        for j in range(t.desired_roles.shape[1]):
            col = t.desired_roles[:, j]
            ok = col >= 0
            out[ok] = np.maximum(out[ok], fit[col[ok]])
        ok = t.trained_role >= 0
        trained = fit[t.trained_role[ok]] * self.weights.trained_role_factor
        out[ok] = np.maximum(out[ok], trained)
        return out

    def _trainee_region_fit(self) -> F64:
        """``N × (G + 1)``; the last column is for openings that name no region."""
        t = self.trainees
        w = self.weights
        n, g = t.n, self.n_regions
        out = np.zeros((n, g + 1), dtype=np.float64)
        prefs = t.desired_regions
        none = (prefs < 0).all(axis=1)
        out[none] = w.no_region_preference
        out[:, g] = w.no_region_preference
        rows = np.arange(n)
        for j in range(prefs.shape[1] - 1, -1, -1):  # earlier ranks overwrite later ones
            col = prefs[:, j]
            ok = col >= 0
            out[rows[ok], col[ok]] = max(w.region_floor, 1.0 - w.region_rank_decay * j)
        return out

    def _entry_weights(self) -> F64:
        o = self.openings
        w = self.weights
        raw = np.where(o.skill_required, w.required_weight, w.preferred_weight)
        counts = np.diff(o.skill_indptr)
        owner = np.repeat(np.arange(o.n), counts)
        sums = np.bincount(owner, weights=raw, minlength=o.n)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sums[owner] > 0, raw / sums[owner], 0.0)

    def trainee_keys(self) -> NDArray[np.int8]:
        """Dense ``N × S`` matrix of skill keys (0 = not held, else level plus
        ``KEY_STRIDE`` when verified); built on first use."""
        if self._keys is None:
            t = self.trainees
            keys = np.zeros((t.n, max(self.n_skills, 1)), dtype=np.int8)
            rows = np.repeat(np.arange(t.n), np.diff(t.skill_indptr))
            keys[rows, t.skill_index] = t.skill_key()
            self._keys = keys
        return self._keys

    def entry_credit(self) -> F64:
        """:func:`skill_credit` of every opening entry (built on first use)."""
        if self._credit is None:
            o = self.openings
            self._credit = skill_credit(self._opening_entry_weight, o.skill_level, self.weights)
        return self._credit

    # -- scoring --------------------------------------------------------------------------
    def _region_column(self, o_idx: NDArray[np.integer]) -> I64:
        reg = self.openings.region[o_idx].astype(np.int64)
        return np.where(reg < 0, self.n_regions, reg)

    def skill_coverage(self, t_idx: NDArray[np.integer], o_idx: NDArray[np.integer]) -> F64:
        o = self.openings
        counts = np.diff(o.skill_indptr)[o_idx]
        entries = concat_ranges(o.skill_indptr[o_idx], counts)
        pair = np.repeat(np.arange(len(o_idx)), counts)
        key = self.trainee_keys()[np.asarray(t_idx)[pair], o.skill_index[entries]]
        credit = self.entry_credit()[entries, key]
        cover = np.bincount(pair, weights=credit, minlength=len(o_idx))
        return np.where(counts > 0, cover, 1.0)

    def score_pairs(self, t_idx: NDArray[np.integer], o_idx: NDArray[np.integer]) -> PairScores:
        """Scores of the pairs ``(t_idx[i], o_idx[i])``."""
        t_idx = np.asarray(t_idx, dtype=np.int64)
        o_idx = np.asarray(o_idx, dtype=np.int64)
        o = self.openings
        role = self.trainee_role_fit[t_idx, o.role[o_idx]]
        region = self.trainee_region_fit[t_idx, self._region_column(o_idx)]
        apart = months_apart(
            self.trainees.available_month[t_idx].astype(np.int64),
            o.window_start[o_idx].astype(np.int64),
            o.window_end[o_idx].astype(np.int64),
        )
        timing = np.clip(1.0 - self.weights.timing_penalty_per_month * apart, 0.0, 1.0)
        skill = self.skill_coverage(t_idx, o_idx)
        w = self.w
        total = w[0] * role + w[1] * skill + w[2] * timing + w[3] * region
        return PairScores(total, role, skill, timing, region, apart)

    def score_block(self, t_idx: NDArray[np.integer], o_idx: NDArray[np.integer]) -> F64:
        """Dense ``len(t_idx) × len(o_idx)`` matrix of total scores."""
        return self.score_pairs(
            np.repeat(np.asarray(t_idx), len(o_idx)), np.tile(np.asarray(o_idx), len(t_idx))
        ).total.reshape(len(t_idx), len(o_idx))

    def explain(
        self,
        t: int,
        o: int,
        *,
        trainee_id: str = "",
        opening_id: str = "",
        skill_ids: Sequence[str] | None = None,
        skill_names: Mapping[str, str] | None = None,
        role_names: Sequence[str] | None = None,
        region_names: Sequence[str] | None = None,
    ) -> ScoreBreakdown:
        """One pair's score, its parts and a Korean + English explanation."""
        ps = self.score_pairs(np.array([t]), np.array([o]))
        op = self.openings
        tr = self.trainees
        roles = [int(r) for r in tr.desired_roles[t] if r >= 0]
        relation = RoleRelation.UNRELATED
        for r in roles:
            relation = max(relation, RoleRelation(int(self.relation[r, op.role[o]])))
        if tr.trained_role[t] >= 0:
            relation = max(
                relation, RoleRelation(int(self.relation[tr.trained_role[t], op.role[o]]))
            )
        lo, hi = int(op.skill_indptr[o]), int(op.skill_indptr[o + 1])
        keys = self.trainee_keys()[t]
        held = keys % KEY_STRIDE

        def sid(i: int) -> str:
            return skill_ids[i] if skill_ids is not None else str(i)

        matched: list[str] = []
        missing: list[str] = []
        verified: list[str] = []
        req_total = 0
        for e in range(lo, hi):
            s = int(op.skill_index[e])
            ok = held[s] >= op.skill_level[e]
            if keys[s] >= KEY_STRIDE:
                verified.append(sid(s))
            if ok:
                matched.append(sid(s))
            if op.skill_required[e]:
                req_total += 1
                if not ok:
                    missing.append(sid(s))
        req_met = req_total - len(missing)
        names = skill_names or {}
        apart = int(ps.months_apart[0])
        region_name: str | None = None
        if op.region[o] >= 0:
            region_name = region_names[op.region[o]] if region_names else str(int(op.region[o]))
        role_name = role_names[op.role[o]] if role_names else None
        wants_region = bool((tr.desired_regions[t] >= 0).any())
        ko, en = _explanation(
            relation=relation,
            role_name=role_name,
            req_met=req_met,
            req_total=req_total,
            missing=[names.get(m, m) for m in missing],
            months=apart,
            region_name=region_name,
            region_fit=float(ps.region[0]),
            wants_region=wants_region,
            verified=len(verified),
            listed=hi - lo,
        )
        return ScoreBreakdown(
            trainee_id=trainee_id,
            opening_id=opening_id,
            total=float(ps.total[0]),
            role=float(ps.role[0]),
            skill=float(ps.skill[0]),
            timing=float(ps.timing[0]),
            region=float(ps.region[0]),
            role_relation=relation,
            matched_skills=tuple(matched),
            missing_required=tuple(missing),
            required_met=req_met,
            required_total=req_total,
            months_apart=apart,
            explanation=ko,
            explanation_en=en,
            verified_skills=tuple(verified),
            skills_total=hi - lo,
        )


_ROLE_KO = {
    RoleRelation.SAME: "역할 일치",
    RoleRelation.RELATED: "관련 역할",
    RoleRelation.SAME_GROUP: "같은 직군",
    RoleRelation.UNRELATED: "역할 불일치",
}
_ROLE_EN = {
    RoleRelation.SAME: "same role",
    RoleRelation.RELATED: "related role",
    RoleRelation.SAME_GROUP: "same job family",
    RoleRelation.UNRELATED: "different role",
}


def _explanation(
    *,
    relation: RoleRelation,
    role_name: str | None,
    req_met: int,
    req_total: int,
    missing: Sequence[str],
    months: int,
    region_name: str | None,
    region_fit: float,
    wants_region: bool,
    verified: int = 0,
    listed: int = 0,
) -> tuple[str, str]:
    ko = [_ROLE_KO[relation]]
    en = [_ROLE_EN[relation]]
    if role_name and relation != RoleRelation.SAME:
        ko[0] += f"({role_name})"
        en[0] += f" ({role_name})"
    if req_total == 0:
        ko.append("필수 기술 없음")
        en.append("no required skills")
    else:
        k = f"필수 기술 {req_met}/{req_total} 충족"
        e = f"required skills {req_met}/{req_total} met"
        if missing:
            k += f"(부족: {', '.join(missing)})"
            e += f" (missing: {', '.join(missing)})"
        ko.append(k)
        en.append(e)
    if verified:
        ko.append(f"검증된 기술 {verified}/{listed}")
        en.append(f"verified skills {verified}/{listed}")
    if months == 0:
        ko.append("채용 시기 일치")
        en.append("available within the hiring window")
    else:
        ko.append(f"채용 시기 {months}개월 차이")
        en.append(f"hiring window {months} month{'s' if months != 1 else ''} apart")
    if region_name is not None and wants_region:
        if region_fit >= 1.0:
            ko.append(f"희망 지역({region_name})")
            en.append(f"preferred region ({region_name})")
        elif region_fit > 0:
            ko.append(f"차순위 희망 지역({region_name})")
            en.append(f"lower-ranked region ({region_name})")
        else:
            ko.append(f"희망 지역 아님({region_name})")
            en.append(f"not a preferred region ({region_name})")
    return " · ".join(ko), " · ".join(en)


def explain_pair(
    trainee: Trainee,
    opening: Opening,
    taxonomy: RoleTaxonomy,
    *,
    weights: Weights | None = None,
    vocabulary: Vocabulary | None = None,
    skill_names: Mapping[str, str] | None = None,
) -> ScoreBreakdown:
    """Score and explain one trainee–opening pair given as dataclasses."""
    enc = encode([trainee], [opening], taxonomy, vocabulary)
    scorer = FitScorer.from_encoded(enc, taxonomy, weights)
    names = dict(vocabulary.names()) if vocabulary is not None else {}
    names.update(skill_names or {})
    return scorer.explain(
        0,
        0,
        trainee_id=trainee.id,
        opening_id=opening.id,
        skill_ids=enc.skill_ids,
        skill_names=names,
        role_names=[r.name for r in taxonomy.roles],
        region_names=enc.region_names,
    )
