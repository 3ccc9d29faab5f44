"""The navigation: only what the current actor may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


def nav_items_for(actor, user) -> list[NavItem]:
    if actor is None or not actor.is_authenticated:
        return []
    items = [NavItem(_("Home"), reverse("accounts:home"), "home")]
    if actor.program_staff or actor.staff_operator_ids or actor.consultant_operator_ids:
        items.append(NavItem(_("Trainees"), reverse("academy:trainee_list"), "trainees"))
    elif actor.recruiter_company_ids:
        items.append(NavItem(_("Talent pool"), reverse("academy:trainee_list"), "trainees"))
    if actor.program_staff or actor.committee or actor.operator_ids or actor.trainee_ids:
        items.append(NavItem(_("Courses"), reverse("academy:course_list"), "courses"))
    if actor.program_staff or actor.staff_operator_ids:
        items.append(NavItem(_("Recruitment"), reverse("intake:index"), "intake"))
    if actor.program_staff or actor.committee or actor.operator_ids:
        items.append(NavItem(_("Companies"), reverse("companies:company_list"), "companies"))
    elif actor.recruiter_company_ids:
        items.append(NavItem(_("Our company"), reverse("companies:company_list"), "companies"))
    if actor.program_staff or actor.committee:
        items.append(NavItem(_("Attraction"), reverse("companies:attraction"), "attraction"))
    if actor.program_staff or actor.committee or actor.staff_operator_ids:
        items.append(NavItem(_("Hiring demand"), reverse("hiring:round_list"), "demand"))
    elif actor.recruiter_company_ids:
        items.append(NavItem(_("Our hiring demand"), reverse("hiring:round_list"), "demand"))
    if actor.roles:
        items.append(NavItem(_("Job postings"), reverse("hiring:posting_list"), "postings"))
    if actor.program_staff or actor.committee or _has_committee_seat(user):
        items.append(NavItem(_("Committees"), reverse("committees:committee_list"), "committees"))
    if actor.roles and not (actor.committee and len(actor.roles) == 1):
        items.append(NavItem(_("Applications"), reverse("applications:list"), "applications"))
    if actor.trainee_ids or actor.operator_ids:
        items.append(NavItem(_("Consulting"), reverse("consulting:home"), "consulting"))
    if actor.program_staff or actor.committee or actor.operator_ids:
        items.append(NavItem(_("Employment rates"), reverse("outcomes:rates"), "outcomes"))
    elif actor.trainee_ids:
        items.append(NavItem(_("My outcome"), reverse("outcomes:my_outcomes"), "outcomes"))
    if actor.program_staff or actor.staff_operator_ids:
        items.append(NavItem(_("Deadline cockpit"), reverse("outcomes:cockpit"), "cockpit"))
    if actor.program_staff or actor.staff_operator_ids or actor.trainee_ids:
        items.append(NavItem(_("Start-ups"), reverse("outcomes:startup_list"), "startups"))
    if actor.trainee_ids:
        items.append(NavItem(_("My recommendations"), reverse("matching:mine"), "recommendations"))
    elif actor.program_staff or actor.operator_ids:
        items.append(
            NavItem(_("Trainees' recommendations"), reverse("matching:caseload"), "recommendations")
        )
    if actor.program_staff or actor.staff_operator_ids or actor.recruiter_company_ids:
        items.append(
            NavItem(
                _("Recommended candidates"), reverse("matching:candidate_postings"), "candidates"
            )
        )
    if actor.program_staff or actor.staff_operator_ids:
        items.append(NavItem(_("Cohort plan"), reverse("matching:plan_list"), "plans"))
    if (
        actor.program_staff
        or actor.staff_operator_ids
        or actor.trainee_ids
        or actor.recruiter_company_ids
    ):
        items.append(NavItem(_("Match days"), reverse("matching:match_day_list"), "match_days"))
    if actor.program_staff or actor.committee or actor.staff_operator_ids:
        items.append(NavItem(_("Demand–supply gaps"), reverse("matching:gaps"), "gaps"))
    if actor.program_staff or actor.staff_operator_ids:
        items.append(NavItem(_("Dashboard"), reverse("reports:index"), "dashboard"))
    if actor.program_staff or actor.committee:
        items.append(NavItem(_("Committee view"), reverse("reports:committee"), "committee_view"))
    if actor.roles:
        items.append(
            NavItem(_("Notifications"), reverse("applications:notifications"), "notifications")
        )
    if actor.trainee_ids:
        items.append(NavItem(_("My profile"), reverse("academy:my_profile"), "profile"))
    if user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin"))
    return items


# Menu sections, so a role with many pages sees them grouped rather than in one long row.
_SECTIONS = (
    ("", _("My work"), ("home", "notifications", "profile")),
    ("academy", _("Training"), ("trainees", "courses", "intake")),
    (
        "companies",
        _("Companies and hiring"),
        ("companies", "attraction", "demand", "postings", "gaps", "committees"),
    ),
    (
        "employment",
        _("Employment support"),
        (
            "applications",
            "recommendations",
            "candidates",
            "plans",
            "match_days",
            "consulting",
            "outcomes",
            "cockpit",
            "startups",
        ),
    ),
    ("reports", _("Dashboards and reports"), ("dashboard", "committee_view")),
    ("system", _("System"), ("admin",)),
)


@dataclass(frozen=True)
class NavSection:
    label: str
    items: list[NavItem]


def nav_sections(items: list[NavItem]) -> list[NavSection]:
    """Group the items by section, in a fixed order; keys no section names go under "My work"."""
    placed = {key for _code, _label, keys in _SECTIONS for key in keys}
    sections = []
    for _code, label, keys in _SECTIONS:
        members = [i for i in items if i.key in keys]
        if _code == "":
            members += [i for i in items if i.key not in placed]
        if members:
            sections.append(NavSection(str(label), members))
    return sections


def _has_committee_seat(user) -> bool:
    from careerhub.committees.models import CommitteeMember

    return CommitteeMember.objects.filter(user=user).exists()


def navigation(request):
    actor = getattr(request, "actor", None)
    items = nav_items_for(actor, request.user) if actor is not None else []
    return {"nav_items": items, "nav_sections": nav_sections(items)}
