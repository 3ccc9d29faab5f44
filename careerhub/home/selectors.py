"""What each role's home page shows: what that role can reach today, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Trainee, TrainingOperator
from careerhub.applications.selectors import active_application_count, unread_count
from careerhub.committees.selectors import home_committee_figures
from careerhub.companies.models import Company
from careerhub.companies.selectors import home_attraction_figures
from careerhub.consulting.selectors import next_booking, open_action_items
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.followup.selectors import open_follow_up_count
from careerhub.hiring.selectors import home_demand_figures, home_recruiter_figures
from careerhub.intake.selectors import funnel_for
from careerhub.matching.selectors import home_figures_for, talent_pool
from careerhub.outcomes.selectors import operator_cockpit_counts


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | str
    url: str = ""

    @property
    def is_text(self) -> bool:
        return isinstance(self.value, str)


@dataclass(frozen=True)
class HomeSection:
    title: str
    figures: list[Figure] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def home_sections_for(*, actor: Actor) -> list[HomeSection]:
    sections: list[HomeSection] = []
    if actor.program_staff:
        sections.append(_program_section(actor))
    for operator in TrainingOperator.objects.filter(pk__in=actor.staff_operator_ids):
        sections.append(_operator_section(operator))
    if actor.staff_operator_ids and not actor.program_staff:
        figures = _recruitment_figures(actor)
        if figures:
            sections.append(HomeSection(title=_("Recruitment"), figures=figures))
    if actor.consultant_operator_ids:
        sections.append(_consultant_section(actor))
    for company in Company.objects.filter(pk__in=actor.recruiter_company_ids):
        sections.append(_recruiter_section(company))
    for trainee in Trainee.objects.filter(pk__in=actor.trainee_ids).select_related("course"):
        sections.append(_trainee_section(trainee))
    if actor.committee:
        sections.append(_committee_section())
    sections += _outcomes_and_consulting_sections(actor)
    sections += _companies_and_demand_sections(actor)
    sections += _matching_sections(actor)
    return sections


def _matching_sections(actor: Actor) -> list[HomeSection]:

    rows = home_figures_for(actor=actor)
    if not rows:
        return []
    return [
        HomeSection(
            title=_("Matching"), figures=[Figure(label, value, url) for label, value, url in rows]
        )
    ]


def _status_counts(qs) -> dict[str, int]:
    return qs.aggregate(
        enrolled=Count("pk", filter=Q(status=Trainee.Status.ENROLLED)),
        completed=Count("pk", filter=Q(status=Trainee.Status.COMPLETED)),
        dropped=Count("pk", filter=Q(status=Trainee.Status.DROPPED)),
    )


def _program_section(actor: Actor) -> HomeSection:
    counts = _status_counts(Trainee.objects.all())
    companies = Company.objects.aggregate(
        total=Count("pk"), office=Count("pk", filter=Q(has_city_office=True))
    )
    trainees_url = reverse("academy:trainee_list")
    return HomeSection(
        title=_("Program office"),
        figures=[
            Figure(_("Cohorts"), Cohort.objects.count(), reverse("academy:course_list")),
            Figure(
                _("Trainees in training"), counts["enrolled"], f"{trainees_url}?status=enrolled"
            ),
            Figure(_("Completers"), counts["completed"], f"{trainees_url}?status=completed"),
            Figure(_("Companies"), companies["total"], reverse("companies:company_list")),
            Figure(
                _("Companies with an office in the city"),
                companies["office"],
                reverse("companies:company_list") + "?office=yes",
            ),
            *_recruitment_figures(actor),
        ],
        links=[(_("Administration"), reverse("admin:index"))]
        if actor.user is not None and actor.user.is_staff
        else [],
    )


def _operator_section(operator: TrainingOperator) -> HomeSection:
    counts = _status_counts(Trainee.objects.filter(course__operator=operator))
    trainees_url = reverse("academy:trainee_list")
    return HomeSection(
        title=_("%(operator)s — operator staff") % {"operator": operator},
        figures=[
            Figure(_("Courses"), operator.courses.count(), reverse("academy:course_list")),
            Figure(
                _("Trainees in training"), counts["enrolled"], f"{trainees_url}?status=enrolled"
            ),
            Figure(_("Completers"), counts["completed"], f"{trainees_url}?status=completed"),
            Figure(
                _("Partner companies"),
                operator.partnerships.count(),
                reverse("companies:company_list") + f"?partner_of={operator.pk}",
            ),
        ],
    )


def _consultant_section(actor: Actor) -> HomeSection:
    mine = Trainee.objects.filter(
        consultant_id=actor.user_id, course__operator_id__in=actor.consultant_operator_ids
    )
    counts = _status_counts(mine)
    trainees_url = reverse("academy:trainee_list")
    return HomeSection(
        title=_("Job consulting"),
        figures=[
            Figure(_("Trainees assigned to me"), mine.count(), trainees_url),
            Figure(_("In training"), counts["enrolled"], f"{trainees_url}?status=enrolled"),
            Figure(
                _("Completed, to place"), counts["completed"], f"{trainees_url}?status=completed"
            ),
            Figure(
                _("Graduates still seeking, to follow up"),
                open_follow_up_count(actor=actor),
                reverse("followup:follow_ups"),
            ),
        ],
    )


def _recruiter_section(company: Company) -> HomeSection:
    pool = talent_pool()
    return HomeSection(
        title=_("%(company)s — recruiter") % {"company": company},
        figures=[
            Figure(
                _("Trainees open to offers who share their profile with companies"),
                pool.count(),
                reverse("academy:trainee_list"),
            ),
        ],
        links=[(_("Our company record"), reverse("companies:company_detail", args=[company.pk]))],
    )


def _trainee_section(trainee: Trainee) -> HomeSection:
    course = trainee.course
    today = timezone.localdate()
    days_left = (course.end_date - today).days
    note = (
        _("%(days)d days until your course ends.") % {"days": days_left}
        if days_left >= 0 and trainee.status == Trainee.Status.ENROLLED
        else ""
    )
    return HomeSection(
        title=_("My training"),
        figures=[
            Figure(
                _("Course"), str(course.name), reverse("academy:course_detail", args=[course.pk])
            ),
            Figure(_("Status"), str(trainee.get_status_display())),
            Figure(
                _("Skills on my profile"), trainee.skills.count(), reverse("academy:my_profile")
            ),
        ],
        links=[(_("Edit my profile"), reverse("academy:trainee_edit", args=[trainee.pk]))],
        note=note,
    )


def _committee_section() -> HomeSection:
    rows = (
        Trainee.objects.values("course__cohort__number")
        .annotate(n=Count("pk"))
        .order_by("-course__cohort__number")
    )
    companies = Company.objects.aggregate(
        total=Count("pk"), office=Count("pk", filter=Q(has_city_office=True))
    )
    figures = [
        Figure(_("Cohort %(number)s trainees") % {"number": r["course__cohort__number"]}, r["n"])
        for r in rows
    ]
    figures += [
        Figure(_("Companies"), companies["total"], reverse("companies:company_list")),
        Figure(_("Companies with an office in the city"), companies["office"]),
    ]
    return HomeSection(
        title=_("Committee summary"),
        figures=figures,
        note=_("Summaries only: no personal data is shown to committee members."),
    )


def _outcomes_and_consulting_sections(actor: Actor) -> list[HomeSection]:
    """The trainee's next session and applications; staff's outcome work; consultants' week."""

    sections = []
    for trainee in Trainee.objects.filter(pk__in=actor.trainee_ids).select_related("course"):
        booking = next_booking(trainee=trainee)
        figures = [
            Figure(
                _("Next consulting session"),
                f"{korean.format_datetime(booking.slot.starts_at)} · {booking.slot.consultant.name}"
                if booking
                else _("none booked"),
                reverse("consulting:booking_detail", args=[booking.pk])
                if booking
                else reverse("consulting:home"),
            ),
            Figure(
                _("Open action items"),
                open_action_items(trainee=trainee).count(),
                reverse("consulting:home"),
            ),
            Figure(
                _("Applications in progress"),
                active_application_count(trainee=trainee),
                reverse("applications:list"),
            ),
            Figure(
                _("Unread notifications"),
                unread_count(actor=actor),
                reverse("applications:notifications"),
            ),
        ]
        sections.append(HomeSection(title=_("My job search"), figures=figures))
    if actor.staff_operator_ids:
        counts = operator_cockpit_counts(operator_ids=actor.staff_operator_ids)
        cockpit = reverse("outcomes:cockpit")
        sections.append(
            HomeSection(
                title=_("Outcomes and deadlines"),
                figures=[
                    Figure(_("Outcomes awaiting confirmation"), counts["awaiting"], cockpit),
                    Figure(_("6-month windows closing in 30 days"), counts["closing"], cockpit),
                ],
                links=[(_("Employment rates"), reverse("outcomes:rates"))],
            )
        )
    return sections


