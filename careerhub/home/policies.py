"""Who may open the pages of the home app that are not another app's."""

from __future__ import annotations

from careerhub.core.actors import Actor


def can_download_own_calendar(actor: Actor) -> bool:
    """People who have events of their own: trainees (interviews, consulting sessions),
    consultants (their sessions) and recruiters (their company's interviews). Staff and
    committee members attend none of them, so there is no calendar of theirs to download."""
    return actor.is_authenticated and bool(
        actor.trainee_ids or actor.consultant_operator_ids or actor.recruiter_company_ids
    )
