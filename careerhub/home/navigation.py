"""The navigation: only what the current actor may open, as each app's policies decide."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from careerhub.academy import policies as academy
from careerhub.api import policies as api
from careerhub.applications import policies as applications
from careerhub.audit import policies as audit
from careerhub.committees import policies as committees
from careerhub.companies import policies as companies
from careerhub.consulting import policies as consulting
from careerhub.core.actors import Actor
from careerhub.core.paths import fixed_path
from careerhub.employer_feedback import policies as employer_feedback
from careerhub.followup import policies as followup
from careerhub.hiring import policies as hiring
from careerhub.intake import policies as intake
from careerhub.matching import outreach
from careerhub.matching import policies as matching
from careerhub.messaging import policies as messaging
from careerhub.outcomes import policies as outcomes
from careerhub.reports import policies as reports
from careerhub.webhooks import policies as webhooks


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


def nav_items_for(actor: Actor | None, user) -> list[NavItem]:
    """The menu: one entry per page the actor may open, each decided by its app's policy."""
    if actor is None or not actor.is_authenticated:
        return []
    items = [NavItem(_("Home"), fixed_path("home:index"), "home")]

    def add(allowed: bool, label, url_name: str, key: str) -> None:
        if allowed:
            items.append(NavItem(label, fixed_path(url_name), key))

    talent_pool = academy.is_talent_pool_only(actor)
    add(
        academy.can_view_trainee_list(actor),
        _("Talent pool") if talent_pool else _("Trainees"),
        "academy:trainee_list",
        "trainees",
    )
    add(academy.can_view_cohort_list(actor), _("Cohorts"), "academy:cohort_list", "cohorts")
    add(academy.can_view_course_list(actor), _("Courses"), "academy:course_list", "courses")
    add(
        academy.can_view_data_request_queue(actor),
        _("Personal data requests"),
        "academy:data_request_queue",
        "data_requests",
    )
    add(intake.can_view_intake(actor), _("Recruitment"), "intake:index", "intake")
    add(
        companies.can_view_company_list(actor),
        _("Our company") if companies.is_own_company_only(actor) else _("Companies"),
        "companies:company_list",
        "companies",
    )
    add(
        companies.can_view_attraction_progress(actor),
        _("Attraction"),
        "companies:attraction",
        "attraction",
    )
    add(
        hiring.can_view_demand_rounds(actor),
        _("Hiring demand") if hiring.can_view_demand_summary(actor) else _("Our hiring demand"),
        "hiring:round_list",
        "demand",
    )
    add(hiring.can_view_posting_list(actor), _("Job postings"), "hiring:posting_list", "postings")
    add(
        committees.has_committee_work(actor),
        _("Committees"),
        "committees:committee_list",
        "committees",
    )
    add(
        applications.can_view_application_list(actor),
        _("Applications"),
        "applications:list",
        "applications",
    )
    add(
        employer_feedback.can_view_feedback_list(actor),
        _("Feedback on our hires"),
        "employer_feedback:list",
        "hire_feedback",
    )
    add(consulting.can_view_consulting(actor), _("Consulting"), "consulting:home", "consulting")
    if outcomes.can_view_rates(actor):
        add(True, _("Employment rates"), "outcomes:rates", "outcomes")
    else:
        add(
            outcomes.can_view_own_outcomes(actor),
            _("My outcome"),
            "outcomes:my_outcomes",
            "outcomes",
        )
    add(outcomes.can_view_cockpit(actor), _("Deadline cockpit"), "outcomes:cockpit", "cockpit")
    add(followup.can_view_rounds(actor), _("Graduate check-ins"), "followup:rounds", "checkins")
    add(
        followup.can_view_follow_ups(actor),
        _("Graduates still seeking"),
        "followup:follow_ups",
        "follow_ups",
    )
    add(
        bool(actor.recruiter_company_ids),
        _("Questions about our hires"),
        "followup:employer",
        "hire_questions",
    )
    add(outcomes.can_view_startup_list(actor), _("Start-ups"), "outcomes:startup_list", "startups")
    if actor.trainee_ids:
        add(True, _("My recommendations"), "matching:mine", "recommendations")
    else:
        add(
            matching.can_view_caseload(actor),
            _("Trainees' recommendations"),
            "matching:caseload",
            "recommendations",
        )
    add(
        matching.can_view_candidate_postings(actor),
        _("Recommended candidates"),
        "matching:candidate_postings",
        "candidates",
    )
    add(matching.can_plan(actor), _("Cohort plan"), "matching:plan_list", "plans")
    add(
        matching.can_view_match_days(actor),
        _("Match days"),
        "matching:match_day_list",
        "match_days",
    )
    add(matching.can_view_gaps(actor), _("Demand–supply gaps"), "matching:gaps", "gaps")
    add(
        outreach.can_send_announcements(actor),
        _("Message to a group"),
        "matching:announce",
        "announce",
    )
    add(
        reports.can_view_office_dashboard(actor) or reports.dashboard_operators_for(actor).exists(),
        _("Dashboard"),
        "reports:index",
        "dashboard",
    )
    add(
        reports.can_view_committee_view(actor),
        _("Committee view"),
        "reports:committee",
        "committee_view",
    )
    add(
        employer_feedback.can_view_summary(actor),
        _("Employer feedback"),
        "employer_feedback:summary",
        "hire_feedback_summary",
    )
    add(
        applications.can_view_notifications(actor),
        _("Notifications"),
        "applications:notifications",
        "notifications",
    )
    add(True, _("Notification settings"), "messaging:settings", "message_settings")
    add(academy.can_view_own_profile(actor), _("My profile"), "academy:my_profile", "profile")
    add(messaging.can_view_outbox(actor), _("Sent messages"), "messaging:outbox", "messages")
    add(webhooks.can_manage_webhooks(actor), _("Webhooks"), "webhooks:list", "webhooks")
    add(api.can_manage_keys(actor), _("API keys"), "apikeys:list", "api_keys")
    add(bool(user.is_staff), _("Administration"), "admin:index", "admin")
    add(audit.can_review_access(actor), _("Access review"), "audit:review", "access_review")
    return items


# Menu sections, so a role with many pages sees them grouped rather than in one long row.
_SECTIONS = (
    ("", _("My work"), ("home", "notifications", "message_settings", "profile")),
    ("academy", _("Training"), ("trainees", "cohorts", "courses", "intake")),
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
            "hire_feedback",
            "recommendations",
            "candidates",
            "plans",
            "match_days",
            "announce",
            "consulting",
            "outcomes",
            "cockpit",
            "checkins",
            "follow_ups",
            "hire_questions",
            "startups",
        ),
    ),
    (
        "reports",
        _("Dashboards and reports"),
        ("dashboard", "committee_view", "hire_feedback_summary"),
    ),
    ("system", _("System"), ("messages", "webhooks", "api_keys", "admin", "access_review")),
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


def navigation(request):
    actor = getattr(request, "actor", None)
    items = nav_items_for(actor, request.user) if actor is not None else []
    return {"nav_items": items, "nav_sections": nav_sections(items)}
