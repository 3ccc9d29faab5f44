"""The role × URL matrix, generated from the URL resolver (issue 12, "Tests that must exist").

``test_every_url_pattern_has_a_row`` walks ``get_resolver()`` and fails for any pattern that
has no row in ``MATRIX`` (and is not one of the few ``SKIPPED`` patterns, each with its
reason): a new page cannot ship without saying who may open it.

Each row says how to build the pattern's URL for each owner's object (the ``a`` side:
operator A, company X, trainee A1, applicant 1, committee 1; the ``b`` side: operator B,
company Y, trainee B1, applicant 2, committee 2; see ``matrix_world``) and which roles may
open it. ``test_role_url_matrix`` then signs in as each role of ``ROLES`` and requests every
row (GET, or an empty POST for POST-only views), each request in a savepoint rolled back
afterwards so no request changes what the next one sees, and reports every failure at once:

- a role the row allows gets 200 or 302 (a 302 never to the login page), or 400 for an
  empty POST the view let in but could not use;
- any other signed-in role gets 404 — for another operator's, company's, trainee's or
  applicant's object exactly as for a missing one;
- an anonymous visitor is sent to the login page (public pages: 200, a forged link 404);
- nothing ever answers 500.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import signing
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careerhub.api.tests import matrix as api_keys
from careerhub.conftest import ANONYMOUS_KEY, ROLE_KEYS, SIGNED_IN
from careerhub.home.tests import matrix_world
from careerhub.intake import tokens
from careerhub.webhooks.tests import matrix as wh

# --- how to read the table -------------------------------------------------------------------


def R(names: str) -> frozenset[str]:
    """Role keys from a space-separated string (``"*"``: every signed-in role)."""
    if names == "*":
        return frozenset(SIGNED_IN)
    keys = frozenset(names.split())
    unknown = keys - set(ROLE_KEYS)
    assert not unknown, f"unknown role keys: {sorted(unknown)}"
    return keys


NOBODY = frozenset()
EVERYONE = frozenset(ROLE_KEYS)  # public pages: the anonymous visitor too
WITH_ROLE = R("*") - {"nobody"}

Kwargs = Callable[[matrix_world.MatrixWorld], dict]


@dataclass(frozen=True)
class Variant:
    label: str
    kwargs: Kwargs
    allowed: frozenset[str]
    refused: tuple[int, ...] = (404,)  # what a signed-in (or public page's) refusal answers


@dataclass(frozen=True)
class Row:
    name: str
    variants: tuple[Variant, ...]
    method: str = "GET"
    public: bool = False  # an anonymous visitor is not sent to the login page
    query: str = ""  # a page that needs one to mean anything (e.g. ``?bucket=enrolled``)
    data: Callable[[matrix_world.MatrixWorld], dict] | None = None  # POST: empty unless a
    # view refuses an empty body before it asks who you are (then the smallest real body)


def page(
    name: str,
    allowed: frozenset[str],
    *,
    method: str = "GET",
    public: bool = False,
    query: str = "",
) -> Row:
    """A pattern without ids."""
    return Row(name, (Variant("page", lambda m: {}, allowed),), method, public, query)


def sides(
    name: str,
    kwargs: Callable[[matrix_world.Side], dict],
    *,
    a: frozenset[str],
    b: frozenset[str],
    method: str = "GET",
    data: Callable[[matrix_world.MatrixWorld], dict] | None = None,
) -> Row:
    """A pattern taking one owner's object: the ``a`` side's and the ``b`` side's."""
    return Row(
        name,
        (
            Variant(
                "A side (operator A, company X, trainee A1, applicant 1)",
                lambda m: kwargs(m.a),
                a,
            ),
            Variant(
                "B side (operator B, company Y, trainee B1, applicant 2)",
                lambda m: kwargs(m.b),
                b,
            ),
        ),
        method,
        data=data,
    )


def one(name: str, kwargs: Kwargs, allowed: frozenset[str], *, method: str = "GET") -> Row:
    """A pattern taking an object nobody of ``ROLES`` owns more than another (a cohort)."""
    return Row(name, (Variant("shared object", kwargs, allowed),), method)


def committees(name: str, kwargs: Callable[[dict], dict], *, c1, c2, method="GET") -> Row:
    return Row(
        name,
        (
            Variant(
                "committee 1 (the committee user sits on it)", lambda m: kwargs(m.committee_1), c1
            ),
            Variant(
                "committee 2 (nobody of ROLES sits on it)", lambda m: kwargs(m.committee_2), c2
            ),
        ),
        method,
    )


# --- forged applicant links ----------------------------------------------------------------


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


