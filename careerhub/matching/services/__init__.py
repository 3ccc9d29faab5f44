"""Writes of the matching app: computing and storing recommendations, feedback, cohort plans
(run in the background), pins and exclusions, application suggestions, and match days.

Every computation goes database → ``adapter`` (engine) → stored rows. A run that fails
records why and leaves earlier runs and their results untouched.

One module per part — ``recommendations``, ``feedback`` (dismissals and their scope),
``candidates``, ``plans``, ``match_days`` — with their shared constants and helpers in
``shared``. Callers import this package
(``from careerhub.matching import services``); a test that patches a name patches it in the
module that looks it up (``careerhub.matching.services.plans._enqueue``, not here).
"""

from careerhub.matching.services.candidates import candidate_viewed, candidates_refresh
from careerhub.matching.services.feedback import (
    feedback_dismiss,
    feedback_scope_change,
    feedback_undo,
)
from careerhub.matching.services.match_days import (
    _match_round,
    match_day_create,
    match_round_close_now,
    match_round_open_next,
    match_round_publish,
    match_round_run,
    rank_list_submit,
    round_capacities,
    round_trainee_ids,
)
from careerhub.matching.services.plans import (
    plan_constraint_remove,
    plan_constraint_set,
    plan_run_execute,
    plan_run_request,
    plan_suggest_applications,
    suggestion_decline,
)
from careerhub.matching.services.recommendations import (
    _compute_for_trainees,
    feedback_save,
    recommendation_apply,
    recommendations_refresh,
    recommendations_refresh_many,
)
from careerhub.matching.services.shared import (
    CANDIDATES_MAX_AGE,
    DEFAULT_PLAN_PARAMETERS,
    POSTING_TOP_K,
    TRAINEE_TOP_K,
)

__all__ = [
    "CANDIDATES_MAX_AGE",
    "DEFAULT_PLAN_PARAMETERS",
    "POSTING_TOP_K",
    "TRAINEE_TOP_K",
    "_compute_for_trainees",  # the demo builder stores runs without an actor
    "_match_round",  # the demo builder matches a round without an audit event
    "candidate_viewed",
    "candidates_refresh",
    "feedback_dismiss",
    "feedback_save",
    "feedback_scope_change",
    "feedback_undo",
    "match_day_create",
    "match_round_close_now",
    "match_round_open_next",
    "match_round_publish",
    "match_round_run",
    "plan_constraint_remove",
    "plan_constraint_set",
    "plan_run_execute",
    "plan_run_request",
    "plan_suggest_applications",
    "rank_list_submit",
    "recommendation_apply",
    "recommendations_refresh",
    "recommendations_refresh_many",
    "round_capacities",
    "round_trainee_ids",
    "suggestion_decline",
]