def _companies_and_demand_sections(actor: Actor) -> list[HomeSection]:
    """Attraction progress, open demand surveys, postings and committees, per role."""

    def figures(rows: list[tuple[str, int | str, str]]) -> list[Figure]:
        return [Figure(label, value, url) for label, value, url in rows]

    sections = []
    attraction = figures(home_attraction_figures(actor=actor))
    if attraction:
        sections.append(HomeSection(title=_("Company attraction"), figures=attraction))
    now = timezone.now()
    for company in Company.objects.filter(pk__in=actor.recruiter_company_ids):
        rows = home_recruiter_figures(actor=actor, company_id=company.pk, now=now)
        sections.append(
            HomeSection(
                title=_("%(company)s — hiring demand and postings") % {"company": company},
                figures=figures(rows),
                links=[(_("Write a posting"), reverse("hiring:posting_create"))],
            )
        )
    demand = figures(home_demand_figures(actor=actor) + home_committee_figures(actor=actor))
    if demand and (actor.committee or actor.program_staff):
        sections.append(
            HomeSection(
                title=_("Hiring demand and committees"),
                figures=demand,
                note=_("Demand is shown as totals by role and month; no company is named.")
                if not actor.program_staff
                else "",
            )
        )
    return sections


def _recruitment_figures(actor: Actor) -> list[Figure]:
    """The latest cohort's recruitment funnel, over the courses the actor screens."""

    cohort = Cohort.objects.filter(application_closes_at__isnull=False).order_by("-number").first()
    if cohort is None:
        return []
    totals, _rows = funnel_for(actor=actor, cohort=cohort)
    url = reverse("intake:cohort", args=[cohort.pk])
    labels = {
        "applications": _("%(cohort)s applications"),
        "screened": _("%(cohort)s screened"),
        "selected": _("%(cohort)s selected"),
        "enrolled": _("%(cohort)s enrolled"),
        "dropped": _("%(cohort)s dropped out"),
        "completed": _("%(cohort)s completed"),
    }
    return [Figure(labels[key] % {"cohort": cohort}, value, url) for key, value in totals.stages]
