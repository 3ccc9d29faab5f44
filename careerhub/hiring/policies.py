"""Who may see and change hiring demand and postings.

- Demand (a company's answer to a survey) is the company's own business: its recruiters and
  the program office see and edit it; nobody else sees one company's answer. Committee
  members and operator staff see only the aggregated summary (role × month × headcount) of
  submitted answers, which names no company and no person.
- Rounds are opened and changed by the program office.
- Open, closed and filled postings are public to every signed-in role. Drafts (and imported
  postings awaiting review) are seen and edited by the company's recruiters, the program
  office, and operator staff who share postings for the company: operators it partners
  with, and the operator whose import created the posting.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.companies.models import Company
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    JobPosting,
    PostingImport,
    PostingStatus,
    SurveyRound,
)

# --- survey rounds ----------------------------------------------------------------------------


def can_manage_rounds(actor: Actor) -> bool:
    return actor.program_staff


def can_view_demand_summary(actor: Actor) -> bool:
    return actor.program_staff or actor.committee or bool(actor.staff_operator_ids)


def rounds_visible_to(actor: Actor) -> QuerySet[SurveyRound]:
    qs = SurveyRound.objects.all()
    if actor.program_staff or actor.recruiter_company_ids or can_view_demand_summary(actor):
        return qs
    return qs.none()


def round_get_for(actor: Actor, round_id: object) -> SurveyRound:
    return get_visible_or_404(rounds_visible_to(actor), round_id)


# --- demand (one company's answer) ------------------------------------------------------------


def can_answer_for_company(actor: Actor, company: Company) -> bool:
    return actor.program_staff or company.pk in actor.recruiter_company_ids


def can_view_response(actor: Actor, response: DemandResponse) -> bool:
    return actor.program_staff or response.company_id in actor.recruiter_company_ids


def responses_visible_to(actor: Actor) -> QuerySet[DemandResponse]:
    qs = DemandResponse.objects.select_related("round", "company")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    return qs.filter(company_id__in=actor.recruiter_company_ids)


def response_get_for(actor: Actor, response_id: object) -> DemandResponse:
    return get_visible_or_404(responses_visible_to(actor), response_id)


def demand_lines_visible_to(actor: Actor) -> QuerySet[DemandLine]:
    return DemandLine.objects.filter(response__in=responses_visible_to(actor)).select_related(
        "response__round", "response__company", "role"
    )


def demand_line_get_for(actor: Actor, line_id: object) -> DemandLine:
    return get_visible_or_404(demand_lines_visible_to(actor), line_id)


# --- postings ---------------------------------------------------------------------------------

PUBLIC_STATUSES = (PostingStatus.OPEN, PostingStatus.CLOSED, PostingStatus.FILLED)


def _operator_company_ids(actor: Actor) -> Q:
    """Postings of companies the actor's operators partner with, or that they imported."""
    return Q(company__partnerships__operator_id__in=actor.staff_operator_ids) | Q(
        import_batch__operator_id__in=actor.staff_operator_ids
    )


def can_post_for_company(actor: Actor, company: Company) -> bool:
    if actor.program_staff or company.pk in actor.recruiter_company_ids:
        return True
    return (
        bool(actor.staff_operator_ids)
        and company.partnerships.filter(operator_id__in=actor.staff_operator_ids).exists()
    )


def can_edit_posting(actor: Actor, posting: JobPosting) -> bool:
    if actor.program_staff or posting.company_id in actor.recruiter_company_ids:
        return True
    if not actor.staff_operator_ids:
        return False
    if posting.import_batch_id and posting.import_batch.operator_id in actor.staff_operator_ids:
        return True
    return posting.company.partnerships.filter(operator_id__in=actor.staff_operator_ids).exists()


def can_view_posting(actor: Actor, posting: JobPosting) -> bool:
    if not actor.is_authenticated:
        return False
    return posting.status in PUBLIC_STATUSES or can_edit_posting(actor, posting)


def postings_visible_to(actor: Actor) -> QuerySet[JobPosting]:
    qs = JobPosting.objects.select_related("company", "role")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    rule = Q(status__in=PUBLIC_STATUSES) | Q(company_id__in=actor.recruiter_company_ids)
    if actor.staff_operator_ids:
        rule |= _operator_company_ids(actor)
    ids = JobPosting.objects.filter(rule).values("pk")
    return qs.filter(pk__in=ids)


def postings_editable_by(actor: Actor) -> QuerySet[JobPosting]:
    qs = JobPosting.objects.select_related("company", "role")
    if actor.program_staff:
        return qs
    rule = Q(company_id__in=actor.recruiter_company_ids)
    if actor.staff_operator_ids:
        rule |= _operator_company_ids(actor)
    return qs.filter(pk__in=JobPosting.objects.filter(rule).values("pk"))


def posting_get_for(actor: Actor, posting_id: object) -> JobPosting:
    return get_visible_or_404(postings_visible_to(actor), posting_id)


def posting_get_editable_for(actor: Actor, posting_id: object) -> JobPosting:
    return get_visible_or_404(postings_editable_by(actor), posting_id)


def companies_postable_by(actor: Actor) -> QuerySet[Company]:
    qs = Company.objects.all()
    if actor.program_staff:
        return qs
    rule = Q(pk__in=actor.recruiter_company_ids)
    if actor.staff_operator_ids:
        rule |= Q(partnerships__operator_id__in=actor.staff_operator_ids)
    return qs.filter(pk__in=Company.objects.filter(rule).values("pk")).order_by("name")


# --- imports ----------------------------------------------------------------------------------


def can_import_postings(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def imports_visible_to(actor: Actor) -> QuerySet[PostingImport]:
    qs = PostingImport.objects.select_related("operator", "uploaded_by")
    if actor.program_staff:
        return qs
    return qs.filter(operator_id__in=actor.staff_operator_ids)


def import_get_for(actor: Actor, import_id: object) -> PostingImport:
    return get_visible_or_404(imports_visible_to(actor), import_id)


def review_queue_for(actor: Actor) -> QuerySet[JobPosting]:
    """Imported postings awaiting a staff member's review (office: all; operator: theirs)."""
    qs = JobPosting.objects.filter(needs_review=True).select_related(
        "company", "role", "import_batch"
    )
    if actor.program_staff:
        return qs
    return qs.filter(import_batch__operator_id__in=actor.staff_operator_ids)


def review_posting_get_for(actor: Actor, posting_id: object) -> JobPosting:
    return get_visible_or_404(review_queue_for(actor), posting_id)


# --- pages ---------------------------------------------------------------------------------


def can_view_demand_rounds(actor: Actor) -> bool:
    """Survey rounds: the summary for staff and committees, their own answers for recruiters."""
    return can_view_demand_summary(actor) or bool(actor.recruiter_company_ids)


def can_view_posting_list(actor: Actor) -> bool:
    return bool(actor.roles)