FORGED_ACCESS: tuple[tuple[str, Kwargs], ...] = (
    ("random token", lambda m: {"token": secrets.token_urlsafe(32)}),
    ("tampered signature", lambda m: {"token": _tampered(m.a.token)}),
    ("another application's link, version since bumped", lambda m: {"token": m.b.stale_token}),
    (
        "another application's id with a version never issued",
        lambda m: {
            "token": signing.dumps(
                {"a": m.b.applicant.pk, "v": m.b.applicant.access_version + 1},
                salt=tokens.ACCESS_SALT,
            )
        },
    ),
    ("an email-confirmation link used as an access link", lambda m: {"token": m.a.confirm_token}),
    ("applicant 1's genuine link, sent 400 days ago", lambda m: {"token": m.a.old_token}),
)
FORGED_CONFIRM: tuple[tuple[str, Kwargs], ...] = (
    ("random token", lambda m: {"token": secrets.token_urlsafe(32)}),
    ("tampered signature", lambda m: {"token": _tampered(m.a.confirm_token)}),
    ("an access link used as a confirmation link", lambda m: {"token": m.a.token}),
)
# A forged link answers 404, or the "link expired" page (410) — never the application.
FORGED_STATUSES = (404, 410)


def token_row(name: str, *, method: str = "GET") -> Row:
    """An applicant's signed-link page: the link is the key (anyone holding applicant 1's
    or 2's link reaches that application, signed in or not); a forged one reaches nothing."""
    return Row(
        name,
        (
            Variant("applicant 1's link", lambda m: {"token": m.a.token}, EVERYONE),
            Variant("applicant 2's link", lambda m: {"token": m.b.token}, EVERYONE),
            *(
                Variant(f"forged: {label}", kw, NOBODY, FORGED_STATUSES)
                for label, kw in FORGED_ACCESS
            ),
        ),
        method,
        public=True,
    )


def _stop_code(m: matrix_world.MatrixWorld) -> str:
    from careerhub.messaging.models import ContactPreference

    pref, _created = ContactPreference.objects.get_or_create(user=m.users["trainee_a1"])
    return pref.stop_code


# --- the matrix --------------------------------------------------------------------------------

OFFICE = R("office")
OPERATOR_STAFF = R("office staff_a staff_b")
A_STAFF, B_STAFF = R("office staff_a"), R("office staff_b")
TRAINEES = R("trainee_a1 trainee_b1")
RECRUITERS = R("recruiter_x recruiter_y")
X_COMPANY, Y_COMPANY = R("office recruiter_x"), R("office recruiter_y")
X_POSTING, Y_POSTING = R("office recruiter_x staff_a"), R("office recruiter_y staff_b")

