"""What personal data careerhub processes, why, for how long and who receives it (PIPA art. 30).

The one structured source that every statement about personal data reads, so they cannot
disagree: the trainee's consent notices (``academy.selectors.CONSENT_NOTICES``), the
application form's notices (``intake.web.public``), the privacy policy page (``privacy``) and
the README's "Personal data" section. Periods come from settings, never from the wording;
the retention run (``manage.py retention_enforce``) reads the same ``periods()``.

It lives in ``core`` because academy and intake, low in the layers, read it as much as the
privacy app on top does. Every text is translated when asked for (call these functions per
request, not at import time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Periods:
    unselected_applicant_days: int
    trainee_years: int
    access_record_days: int
    message_days: int


def periods() -> Periods:
    """How long each kind of personal data is kept, from settings."""
    return Periods(
        unselected_applicant_days=int(settings.RETENTION_UNSELECTED_APPLICANT_DAYS),
        trainee_years=int(settings.RETENTION_TRAINEE_YEARS),
        access_record_days=int(getattr(settings, "ACCESS_RECORD_RETENTION_DAYS", 730)),
        message_days=int(getattr(settings, "MESSAGE_RETENTION_DAYS", 180)),
    )


def trainee_expiry_year(cohort_year: int) -> int:
    """The first calendar year in which a trainee of ``cohort_year`` is past retention: the
    program year ends on 31 December of the cohort's year; the period runs from then."""
    return cohort_year + 1 + periods().trainee_years


