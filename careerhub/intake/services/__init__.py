"""Writes of the recruitment flow: apply, screen, select, publish, enrol, move up.

Public actions (apply, change, confirm, respond) have no logged-in actor: they are reached
through a signed link and recorded with ``actor=None``. Staff actions take an ``Actor``.

One module per stage of the flow; import from here (``from careerhub.intake import
services``). To replace a function in a test, patch it where it is looked up — in its own
module (``careerhub.intake.services.applying.duplicate_of``), not here.
"""

from careerhub.intake.services.applying import (
    APPLICANT_FIELDS,
    DuplicateApplication,
    application_confirm_email,
    application_link_resend,
    application_submit,
    application_update,
    application_withdraw,
    duplicate_of,
)
from careerhub.intake.services.confirmation import application_confirmation_resend
from careerhub.intake.services.places import (
    REFILL_DAYS_AFTER_START,
    free_places,
    offer_accept,
    offer_decline,
    places_refill,
    refill_open,
    trainee_dropped_receive,
)
from careerhub.intake.services.retention import (
    applicant_destroy,
    applications_of_trainees,
    applications_unselected_expired,
)
from careerhub.intake.services.screening import (
    TWO_PLACES,
    override_revoke,
    override_set,
    passes_minimums,
    scores_record,
    stage_delete,
    stage_save,
    total_score,
)
from careerhub.intake.services.selection import (
    SelectionInputs,
    selection_inputs,
    selection_publish,
    selection_run,
)
from careerhub.intake.services.window import (
    Window,
    recruitment_close,
    recruitment_open,
    window_for,
)

__all__ = [
    "APPLICANT_FIELDS",
    "REFILL_DAYS_AFTER_START",
    "TWO_PLACES",
    "DuplicateApplication",
    "SelectionInputs",
    "Window",
    "applicant_destroy",
    "application_confirm_email",
    "application_confirmation_resend",
    "application_link_resend",
    "application_submit",
    "application_update",
    "application_withdraw",
    "applications_of_trainees",
    "applications_unselected_expired",
    "duplicate_of",
    "free_places",
    "offer_accept",
    "offer_decline",
    "override_revoke",
    "override_set",
    "passes_minimums",
    "places_refill",
    "recruitment_close",
    "recruitment_open",
    "refill_open",
    "scores_record",
    "selection_inputs",
    "selection_publish",
    "selection_run",
    "stage_delete",
    "stage_save",
    "total_score",
    "trainee_dropped_receive",
    "window_for",
]
