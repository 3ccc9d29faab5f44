"""matchengine: the pure-Python matching engine of careerhub.

No Django and no careerhub imports (an import-linter contract enforces it). Inputs and
outputs are frozen dataclasses (:mod:`matchengine.contracts`) or numpy arrays.

The public API, importable from the package itself:

- contracts: :class:`Trainee`, :class:`Opening`, :class:`RoleTaxonomy`/:class:`Role`,
  :class:`Vocabulary`/:class:`Skill`, :class:`Weights`, :class:`ScoreBreakdown`, ... and
  the built-in :func:`default_taxonomy` / :func:`default_vocabulary`;
- :func:`recommend_openings` / :func:`recommend_trainees` → :class:`TopK` — exact top-k in
  both directions for a whole cohort (:mod:`~matchengine.recommend`);
- :func:`plan_cohort` → :class:`Plan` — exact cohort plan, most placed then most fit
  (:mod:`~matchengine.assign`);
- :func:`match_day` / :func:`second_round` (on :class:`RankLists`) → :class:`MatchDayResult`
  — stable, trainee-optimal match day (:mod:`~matchengine.deferred_acceptance`);
- :func:`analyse_gaps` → :class:`GapReport` — demand vs supply (:mod:`~matchengine.gaps`);
- :class:`RoleClassifier` → :class:`Classification` — the role (with a calibrated
  confidence) and skills of a posting or self-description (:mod:`~matchengine.classify`),
  over :class:`TextExtractor` → :class:`Extraction` — skills from Korean/English text
  (:mod:`~matchengine.text`);
- :func:`explain_pair` → :class:`ScoreBreakdown` — one explained fit score.

The array layer stays in its submodules: :mod:`matchengine.scoring` (``encode`` →
``Encoded``, ``TraineeArrays``/``OpeningArrays``, ``FitScorer`` — the scorer the
recommendations take — and ``PairScores``) and :mod:`matchengine.deferred_acceptance`
(``deferred_acceptance``, ``blocking_pairs``).

Names are loaded lazily (PEP 562): ``import matchengine`` imports nothing heavy, and
text extraction alone never imports numba, OR-Tools or scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and IDEs
    from .assign import Plan, plan_cohort
    from .classify import Classification, RoleClassifier, RoleScore
    from .contracts import (
        Opening,
        Role,
        RoleRelation,
        RoleTaxonomy,
        ScoreBreakdown,
        Skill,
        SkillLevel,
        Trainee,
        Vocabulary,
        Weights,
        month_index,
    )
    from .defaults import default_taxonomy, default_vocabulary
    from .deferred_acceptance import (
        MatchDayResult,
        RankLists,
        match_day,
        match_day_from_lists,
        rank_lists_from_scores,
        second_round,
    )
    from .gaps import DemandItem, GapReport, RoleGap, SupplyItem, TimingGap, analyse_gaps
    from .recommend import TopK, recommend_openings, recommend_trainees
    from .scoring import explain_pair
    from .text import Extraction, RoleGuess, SkillMention, TextExtractor

# public name → submodule that defines it (imported on first access)
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("Plan", "plan_cohort"), "assign"),
    **dict.fromkeys(
        (
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
        ),
        "contracts",
    ),
    **dict.fromkeys(("default_taxonomy", "default_vocabulary"), "defaults"),
    **dict.fromkeys(
        (
            "MatchDayResult",
            "RankLists",
            "match_day",
            "match_day_from_lists",
            "rank_lists_from_scores",
            "second_round",
        ),
        "deferred_acceptance",
    ),
    **dict.fromkeys(
        ("DemandItem", "GapReport", "RoleGap", "SupplyItem", "TimingGap", "analyse_gaps"), "gaps"
    ),
    **dict.fromkeys(("TopK", "recommend_openings", "recommend_trainees"), "recommend"),
    "explain_pair": "scoring",
    **dict.fromkeys(("Extraction", "RoleGuess", "SkillMention", "TextExtractor"), "text"),
    **dict.fromkeys(("Classification", "RoleClassifier", "RoleScore"), "classify"),
}

_SUBMODULES = frozenset(
    {
        "assign",
        "classify",
        "contracts",
        "defaults",
        "deferred_acceptance",
        "gaps",
        "recommend",
        "scoring",
        "text",
    }
)

__all__ = [
    "Classification",
    "DemandItem",
    "Extraction",
    "GapReport",
    "MatchDayResult",
    "Opening",
    "Plan",
    "RankLists",
    "Role",
    "RoleClassifier",
    "RoleGap",
    "RoleGuess",
    "RoleRelation",
    "RoleScore",
    "RoleTaxonomy",
    "ScoreBreakdown",
    "Skill",
    "SkillLevel",
    "SkillMention",
    "SupplyItem",
    "TextExtractor",
    "TimingGap",
    "TopK",
    "Trainee",
    "Vocabulary",
    "Weights",
    "analyse_gaps",
    "default_taxonomy",
    "default_vocabulary",
    "explain_pair",
    "match_day",
    "match_day_from_lists",
    "month_index",
    "plan_cohort",
    "rank_lists_from_scores",
    "recommend_openings",
    "recommend_trainees",
    "second_round",
]


# names that were exported here before the API was narrowed, and where they live now
_MOVED: dict[str, str] = {
    **dict.fromkeys(
        ("Encoded", "FitScorer", "OpeningArrays", "PairScores", "TraineeArrays", "encode"),
        "scoring",
    ),
    "blocking_pairs": "deferred_acceptance",
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first access (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    elif name in _MOVED:
        raise AttributeError(
            f"module {__name__!r} has no attribute {name!r}: it is part of the array layer, "
            f"import it from {__name__}.{_MOVED[name]}"
        )
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})