def duration_text(days: int) -> str:
    """365 → "1 year", 730 → "2 years", 90 → "90 days"."""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def years_text(years: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


@dataclass(frozen=True)
class Controller:
    name: str
    contact: str
    officer_name: str
    officer_contact: str
    policy_date: dt.date


def controller() -> Controller:
    """Who is responsible (개인정보처리자) and whom to write to, from settings."""
    return Controller(
        name=settings.PRIVACY_CONTROLLER_NAME,
        contact=settings.PRIVACY_CONTROLLER_CONTACT,
        officer_name=settings.PRIVACY_OFFICER_NAME,
        officer_contact=settings.PRIVACY_OFFICER_CONTACT,
        policy_date=dt.date.fromisoformat(str(settings.PRIVACY_POLICY_DATE)),
    )


@dataclass(frozen=True)
class Processing:
    """One processing of personal data: whose, why, what, how long, to whom."""

    key: str
    subjects: str
    purpose: str
    items: str
    retention: str
    recipients: str
    refusal: str


APPLICANTS = "applicants"
APPLICANTS_TO_OPERATORS = "applicants_to_operators"
TRAINEES = "trainees"
TRAINEES_TO_OPERATORS = "trainees_to_operators"
TRAINEES_TO_COMPANIES = "trainees_to_companies"
ACCOUNTS = "accounts"
ACCESS_RECORDS = "access_records"
MESSAGES = "messages"
PHONE_MESSAGES = "phone_messages"


def processings() -> list[Processing]:
    """Every processing, in the order the privacy policy lists them."""
    p = periods()
    applicant_period = duration_text(p.unselected_applicant_days)
    trainee_period = years_text(p.trainee_years)
    trainee_retention = _(
        "Until %(period)s after the end of the program year (31 December of the cohort's "
        "year); then the trainee record is irreversibly anonymised and evidence files are "
        "deleted."
    ) % {"period": trainee_period}
    return [
        Processing(
            key=APPLICANTS,
            subjects=_("Applicants"),
            purpose=_("Screening and selecting trainees, contacting you about your application."),
            items=_(
                "Name, birth date, email, mobile phone, region, education, major, experience, "
                "motivation, skills, portfolio link."
            ),
            retention=_(
                "Until the end of the cohort's selection (applicants not enrolled: destroyed "
                "%(applicant)s after the results are published); as a trainee, until "
                "%(trainee)s after the end of the program year."
            )
            % {"applicant": applicant_period, "trainee": trainee_period},
            recipients=_("The training operators of the courses you choose (with consent)."),
            refusal=_(
                "You may refuse. Without this consent we cannot receive or screen your application."
            ),
        ),
        Processing(
            key=APPLICANTS_TO_OPERATORS,
            subjects=_("Applicants"),
            purpose=_("Screening (documents, tests, interviews) and selection into their courses."),
            items=_("Everything on this form except the consents themselves."),
            retention=_("Until the selection of this cohort ends; then destroyed by the operator."),
            recipients=_("The training operators of the courses you choose."),
            refusal=_(
                "You may refuse. Without this consent the operators cannot screen you, so the "
                "application cannot proceed."
            ),
        ),
        Processing(
            key=TRAINEES,
            subjects=_("Trainees"),
            purpose=_("Running your training and employment support."),
            items=_(
                "Name, email, phone, birth date, education, skills, portfolio, training record, "
                "consulting records, employment outcomes and their evidence."
            ),
            retention=trainee_retention,
            recipients=_("None beyond the program office, unless you consent below."),
            refusal=_("You may refuse, but then the academy cannot support you."),
        ),
        Processing(
            key=TRAINEES_TO_OPERATORS,
            subjects=_("Trainees"),
            purpose=_("Training, consulting and placement."),
            items=_("The profile above and your training record."),
            retention=trainee_retention,
            recipients=_("Your training operator."),
            refusal=_("You may refuse; consulting then cannot be offered."),
        ),
        Processing(
            key=TRAINEES_TO_COMPANIES,
            subjects=_("Trainees"),
            purpose=_("Reviewing you as a candidate."),
            items=_("Name, course, skills, portfolio, self-introduction (no contact details)."),
            retention=_(
                "Until you withdraw consent, at the latest until your trainee record is "
                "anonymised (%(period)s after the end of the program year)."
            )
            % {"period": trainee_period},
            recipients=_("Companies hiring through careerhub."),
            refusal=_(
                "You may refuse without any disadvantage in training; companies then cannot "
                "find you in the talent pool."
            ),
        ),
        Processing(
            key=ACCOUNTS,
            subjects=_("Users with a login (staff, consultants, recruiters, trainees)"),
            purpose=_("Signing in and knowing who did what."),
            items=_("Name, email, password (stored only as a one-way hash), roles."),
            retention=_(
                "While the account is in use; a trainee's login is erased with the trainee record."
            ),
            recipients=_("None."),
            refusal=_("Without an account the service cannot be used."),
        ),
        Processing(
            key=ACCESS_RECORDS,
            subjects=_("Users who view or download personal data"),
            purpose=_(
                "Detecting and investigating misuse of personal data (access records the "
                "security-measure standard requires)."
            ),
            items=_("Who viewed or downloaded whose data, when, from which address, and what."),
            retention=_("%(period)s; then deleted.")
            % {"period": duration_text(p.access_record_days)},
            recipients=_("None."),
            refusal=_("Recorded by law; it cannot be refused."),
        ),
        Processing(
            key=MESSAGES,
            subjects=_("Applicants, trainees and users who receive messages from careerhub"),
            purpose=_(
                "Telling you about your application, selection, consulting bookings and "
                "results, and showing staff which messages could not be delivered."
            ),
            items=_("Email address, the message's subject and text, when it was sent."),
            retention=_("%(period)s after it was sent or finally failed; then deleted.")
            % {"period": duration_text(p.message_days)},
            recipients=_("The mail server that delivers the message."),
            refusal=_("Part of the service you asked for; it cannot be refused separately."),
        ),
        Processing(
            key=PHONE_MESSAGES,
            subjects=_("Users who chose to receive notices as text messages or KakaoTalk"),
            purpose=_("Sending the notices you receive by email also to your mobile phone."),
            items=_(
                "Mobile phone number, your choice of channel and when you consented or "
                "withdrew, the short text sent, the provider's delivery report."
            ),
            retention=_(
                "The number and the consent record while you keep the choice (the record of a "
                "withdrawal with your account); each message %(period)s after it was sent."
            )
            % {"period": duration_text(p.message_days)},
            recipients=_(
                "Entrusted for delivery: the text message provider (Solapi) and, for KakaoTalk "
                "notifications, Kakao."
            ),
            refusal=_(
                "You may refuse without any disadvantage; notices then arrive by email only."
            ),
        ),
    ]


def processing(key: str) -> Processing:
    return next(p for p in processings() if p.key == key)


def notice(key: str) -> str:
    """One processing as the single paragraph a consent form shows."""
    p = processing(key)
    if key in (TRAINEES_TO_OPERATORS, TRAINEES_TO_COMPANIES, APPLICANTS_TO_OPERATORS):
        return _(
            "Recipient: %(recipients)s Purpose: %(purpose)s Items: %(items)s "
            "Kept: %(retention)s %(refusal)s"
        ) % {
            "recipients": p.recipients,
            "purpose": p.purpose,
            "items": p.items,
            "retention": p.retention,
            "refusal": p.refusal,
        }
    return _("Purpose: %(purpose)s Items: %(items)s Kept: %(retention)s %(refusal)s") % {
        "purpose": p.purpose,
        "items": p.items,
        "retention": p.retention,
        "refusal": p.refusal,
    }


notice_lazy = lazy(notice, str)
"""``notice`` evaluated when shown: in the reader's language, with the settings of the day."""


def destruction_steps() -> list[str]:
    """How data is destroyed once its period ends (what ``retention_enforce`` does)."""
    return [
        _(
            "Every day the retention run finds the data whose period has ended and destroys "
            "it in one pass; nobody has to remember."
        ),
        _(
            "Applications of applicants who did not enrol are deleted, with their course "
            "choices and screening scores."
        ),
        _(
            "Trainee records are irreversibly anonymised: name, contact details, birth date, "
            "profile, portfolio links and the login are erased; only counts without identity "
            "stay for the program's statistics. Their application is deleted."
        ),
        _("Evidence files (employment evidence) are deleted from storage."),
        _("Access records older than their period are deleted."),
        _(
            "Each run is written to a destruction register: what kind of data, how many "
            "records, when — never the personal data itself."
        ),
    ]


def rights() -> list[str]:
    """The data subject's rights and how to exercise them (PIPA art. 35–38)."""
    return [
        _(
            "You may ask to see your personal data, to correct or delete it, to stop its "
            "processing, and withdraw any consent, at any time."
        ),
        _(
            "Trainees: the profile page lets you download your data, ask for a correction or "
            "erasure, and withdraw consents; withdrawing consent to companies takes effect "
            "at once."
        ),
        _("Applicants: the link in your email lets you view, change or withdraw your application."),
        _(
            "Anything else: write to the privacy officer below. We answer within 10 days. A "
            "representative may act for you with your written authorisation."
        ),
    ]
