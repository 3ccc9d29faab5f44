"""What each consent allows, and what withdrawing it stops — the one place that says so.

A trainee gives three consents (``Consent.Purpose``; the notices they read are
``selectors.CONSENT_NOTICES``). Two are required for the training contract, one is
optional. Consent changes go through ``services.consent_set`` only (the trainee decides,
nobody else); every rule below reads the ``Consent`` rows at the moment of the request, so a
withdrawal takes effect at once — no stored list, cached candidate run or signature outlives
it.

=====================  ==========  =============================================================
purpose                required    withdrawing it stops (at once)
=====================  ==========  =============================================================
provision_companies    no          * the talent pool and a company's view of the profile
                                     (``policies.trainees_visible_to``);
                                   * the trainee on any company's candidate page and stored
                                     candidate list, candidate profile pages
                                     (``matching.policies.candidates_visible_to``);
                                   * company-side rank options at match days and eligibility for
                                     new rounds (``matching.services.round_trainee_ids``);
                                   * new applications sent on the trainee's behalf;
                                   * on an application already sent, the company keeps only what
                                     it needs to run it: the trainee's name, the stage, dates and
                                     the message sent with it. Profile, skills, portfolio and
                                     self-introduction are no longer shown
                                     (``applications.policies.can_view_applicant_profile``).
provision_operator     yes         what the training contract does not need:
                                   * consultants lose the trainee (profile, contact, consulting
                                     history) unless consent is given again;
                                   * operator staff keep the training record (course, dates,
                                     status, contact, assessments) but no longer see the
                                     employment profile (desired roles and regions, skills,
                                     self-introduction, portfolio);
                                   * no new consulting bookings (the trainee's or on their
                                     behalf); bookings already made stay until cancelled;
                                   * the trainee's recommendations and caseload entry
                                     (``matching.policies.recommendation_trainees_visible_to``).
                                   The program office (the controller) is not a recipient and
                                   keeps its view.
collection             yes         it is a request to stop processing altogether: withdrawing it
                                   files an erasure request (``DataRequest``, kind erasure) that
                                   the program office must decide with a reason. Accepted, the
                                   trainee is anonymised (``services.trainee_anonymise``);
                                   refused (e.g. records the law requires to be kept), the
                                   trainee is told why. Nothing else changes until then.
=====================  ==========  =============================================================

A required consent that was never recorded (a record enrolled from a paper form) counts as
given: enrolment required it. A *withdrawal* is always recorded, so the rules look for a
withdrawn consent with no active one after it (``withdrawn_ids``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Consent, Trainee

Purpose = Consent.Purpose

WITHDRAWAL_EFFECTS = {
    Purpose.COLLECTION: _(
        "Withdrawing asks the program office to stop processing your data and erase it. "
        "It becomes an erasure request that the office decides, with a reason you will see."
    ),
    Purpose.PROVISION_OPERATOR: _(
        "Withdrawing stops consulting bookings and your consultant's access. Your training "
        "operator keeps only what running the training needs (course, status, contact, "
        "assessments), not your employment profile."
    ),
    Purpose.PROVISION_COMPANIES: _(
        "Withdrawing removes you at once from the talent pool, candidate lists and match days. "
        "Companies you already applied to keep only your name and the stage of the "
        "application, not your profile."
    ),
}
"""What withdrawing each purpose stops, as the trainee reads it beside the button."""


def withdrawn_ids(purpose: str):
    """Ids of trainees who withdrew consent for ``purpose`` and have not given it again
    (a subquery for ``pk__in``/``trainee_id__in``)."""
    active = Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True).values("trainee_id")
    return (
        Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=False)
        .exclude(trainee_id__in=active)
        .values("trainee_id")
    )


def has_withdrawn(trainee: Trainee, purpose: str) -> bool:
    """``trainee`` withdrew ``purpose`` and has no active consent for it now."""
    rows = [c for c in trainee.consents.all() if c.purpose == purpose]
    return bool(rows) and not any(c.is_active for c in rows)


def operator_may_support(trainee: Trainee) -> bool:
    """The operator may use the trainee's data beyond the training contract (employment
    profile, consulting): consent to provision to the operator is not withdrawn."""
    return not has_withdrawn(trainee, Purpose.PROVISION_OPERATOR)


def operator_withdrawn_ids():
    """Ids of trainees who withdrew consent to provision to the operator (a subquery)."""
    return withdrawn_ids(Purpose.PROVISION_OPERATOR)
