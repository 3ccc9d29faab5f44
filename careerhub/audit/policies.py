"""Who may review the access records: the program office only (everyone else gets the 404)."""

from __future__ import annotations

from careerhub.core.actors import Actor


def can_review_access(actor: Actor) -> bool:
    return actor.program_staff
