"""Frozen data contracts that cross the engine boundary.

Everything the engine takes or returns is either one of these dataclasses or a numpy array.
Identifiers are plain strings chosen by the caller (database primary keys, codes); the engine
never invents display names: skill and role names come from the caller's vocabulary and
taxonomy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from types import MappingProxyType

__all__ = [
    "Opening",
    "Role",
    "RoleRelation",
    "RoleTaxonomy",
    "ScoreBreakdown",
    "Skill",
    "SkillLevel",
    "Trainee",
    "Vocabulary",
    "Weights",
    "month_index",
]


class SkillLevel(IntEnum):
    """How well a skill is held (trainee) or needed (opening)."""

    BASIC = 1  # 기초
    INTERMEDIATE = 2  # 중급
    ADVANCED = 3  # 고급
    EXPERT = 4  # 전문가


MAX_LEVEL = int(max(SkillLevel))


class RoleRelation(IntEnum):
    """How an opening's role relates to one of the trainee's roles (best first)."""

    SAME = 3
    RELATED = 2
    SAME_GROUP = 1
    UNRELATED = 0


def month_index(day: date) -> int:
    """Months since year 0: the engine's unit of time for availability and hiring windows."""
    return day.year * 12 + (day.month - 1)


def _frozen_levels(levels: Mapping[str, int], what: str) -> Mapping[str, int]:
    for skill_id, level in levels.items():
        if not MAX_LEVEL >= int(level) >= int(SkillLevel.BASIC):
            raise ValueError(
                f"{what}: level of skill {skill_id!r} must be 1..{MAX_LEVEL}, got {level}"
            )
    return MappingProxyType({str(k): int(v) for k, v in levels.items()})


@dataclass(frozen=True, slots=True)
class Skill:
    """One vocabulary entry: a canonical id, the caller's display name and its aliases."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The skill vocabulary (an input: the engine hard-codes no skills)."""

    skills: tuple[Skill, ...]

    def __post_init__(self) -> None:
        ids = [s.id for s in self.skills]
        if len(set(ids)) != len(ids):
            raise ValueError("Vocabulary: skill ids must be unique")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.skills)

    def name_of(self, skill_id: str) -> str:
        for skill in self.skills:
            if skill.id == skill_id:
                return skill.name
        return skill_id

    def names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.skills}


@dataclass(frozen=True, slots=True)
class Role:
    """A job role in the taxonomy; ``group`` clusters roles (e.g. "data", "software")."""

    id: str
    name: str
    group: str
    aliases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()  # typical skill ids: helps role extraction from text


@dataclass(frozen=True, slots=True)
class RoleTaxonomy:
    """Roles plus the symmetric "related" relation between them."""

    roles: tuple[Role, ...]
    related: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        ids = [r.id for r in self.roles]
        if len(set(ids)) != len(ids):
            raise ValueError("RoleTaxonomy: role ids must be unique")
        known = set(ids)
        for a, b in self.related:
            if a not in known or b not in known:
                raise ValueError(f"RoleTaxonomy: related pair ({a!r}, {b!r}) names an unknown role")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.roles)

    def index(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.roles)}

    def relation(self, a: str, b: str) -> RoleRelation:
        if a == b:
            return RoleRelation.SAME
        if (a, b) in self.related or (b, a) in self.related:
            return RoleRelation.RELATED
        groups = {r.id: r.group for r in self.roles}
        if a in groups and groups.get(a) == groups.get(b):
            return RoleRelation.SAME_GROUP
        return RoleRelation.UNRELATED

    def name_of(self, role_id: str) -> str:
        for role in self.roles:
            if role.id == role_id:
                return role.name
        return role_id


@dataclass(frozen=True, slots=True)
class Trainee:
    """A trainee (교육생) as the engine sees them."""

    id: str
    desired_roles: tuple[str, ...]
    trained_role: str | None
    skills: Mapping[str, int]
    available_from: date
    desired_regions: tuple[str, ...] = ()
    verified_skills: frozenset[str] = frozenset()  # held skills proven by an assessment

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", _frozen_levels(self.skills, f"Trainee {self.id}"))
        verified = frozenset(str(s) for s in self.verified_skills)
        unheld = verified - set(self.skills)
        if unheld:
            raise ValueError(f"Trainee {self.id}: verified skills not held: {sorted(unheld)}")
        object.__setattr__(self, "verified_skills", verified)


