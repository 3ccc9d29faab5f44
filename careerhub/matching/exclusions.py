"""What a trainee's dismissals leave out of their recommendations (reads): the rule every run
applies, the scopes a dismissal may take with what each would cost, and the list of
exclusions the trainee sees and can undo (issue 14 item 7).

A dismissal's reason only suggests a scope ("not a region I can work in" suggests every
opening in that region); the trainee confirms it, and each exclusion stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.matching import adapter
from careerhub.matching.models import Feedback

Scope = Feedback.Scope

SUGGESTED_SCOPE: dict[str, str] = {
    Feedback.Reason.ROLE: Scope.ROLE,
    Feedback.Reason.REGION: Scope.REGION,
    Feedback.Reason.COMPANY: Scope.COMPANY,
}
"""The wider exclusion a reason suggests (the trainee confirms it); the other reasons leave
out the one opening."""


def suggested_scope(reason: str) -> str:
    return SUGGESTED_SCOPE.get(reason, Scope.OPENING)


def scopes_for(opening: adapter.OpeningInfo | Feedback) -> list[str]:
    """The scopes an opening allows: a wider one only where the opening has that attribute."""
    scopes: list[str] = [Scope.OPENING, Scope.COMPANY]
    if opening.region:
        scopes.append(Scope.REGION)
    if opening.role_code:
        scopes.append(Scope.ROLE)
    return scopes


def leaves_out(info: adapter.OpeningInfo, *, feedback: Feedback) -> bool:
    """Whether the dismissal ``feedback`` leaves the opening ``info`` out (by its scope)."""
    scope = feedback.scope
    if info.key == feedback.opening_key:
        return True
    if scope == Scope.COMPANY:
        company = feedback.company_id_value
        return company is not None and info.company_id == company
    if scope == Scope.REGION:
        return bool(feedback.region) and info.region == feedback.region
    if scope == Scope.ROLE:
        return bool(feedback.role_code) and info.role_code == feedback.role_code
    return False


def exclusion_rules(trainee_ids: Sequence[int]) -> dict[int, dict[str, list]]:
    """What each trainee's dismissals rule out of their next run, in one query: the dismissed
    openings, and the companies, regions and roles of dismissals whose scope is that wide."""
    found: dict[int, tuple[set, set, set, set]] = {
        pk: (set(), set(), set(), set()) for pk in trainee_ids
    }
    dismissed = Feedback.objects.filter(
        trainee_id__in=list(found), kind=Feedback.Kind.DISMISSED
    ).only("trainee_id", "opening_key", "scope", "role_code", "region", "company_id_value")
    for fb in dismissed:
        keys, roles, regions, companies = found[fb.trainee_id]
        keys.add(fb.opening_key)
        if fb.scope == Scope.ROLE and fb.role_code:
            roles.add(fb.role_code)
        elif fb.scope == Scope.REGION and fb.region:
            regions.add(fb.region)
        elif fb.scope == Scope.COMPANY and fb.company_id_value:
            companies.add(fb.company_id_value)
    return {
        pk: {
            "openings": sorted(keys),
            "roles": sorted(roles),
            "regions": sorted(regions),
            "companies": sorted(companies),
        }
        for pk, (keys, roles, regions, companies) in found.items()
    }


def _scope_labels(opening: adapter.OpeningInfo | Feedback, label: str) -> dict[str, str]:
    company = (
        opening.company_name
        if isinstance(opening, adapter.OpeningInfo)
        else (opening.company_name or label)
    )
    roles = adapter.engine_taxonomy().names.roles
    return {
        Scope.OPENING: _("Only this opening: %(label)s") % {"label": label},
        Scope.COMPANY: _("Every opening of %(company)s") % {"company": company},
        Scope.REGION: _("Every opening in %(region)s")
        % {"region": adapter._region_label(opening.region)},
        Scope.ROLE: _("Every opening for %(role)s")
        % {"role": roles.get(opening.role_code, opening.role_code)},
    }


@dataclass(frozen=True)
class ScopeChoice:
    """One way to confirm a dismissal: what it leaves out and how many open openings now."""

    scope: str
    label: str
    count: int
    suggested: bool  # the reason's suggestion
    preferred: bool  # the trainee named this region or role among those they want


def dismissal_preview(
    *, trainee: Trainee, opening_key: str, reason: str, today: dt.date
) -> tuple[adapter.OpeningInfo, list[ScopeChoice]]:
    """The opening to dismiss and the scopes to offer for ``reason``, each with the number of
    currently open openings it would leave out (the trainee decides knowing the cost).
    Raises ``ValidationError`` (``UNKNOWN_OPENING``) for an opening that does not exist."""
    from careerhub.matching.services.shared import _opening_info  # services import this module

    info = _opening_info(opening_key, today=today)
    return info, scope_choices(trainee=trainee, info=info, reason=reason, today=today)


def scope_choices(
    *, trainee: Trainee, info: adapter.OpeningInfo, reason: str, today: dt.date
) -> list[ScopeChoice]:
    """The scopes to offer for dismissing ``info`` with ``reason``, each with the number of
    currently open openings it would leave out."""
    openings = adapter.load_openings_current(today=today)
    labels = _scope_labels(info, info.label)
    desired_roles = set(trainee.desired_roles.values_list("code", flat=True))
    preferred = {
        Scope.REGION: info.region in (trainee.desired_regions or []),
        Scope.ROLE: info.role_code in desired_roles,
    }
    suggested = suggested_scope(reason)
    choices = []
    for scope in scopes_for(info):
        probe = Feedback(
            opening_key=info.key,
            scope=scope,
            role_code=info.role_code,
            region=info.region,
            company_id_value=info.company_id,
        )
        count = sum(1 for o in openings if leaves_out(o, feedback=probe))
        choices.append(
            ScopeChoice(
                scope=scope,
                label=labels[scope],
                count=max(count, 1),
                suggested=scope == suggested,
                preferred=preferred.get(scope, False),
            )
        )
    return choices


@dataclass(frozen=True)
class Exclusion:
    """One dismissal as the trainee's list of exclusions shows it."""

    feedback: Feedback
    what: str  # what it leaves out, in words
    count: int  # open openings it leaves out now
    narrower: bool  # it leaves out more than its own opening (so it can be narrowed)


def exclusions_for(*, trainee: Trainee, today: dt.date) -> list[Exclusion]:
    """Every dismissal of ``trainee`` with what it leaves out now, newest first."""
    dismissed = list(
        Feedback.objects.filter(trainee=trainee, kind=Feedback.Kind.DISMISSED).order_by(
            "-created_at", "-pk"
        )
    )
    if not dismissed:
        return []
    openings = adapter.load_openings_current(today=today)
    rows = []
    for fb in dismissed:
        rows.append(
            Exclusion(
                feedback=fb,
                what=_scope_labels(fb, fb.opening_label)[fb.scope],
                count=sum(1 for o in openings if leaves_out(o, feedback=fb)),
                narrower=fb.scope != Scope.OPENING,
            )
        )
    return rows