MATRIX: tuple[Row, ...] = (
    page("home:index", R("*")),
    # each person's own calendar file: only people with interviews or sessions of their own
    page("home:calendar", R("consultant_a recruiter_x recruiter_y") | TRAINEES),
    # accounts: the sign-in pages are public
    page("accounts:login", EVERYONE, public=True),
    page("accounts:logout", EVERYONE, method="POST", public=True),
    page("accounts:password_reset", EVERYONE, public=True),
    page("accounts:password_reset_done", EVERYONE, public=True),
    page("accounts:password_reset_complete", EVERYONE, public=True),
    Row(
        "accounts:password_reset_confirm",
        (Variant("forged link", lambda m: {"uidb64": "MQ", "token": "abc-123"}, EVERYONE),),
        public=True,
    ),
    # academy
    page("academy:trainee_list", R("office staff_a staff_b consultant_a") | RECRUITERS),
    page("academy:my_profile", TRAINEES),
    # data-subject rights: the trainee's own data, the staff's queue of requests
    page("academy:my_data", TRAINEES),
    Row(
        "academy:my_data_download",
        (
            Variant("JSON", lambda m: {"fmt": "json"}, TRAINEES),
            Variant("Excel", lambda m: {"fmt": "xlsx"}, TRAINEES),
            Variant("an unknown format", lambda m: {"fmt": "exe"}, NOBODY),
        ),
    ),
    page("academy:data_request_queue", OPERATOR_STAFF),
    sides(  # a correction: the office and the trainee's operator (not the trainee: a queue)
        "academy:data_request_detail",
        lambda s: {"request_id": s.data_request.pk},
        a=A_STAFF,
        b=B_STAFF,
    ),
    sides(  # erasure is the controller's decision: the office only
        "academy:data_request_detail",
        lambda s: {"request_id": s.erasure_request.pk},
        a=OFFICE,
        b=OFFICE,
    ),
    sides(
        "academy:trainee_detail",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("office staff_a consultant_a trainee_a1"),  # A1 does not consent to companies
        b=R("office staff_b trainee_b1") | RECRUITERS,  # B1 does: the talent pool
    ),
    sides(
        "academy:trainee_edit",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("office staff_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    sides(
        "academy:trainee_status",
        lambda s: {"trainee_id": s.trainee.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "academy:trainee_consent",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("trainee_a1"),
        b=R("trainee_b1"),
        method="POST",
    ),
    # Courses: staff, committee members and trainees; recruiters and users without a role
    # have no course menu and get the same 404.
    page(
        "academy:course_list",
        R("office committee staff_a staff_b consultant_a trainee_a1 trainee_b1"),
    ),
    sides(
        "academy:course_detail",
        lambda s: {"course_id": s.course.pk},
        a=R("office committee staff_a consultant_a trainee_a1"),
        b=R("office committee staff_b trainee_b1"),
    ),
    # Cohorts: the office starts and changes them; operator staff read their cohorts.
    page("academy:cohort_list", OPERATOR_STAFF),
    page("academy:cohort_create", OFFICE),
    one("academy:cohort_detail", lambda m: {"cohort_id": m.cohort.pk}, OPERATOR_STAFF),
    one("academy:cohort_edit", lambda m: {"cohort_id": m.cohort.pk}, OFFICE),
    one("academy:cohort_course_create", lambda m: {"cohort_id": m.cohort.pk}, OFFICE),
    sides(
        "academy:cohort_course_edit",
        lambda s: {"cohort_id": s.course.cohort_id, "course_id": s.course.pk},
        a=OFFICE,
        b=OFFICE,
    ),
    sides("academy:project_create", lambda s: {"course_id": s.course.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "academy:project_detail",
        lambda s: {"project_id": s.project.pk},
        a=R("office staff_a consultant_a recruiter_x trainee_a1"),
        # B1 consents to provision to companies: whoever may read B1's profile, which lists
        # the project, may open it (issue 14 item 4), company X's recruiter too
        b=R("office staff_b recruiter_x recruiter_y trainee_b1"),
    ),
    sides("academy:assessment_create", lambda s: {"course_id": s.course.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "academy:assessment_detail",
        lambda s: {"assessment_id": s.assessment.pk},
        a=A_STAFF,
        b=B_STAFF,
    ),
    # applications
    page("applications:list", R("office staff_a staff_b consultant_a") | RECRUITERS | TRAINEES),
    sides(
        "applications:apply",
        lambda s: {"posting_id": s.posting.pk},
        a=TRAINEES,  # open postings are open to every trainee
        b=TRAINEES,
        method="POST",
    ),
    page("applications:apply_on_behalf", OPERATOR_STAFF),
    sides(
        "applications:detail",
        lambda s: {"application_id": s.application.pk},
        a=R("office staff_a consultant_a recruiter_x trainee_a1"),
        b=R("office staff_b recruiter_y trainee_b1"),
    ),
    sides(
        "applications:move",
        lambda s: {"application_id": s.application.pk},
        a=R("office staff_a recruiter_x trainee_a1"),  # the consultant reads only
        b=R("office staff_b recruiter_y trainee_b1"),
        method="POST",
    ),
    sides(
        "applications:profile",
        lambda s: {"application_id": s.application.pk},
        a=R("office staff_a trainee_a1"),  # A1 does not consent: not even company X
        b=R("office staff_b recruiter_y trainee_b1"),
    ),
    # Everyone's own notifications; a user without a role has none and gets a 404.
    page("applications:notifications", WITH_ROLE),
    page("applications:email_failures", OPERATOR_STAFF),
    # employer feedback on hires: a company answers about its own hires only; operator staff
    # and the office see totals per course and skill, never one answer
    page("employer_feedback:list", RECRUITERS),
    sides(
        "employer_feedback:answer",
        lambda s: {"feedback_id": s.hire_feedback.pk},
        a=R("recruiter_x"),
        b=R("recruiter_y"),
    ),
    page("employer_feedback:summary", OPERATOR_STAFF),
    # messaging: the outbox, program staff all of it, operator staff their operator's
    page("messaging:outbox", OPERATOR_STAFF),
    sides("messaging:detail", lambda s: {"message_id": s.email.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "messaging:retry",
        lambda s: {"message_id": s.email.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides("messaging:batch", lambda s: {"batch_id": s.message_batch.pk}, a=A_STAFF, b=B_STAFF),
    # each person's own notification settings; the opt-out link of a text message is public
    # (its code only turns messages off), a forged code reaches nothing
    page("messaging:settings", R("*")),
    # staff write to a group of trainees: the office (everyone), operator staff (their own)
    page("matching:announce", OPERATOR_STAFF),
    Row(
        "messaging:stop",
        (
            Variant("trainee A1's opt-out link", lambda m: {"code": _stop_code(m)}, EVERYONE),
            Variant("forged code", lambda m: {"code": "AAAAAAAA"}, NOBODY),
        ),
        public=True,
    ),
    # committees: the office runs them; a member sees the committees they sit on
    page("committees:committee_list", WITH_ROLE),
    committees(
        "committees:committee_detail",
        lambda c: {"committee_id": c["committee"].pk},
        c1=R("office committee"),
        c2=OFFICE,
    ),
    committees(
        "committees:member_create",
        lambda c: {"committee_id": c["committee"].pk},
        c1=OFFICE,
        c2=OFFICE,
    ),
    committees(
        "committees:member_edit",
        lambda c: {"committee_id": c["committee"].pk, "member_id": c["member"].pk},
        c1=OFFICE,
        c2=OFFICE,
    ),
    committees(
        "committees:meeting_create",
        lambda c: {"committee_id": c["committee"].pk},
        c1=OFFICE,
        c2=OFFICE,
    ),
    committees(
        "committees:meeting_edit",
        lambda c: {"committee_id": c["committee"].pk, "meeting_id": c["meeting"].pk},
        c1=OFFICE,
        c2=OFFICE,
    ),
    committees(
        "committees:meeting_detail",
        lambda c: {"meeting_id": c["meeting"].pk},
        c1=R("office committee"),
        c2=OFFICE,
    ),
    committees(
        "committees:meeting_publish",
        lambda c: {"meeting_id": c["meeting"].pk},
        c1=OFFICE,
        c2=OFFICE,
        method="POST",
    ),
    committees(
        "committees:decision_add",
        lambda c: {"meeting_id": c["meeting"].pk},
        c1=OFFICE,
        c2=OFFICE,
        method="POST",
    ),
    committees(
        "committees:decision_follow_up",
        lambda c: {"decision_id": c["decision"].pk},
        c1=OFFICE,
        c2=OFFICE,
        method="POST",
    ),
    # companies
    page("companies:company_list", R("office committee staff_a staff_b consultant_a") | RECRUITERS),
    page("companies:company_create", OFFICE),
    page("companies:attraction", R("office committee")),
    sides(
        "companies:company_detail",
        lambda s: {"company_id": s.company.pk},
        a=R("office committee staff_a staff_b consultant_a recruiter_x"),
        b=R("office committee staff_a staff_b consultant_a recruiter_y"),
    ),
    sides(
        "companies:company_edit", lambda s: {"company_id": s.company.pk}, a=X_COMPANY, b=Y_COMPANY
    ),
    sides("companies:company_stage", lambda s: {"company_id": s.company.pk}, a=OFFICE, b=OFFICE),
    sides(
        "companies:contact_create", lambda s: {"company_id": s.company.pk}, a=X_COMPANY, b=Y_COMPANY
    ),
    sides(
        "companies:contact_edit",
        lambda s: {"company_id": s.company.pk, "contact_id": s.contact.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
    ),
    sides(
        "companies:contact_delete",
        lambda s: {"company_id": s.company.pk, "contact_id": s.contact.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
        method="POST",
    ),
    # consulting
    page("consulting:home", R("staff_a staff_b consultant_a") | TRAINEES),
    page("consulting:slot_publish", R("consultant_a"), method="POST"),
    sides(
        "consulting:slot_withdraw",
        lambda s: {"slot_id": s.slot.pk},
        a=R("consultant_a"),
        b=NOBODY,  # operator B's consultant is not one of ROLES
        method="POST",
    ),
    sides(
        "consulting:slot_book",
        lambda s: {"slot_id": s.slot.pk},
        a=R("trainee_a1"),  # a trainee books for themselves, at their own operator
        b=R("trainee_b1"),
        method="POST",
    ),
    sides(
        "consulting:booking_detail",
        lambda s: {"booking_id": s.booking.pk},
        a=R("office staff_a consultant_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    sides(
        "consulting:booking_cancel",
        lambda s: {"booking_id": s.booking.pk},
        a=R("staff_a consultant_a trainee_a1"),
        b=R("staff_b trainee_b1"),
        method="POST",
    ),
    sides(
        "consulting:booking_attendance",
        lambda s: {"booking_id": s.booking.pk},
        a=R("staff_a consultant_a"),
        b=R("staff_b"),
        method="POST",
    ),
    sides(
        "consulting:note_add",
        lambda s: {"booking_id": s.booking.pk},
        a=R("consultant_a"),
        b=NOBODY,
        method="POST",
    ),
    sides(
        "consulting:action_add",
        lambda s: {"booking_id": s.booking.pk},
        a=R("consultant_a"),
        b=NOBODY,
        method="POST",
    ),
    sides(
        "consulting:action_update",
        lambda s: {"item_id": s.action_item.pk},
        a=R("consultant_a trainee_a1"),
        b=R("trainee_b1"),
        method="POST",
    ),
    sides(
        "consulting:trainee_history",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("office staff_a consultant_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    # hiring
    page("hiring:round_list", R("office committee staff_a staff_b") | RECRUITERS),
    page("hiring:round_create", OFFICE),
    one(
        "hiring:round_detail",
        lambda m: {"round_id": m.round.pk},
        R("office committee staff_a staff_b") | RECRUITERS,
    ),
    one("hiring:round_edit", lambda m: {"round_id": m.round.pk}, OFFICE),
    one(
        "hiring:round_summary",
        lambda m: {"round_id": m.round.pk},
        R("office committee staff_a staff_b"),
    ),
    sides(
        "hiring:response_detail",
        lambda s: {"round_id": s.response.round_id, "company_id": s.company.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
    ),
    sides(
        "hiring:line_create",
        lambda s: {"round_id": s.response.round_id, "company_id": s.company.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
    ),
    sides(
        "hiring:line_edit",
        lambda s: {
            "round_id": s.response.round_id,
            "company_id": s.company.pk,
            "line_id": s.demand_line.pk,
        },
        a=X_COMPANY,
        b=Y_COMPANY,
    ),
    sides(
        "hiring:line_delete",
        lambda s: {
            "round_id": s.response.round_id,
            "company_id": s.company.pk,
            "line_id": s.demand_line.pk,
        },
        a=X_COMPANY,
        b=Y_COMPANY,
        method="POST",
    ),
    sides(
        "hiring:response_submit",
        lambda s: {"round_id": s.response.round_id, "company_id": s.company.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
        method="POST",
    ),
    page("hiring:posting_list", WITH_ROLE),
    page("hiring:posting_create", R("office staff_a staff_b") | RECRUITERS),
    sides("hiring:posting_detail", lambda s: {"posting_id": s.posting.pk}, a=R("*"), b=R("*")),
    Row(
        "hiring:posting_detail",  # a draft: the company, its partner operator, the office
        (
            Variant("company X's draft", lambda m: {"posting_id": m.a.draft.pk}, X_POSTING),
            Variant("company Y's draft", lambda m: {"posting_id": m.b.draft.pk}, Y_POSTING),
        ),
    ),
    sides("hiring:posting_edit", lambda s: {"posting_id": s.posting.pk}, a=X_POSTING, b=Y_POSTING),
    sides(
        "hiring:posting_status",
        lambda s: {"posting_id": s.posting.pk},
        a=X_POSTING,
        b=Y_POSTING,
        method="POST",
    ),
    sides(
        "hiring:posting_from_demand",
        lambda s: {"line_id": s.demand_line.pk},
        a=X_COMPANY,
        b=Y_COMPANY,
        method="POST",
    ),
    page("hiring:import_list", OPERATOR_STAFF),
    sides(
        "hiring:import_detail", lambda s: {"import_id": s.posting_import.pk}, a=A_STAFF, b=B_STAFF
    ),
    page("hiring:review_queue", OPERATOR_STAFF),
    sides(
        "hiring:review_posting", lambda s: {"posting_id": s.review_posting.pk}, a=A_STAFF, b=B_STAFF
    ),
    # intake: the applicant's public pages (signed links) ...
    page("intake_public:index", EVERYONE, public=True),
    Row(
        "intake_public:apply",
        (Variant("the cohort", lambda m: {"cohort_number": m.cohort.number}, EVERYONE),),
        public=True,
    ),
    Row(
        "intake_public:link_request",
        (Variant("the cohort", lambda m: {"cohort_number": m.cohort.number}, EVERYONE),),
        public=True,
    ),
    Row(
        "intake_public:received",
        (Variant("the cohort", lambda m: {"cohort_number": m.cohort.number}, EVERYONE),),
        public=True,
    ),
    token_row("intake_public:manage"),
    token_row("intake_public:edit"),
    token_row("intake_public:withdraw", method="POST"),
    token_row("intake_public:respond", method="POST"),
    Row(
        "intake_public:confirm_email",
        (
            Variant("applicant 1's link", lambda m: {"token": m.a.confirm_token}, EVERYONE),
            *(
                Variant(f"forged: {label}", kw, NOBODY, (400, 404, 410))
                for label, kw in FORGED_CONFIRM
            ),
        ),
        public=True,
    ),
    # ... and the staff's screening pages
    page("intake:index", OPERATOR_STAFF),
    one("intake:cohort", lambda m: {"cohort_id": m.cohort.pk}, OPERATOR_STAFF),
    one("intake:cohort_run", lambda m: {"cohort_id": m.cohort.pk}, OPERATOR_STAFF, method="POST"),
    one("intake:cohort_publish", lambda m: {"cohort_id": m.cohort.pk}, OFFICE, method="POST"),
    one("intake:cohort_import", lambda m: {"cohort_id": m.cohort.pk}, R("staff_a staff_b")),
    one("intake:recruitment_open", lambda m: {"cohort_id": m.cohort.pk}, OFFICE, method="POST"),
    one("intake:recruitment_close", lambda m: {"cohort_id": m.cohort.pk}, OFFICE, method="POST"),
    sides("intake:course", lambda s: {"course_id": s.course.pk}, a=A_STAFF, b=B_STAFF),
    sides("intake:course_stages", lambda s: {"course_id": s.course.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "intake:course_refill",
        lambda s: {"course_id": s.course.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "intake:application",
        lambda s: {"application_id": s.applicant.pk},
        a=A_STAFF,
        b=B_STAFF,
    ),
    sides(
        "intake:confirmation_resend",
        lambda s: {"application_id": s.applicant.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "intake:choice_scores",
        lambda s: {"choice_id": s.choice.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "intake:choice_override",
        lambda s: {"choice_id": s.choice.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "intake:override_revoke",
        lambda s: {"override_id": s.override.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    # followup: graduate check-ins and retention; the graduate's pages are signed links
    page("followup:rounds", OPERATOR_STAFF),
    page("followup:follow_ups", R("office staff_a staff_b consultant_a")),
    sides(
        "followup:follow_up_done",
        lambda s: {"checkin_id": s.checkin.pk},
        a=R("office staff_a consultant_a"),
        b=R("office staff_b"),
        method="POST",
    ),
    page("followup:employer", RECRUITERS),
    sides(
        "followup:employer_set",
        lambda s: {"company_id": s.company.pk},
        a=R("recruiter_x"),
        b=R("recruiter_y"),
        method="POST",
    ),
    Row(
        "followup_public:answer",
        (
            Variant("trainee A1's link", lambda m: {"token": m.a.checkin_token}, EVERYONE),
            Variant("trainee B1's link", lambda m: {"token": m.b.checkin_token}, EVERYONE),
            Variant("random", lambda m: {"token": secrets.token_urlsafe(32)}, NOBODY),
            Variant("tampered", lambda m: {"token": _tampered(m.a.checkin_token)}, NOBODY),
            Variant("opt-out link", lambda m: {"token": m.a.opt_out_token}, NOBODY),
            Variant(
                "sent 400 days ago", lambda m: {"token": m.a.old_checkin_token}, NOBODY, (410,)
            ),
        ),
        public=True,
    ),
    Row(
        "followup_public:opt_out",
        (
            Variant("trainee A1's link", lambda m: {"token": m.a.opt_out_token}, EVERYONE),
            Variant("answer link", lambda m: {"token": m.a.checkin_token}, NOBODY),
            Variant("random", lambda m: {"token": secrets.token_urlsafe(32)}, NOBODY),
        ),
        public=True,
    ),
    # matching
    # a trainee is sent to their own list, staff and consultants to their caseload
    page("matching:mine", R("office staff_a staff_b consultant_a") | TRAINEES),
    sides(
        "matching:trainee",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("office staff_a consultant_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    sides(
        "matching:feedback",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("trainee_a1"),
        b=R("trainee_b1"),
        method="POST",
        data=lambda m: {"action": "save", "opening": m.a.opening_key},  # empty: 404 for all
    ),
    sides(
        "matching:apply",
        lambda s: {"trainee_id": s.trainee.pk, "posting_id": s.posting.pk},
        a=R("trainee_a1"),
        b=R("trainee_b1"),
        method="POST",
    ),
    page("matching:caseload", R("office staff_a staff_b consultant_a")),
    page("matching:candidate_postings", OPERATOR_STAFF | RECRUITERS),
    sides(
        "matching:posting_candidates",
        lambda s: {"posting_id": s.posting.pk},
        a=X_POSTING,
        b=Y_POSTING,
    ),
    sides(
        "matching:candidate_detail",
        lambda s: {"posting_id": s.posting.pk, "trainee_id": s.trainee.pk},
        a=R("office staff_a"),  # A1 does not consent to companies: not company X
        b=R("office staff_b recruiter_y"),
    ),
    page("matching:plan_list", OPERATOR_STAFF),
    sides("matching:plan_detail", lambda s: {"run_id": s.plan.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "matching:plan_rerun",
        lambda s: {"run_id": s.plan.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "matching:plan_constraint_add",
        lambda s: {"run_id": s.plan.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "matching:plan_constraint_remove",
        lambda s: {"run_id": s.plan.pk, "constraint_id": s.constraint.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "matching:plan_suggest",
        lambda s: {"run_id": s.plan.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    page("matching:match_day_list", OPERATOR_STAFF | RECRUITERS | TRAINEES),
    page("matching:match_day_create", OPERATOR_STAFF),
    sides(
        "matching:match_day",
        lambda s: {"match_day_id": s.match_day.pk},
        a=R("office staff_a recruiter_x trainee_a1"),
        b=R("office staff_b recruiter_y trainee_b1"),
    ),
    sides(
        "matching:rank_submit",
        lambda s: {"match_day_id": s.match_day.pk, "side": "trainee", "owner_id": s.trainee.pk},
        a=R("office staff_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
        method="POST",
    ),
    sides(
        "matching:rank_submit",
        lambda s: {"match_day_id": s.match_day.pk, "side": "posting", "owner_id": s.posting.pk},
        a=R("office staff_a recruiter_x"),
        b=R("office staff_b recruiter_y"),
        method="POST",
    ),
    sides(
        "matching:round_action",
        lambda s: {"match_day_id": s.match_day.pk, "action": "close"},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    page("matching:gaps", R("office committee staff_a staff_b")),
    # outcomes
    page("outcomes:rates", R("office committee staff_a staff_b consultant_a")),
    page("outcomes:rule_sets", R("office committee staff_a staff_b consultant_a")),
    page("outcomes:cockpit", OPERATOR_STAFF),
    page("outcomes:my_outcomes", TRAINEES),
    sides(
        "outcomes:trainee_ledger",
        lambda s: {"trainee_id": s.trainee.pk},
        a=R("office staff_a consultant_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    sides("outcomes:outcome_new", lambda s: {"trainee_id": s.trainee.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "outcomes:intent_set",
        lambda s: {"trainee_id": s.trainee.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides("outcomes:outcome_edit", lambda s: {"outcome_id": s.outcome.pk}, a=A_STAFF, b=B_STAFF),
    sides(
        "outcomes:outcome_confirm",
        lambda s: {"outcome_id": s.outcome.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "outcomes:outcome_reject",
        lambda s: {"outcome_id": s.outcome.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    sides(
        "outcomes:outcome_evidence",  # private evidence: not the consultant who reads the ledger
        lambda s: {"outcome_id": s.outcome.pk},
        a=R("office staff_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    page("outcomes:startup_list", R("office staff_a staff_b consultant_a") | TRAINEES),
    page("outcomes:startup_new", OPERATOR_STAFF | TRAINEES),
    sides(
        "outcomes:startup_detail",
        lambda s: {"team_id": s.team.pk},
        a=R("office staff_a consultant_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
    ),
    sides(
        "outcomes:startup_update",
        lambda s: {"team_id": s.team.pk},
        a=R("office staff_a trainee_a1"),
        b=R("office staff_b trainee_b1"),
        method="POST",
    ),
    sides(
        "outcomes:startup_register",
        lambda s: {"team_id": s.team.pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    # webhooks: the office manages all, operator staff their operator's endpoints
    page("webhooks:list", OPERATOR_STAFF),
    page("webhooks:create", OPERATOR_STAFF),
    sides("webhooks:detail", lambda s: {"endpoint_id": wh.endpoint_of(s).pk}, a=A_STAFF, b=B_STAFF),
    *(
        sides(
            f"webhooks:{name}",
            lambda s: {"endpoint_id": wh.endpoint_of(s).pk},
            a=A_STAFF,
            b=B_STAFF,
            method="POST",
        )
        for name in ("rotate", "active", "test")
    ),
    sides(
        "webhooks:redeliver",
        lambda s: {"endpoint_id": wh.endpoint_of(s).pk, "delivery_id": wh.delivery_of(s).pk},
        a=A_STAFF,
        b=B_STAFF,
        method="POST",
    ),
    # API keys: the office all, operator staff their operator's, recruiters their company's
    page("apikeys:list", R("office staff_a staff_b recruiter_x recruiter_y")),
    page("apikeys:create", R("office staff_a staff_b recruiter_x recruiter_y")),
    *(
        sides(
            f"apikeys:{name}",
            lambda s: {"key_id": api_keys.key_of(s).pk},
            a=A_STAFF,
            b=B_STAFF,
            method="POST",
        )
        for name in ("rotate", "revoke")
    ),
    # the privacy policy is public; the access review is the program office's
    page("privacy:policy", EVERYONE, public=True),
    # health checks for load balancers: public, no personal data (careerhub.core.health)
    page("healthz", EVERYONE, public=True),
    page("readyz", EVERYONE, public=True),
    page("audit:review", OFFICE),
    Row(
        "audit:account",
        (
            Variant(
                "operator A's staff member (has access records)",
                lambda m: {"user_id": m.users["staff_a"].pk},
                OFFICE,
            ),
        ),
    ),
    # reports
    page("reports:index", R("office committee staff_a staff_b")),
    page("reports:office", OFFICE),
    page("reports:office_xlsx", OFFICE),
    sides("reports:operator", lambda s: {"operator_id": s.operator.pk}, a=A_STAFF, b=B_STAFF),
    sides("reports:operator_xlsx", lambda s: {"operator_id": s.operator.pk}, a=A_STAFF, b=B_STAFF),
    page("reports:committee", R("office committee")),
    page("reports:committee_xlsx", R("office committee")),
    page("reports:people", OPERATOR_STAFF, query="?bucket=enrolled"),
    page("reports:people_download", OPERATOR_STAFF, query="?bucket=enrolled"),
    one("reports:cohort_pdf", lambda m: {"cohort_id": m.cohort.pk}, OPERATOR_STAFF),
    # the monthly access review (issue 12, access records)
    page("audit:review", OFFICE),
    one("audit:account", lambda m: {"user_id": m.users["staff_a"].pk}, OFFICE),
)

SKIPPED = {
    "admin": "Django's admin site: its own staff-only login and permission checks",
    "set_language": "i18n/: Django's language switch, no data behind it",
    "javascript-catalog": "jsi18n/: Django's translation catalogue, the same for everyone",
    "api": "/api/v1/: every REST API operation × key in careerhub/api/tests/test_matrix.py",
    None: "unnamed static-file patterns (django.conf.urls.static); none are mounted today",
}


# --- the resolver ------------------------------------------------------------------------------


def url_patterns() -> dict[str | None, str]:
    """Every URL pattern of the project: its full name (``namespace:name``) → route."""
    found: dict[str | None, str] = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):  # the API: its own matrix
                    found[p.namespace] = route
                    continue
                ns = ":".join(filter(None, (namespace, p.namespace))) or None
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                found[name] = route

    walk(get_resolver().url_patterns, "/", None)
    return found


def test_every_url_pattern_has_a_row():
    patterns = url_patterns()
    covered = {row.name for row in MATRIX} | set(SKIPPED)
    missing = {name: route for name, route in patterns.items() if name not in covered}
    assert not missing, (
        "URL patterns without a row in the role × URL matrix (say who may open them in "
        f"careerhub/home/tests/test_url_matrix.py MATRIX): {missing}"
    )
    stale = sorted({row.name for row in MATRIX} - set(patterns))
    assert not stale, f"matrix rows for URL names that no longer exist: {stale}"


def test_rows_name_real_roles_and_only_public_pages_let_anonymous_in():
    for row in MATRIX:
        for variant in row.variants:
            assert variant.allowed <= EVERYONE, row.name
            if not row.public:
                assert ANONYMOUS_KEY not in variant.allowed, row.name


# --- the requests ------------------------------------------------------------------------------


@pytest.fixture
def mx(world, monkeypatch, settings, tmp_path) -> matrix_world.MatrixWorld:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return matrix_world.build(world)


def _request(client, method: str, url: str, data: dict):
    """One request in a savepoint rolled back afterwards: no request changes the world the
    next one sees, and the client keeps its session (signing out is one of the rows). An
    exception escaping the view counts as a 500."""
    cookies = copy.deepcopy(client.cookies)
    try:
        return _request_in_savepoint(client, method, url, data)
    finally:
        client.cookies = cookies


def _request_in_savepoint(client, method: str, url: str, data: dict):
    with transaction.atomic():
        try:
            response = client.post(url, data) if method == "POST" else client.get(url)
        except Exception as exc:  # every escape from a view is reported as a 500
            transaction.set_rollback(True)
            return None, f"{type(exc).__name__}: {exc}"
        transaction.set_rollback(True)
    return response, None


def _applicant_data(mx) -> list[str]:
    return [value for side in (mx.a, mx.b) for value in (side.applicant.name, side.applicant.email)]


def check(client, mx, key: str, row: Row, variant: Variant) -> str | None:
    url = reverse(row.name, kwargs=variant.kwargs(mx)) + row.query
    where = f"{key} {row.method} {url} [{row.name}, {variant.label}]"
    data = row.data(mx) if row.data else {}
    response, error = _request(client, row.method, url, data)
    if error is not None:
        return f"{where}: 500 ({error})"
    status = response.status_code
    location = response.get("Location", "")
    login = reverse("accounts:login")
    if status >= 500:
        return f"{where}: {status}"
    if key in variant.allowed:
        # an empty POST may be a bad request (400) — after the view let the role in
        if status not in ((200, 302, 400) if row.method == "POST" else (200, 302)):
            return f"{where}: allowed, got {status}"
        if status == 302 and not row.public and location.startswith(login):
            return f"{where}: allowed, sent to the login page"
        return None
    if key == ANONYMOUS_KEY and not row.public:
        if status != 302 or not location.startswith(login):
            return f"{where}: anonymous, expected 302 to the login page, got {status} {location}"
        return None
    if status not in variant.refused:
        return f"{where}: refused, expected {variant.refused}, got {status}"
    if row.name.startswith("intake_public:"):
        body = response.content.decode(errors="replace")
        leaked = [value for value in _applicant_data(mx) if value in body]
        if leaked:
            return f"{where}: a refused link shows applicant data {leaked}"
    return None


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_role_url_matrix(client, mx, key):
    """Every row, every variant, as one role: all failures reported together."""
    if key != ANONYMOUS_KEY:
        client.force_login(mx.users[key])
    failures = [
        failure
        for row in MATRIX
        for variant in row.variants
        if (failure := check(client, mx, key, row, variant)) is not None
    ]
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