@dataclass(frozen=True, slots=True)
class Opening:
    """A hiring demand or job posting: a role, a headcount and a hiring window."""

    id: str
    role: str
    headcount: int
    window_start: date
    window_end: date
    required_skills: Mapping[str, int] = field(default_factory=dict)
    preferred_skills: Mapping[str, int] = field(default_factory=dict)
    region: str | None = None

    def __post_init__(self) -> None:
        if self.headcount < 0:
            raise ValueError(f"Opening {self.id}: headcount must be >= 0")
        if self.window_end < self.window_start:
            raise ValueError(f"Opening {self.id}: window_end is before window_start")
        what = f"Opening {self.id}"
        object.__setattr__(self, "required_skills", _frozen_levels(self.required_skills, what))
        object.__setattr__(self, "preferred_skills", _frozen_levels(self.preferred_skills, what))
        both = set(self.required_skills) & set(self.preferred_skills)
        if both:
            raise ValueError(f"{what}: skills both required and preferred: {sorted(both)}")


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the fit score. The four part weights are normalised to sum to 1.

    - ``role``/``skill``/``timing``/``region``: weight of each part (each part is in [0, 1]).
    - ``related_role``/``same_group_role``: role fit when the roles are related / share a group.
    - ``trained_role_factor``: the trained role counts this much relative to a desired role.
    - ``required_weight``/``preferred_weight``: relative weight of required vs preferred skills.
    - ``timing_penalty_per_month``: timing fit lost per month between availability and window.
    - ``region_rank_decay``/``region_floor``: fit of the 2nd, 3rd… desired region.
    - ``no_region_preference``: region fit when either side names no region.
    - ``declared_skill_weight``: a skill the trainee only declared earns this share of the
      credit of the same skill verified by an assessment or an evaluated project (1.0).
      The default 0.8 keeps two orders: a declared skill at the needed level still beats a
      verified one a level below it (at most 3/4 = 0.75 of the credit), and verifying
      every skill (at most w_skill × 0.2 = 0.07 of the total) never outweighs one step of
      role relation (w_role × 0.3 = 0.105) — verification ranks trainees within a role.
    """

    role: float = 0.35
    skill: float = 0.35
    timing: float = 0.20
    region: float = 0.10
    related_role: float = 0.7
    same_group_role: float = 0.4
    trained_role_factor: float = 0.8
    required_weight: float = 2.0
    preferred_weight: float = 1.0
    timing_penalty_per_month: float = 0.25
    region_rank_decay: float = 0.15
    region_floor: float = 0.5
    no_region_preference: float = 1.0
    declared_skill_weight: float = 0.8

    def __post_init__(self) -> None:
        parts = (self.role, self.skill, self.timing, self.region)
        if min(parts) < 0 or sum(parts) <= 0:
            raise ValueError("Weights: part weights must be >= 0 and not all zero")
        if self.required_weight <= 0 or self.preferred_weight < 0:
            raise ValueError("Weights: required_weight must be > 0, preferred_weight >= 0")
        if self.timing_penalty_per_month < 0:
            raise ValueError("Weights: timing_penalty_per_month must be >= 0")
        if not 0 <= self.declared_skill_weight <= 1:
            raise ValueError("Weights: declared_skill_weight must be in [0, 1]")

    def normalised(self) -> tuple[float, float, float, float]:
        total = self.role + self.skill + self.timing + self.region
        return (self.role / total, self.skill / total, self.timing / total, self.region / total)


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """One trainee–opening fit score, its parts and a readable explanation.

    ``total`` = w_role·role + w_skill·skill + w_timing·timing + w_region·region with the
    normalised weights; every part is in [0, 1].
    """

    trainee_id: str
    opening_id: str
    total: float
    role: float
    skill: float
    timing: float
    region: float
    role_relation: RoleRelation
    matched_skills: tuple[str, ...]
    missing_required: tuple[str, ...]
    required_met: int
    required_total: int
    months_apart: int
    explanation: str  # Korean
    explanation_en: str
    verified_skills: tuple[str, ...] = ()  # the opening's skills the trainee holds verified
    skills_total: int = 0  # skills the opening lists (required + preferred)
