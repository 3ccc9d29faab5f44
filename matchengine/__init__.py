"""matchengine: the pure-Python matching engine of careerhub.

No Django and no careerhub imports (an import-linter contract enforces it). Inputs and
outputs are frozen dataclasses (:mod:`matchengine.contracts`) or numpy arrays.

- :mod:`~matchengine.scoring` — fit scores with explanations (vectorised + per pair);
- :mod:`~matchengine.recommend` — exact top-k in both directions for a whole cohort;
- :mod:`~matchengine.assign` — exact cohort plan (most placed, then most fit);
- :mod:`~matchengine.deferred_acceptance` — match day (stable, trainee-optimal) + round 2;
- :mod:`~matchengine.gaps` — demand vs supply: shortages, surpluses, timing gaps;
- :mod:`~matchengine.text` — skills and roles from Korean/English text (kiwipiepy).
"""

from .assign import Plan, plan_cohort
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
    blocking_pairs,
    deferred_acceptance,
    match_day,
    match_day_from_lists,
    rank_lists_from_scores,
    second_round,
)
from .gaps import DemandItem, GapReport, RoleGap, SupplyItem, TimingGap, analyse_gaps
from .recommend import TopK, recommend_openings, recommend_trainees
from .scoring import (
    Encoded,
    FitScorer,
    OpeningArrays,
    PairScores,
    TraineeArrays,
    encode,
    explain_pair,
)
from .text import Extraction, RoleGuess, SkillMention, TextExtractor

__all__ = [
    "DemandItem",
    "Encoded",
    "Extraction",
    "FitScorer",
    "GapReport",
    "MatchDayResult",
    "Opening",
    "OpeningArrays",
    "PairScores",
    "Plan",
    "RankLists",
    "Role",
    "RoleGap",
    "RoleGuess",
    "RoleRelation",
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
    "TraineeArrays",
    "Vocabulary",
    "Weights",
    "analyse_gaps",
    "blocking_pairs",
    "default_taxonomy",
    "default_vocabulary",
    "deferred_acceptance",
    "encode",
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
