"""The applicant's pages: no login, reached through the cohort page and signed links."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.models import Cohort
from careerhub.core import privacy_catalogue as catalogue
from careerhub.core import ratelimit
from careerhub.core.errors import errors_to_form
from careerhub.intake import selectors, services, tokens
from careerhub.intake.models import Application
from careerhub.intake.web.forms import ApplicationForm, LinkRequestForm, RespondForm

CLOSED_CODES = ("deadline_passed", "not_open", "no_window")


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _closed(request, cohort: Cohort, status: int = 200):
    window = services.window_for(cohort)
    return render(
        request,
        "intake/public/closed.html",
        {"cohort": cohort, "window": window},
        status=status,
    )


def _application_or_404(token: str) -> Application:
    application = tokens.application_for_access_token(token)
    if application is None:
        raise Http404
    return application


def _expired_link_page(view):
    """An expired access link answers a page that says so and offers a new link (410)."""

    @wraps(view)
    def wrapped(request, token: str, *args, **kwargs):
        try:
            return view(request, token, *args, **kwargs)
        except tokens.AccessLinkExpired as expired:
            if expired.application is None:  # replaced by a newer link since
                raise Http404 from None
            cohort = expired.application.cohort
            return render(
                request,
                "intake/public/link_expired.html",
                {"cohort": cohort, "form": LinkRequestForm(), "days": tokens.access_max_age_days()},
                status=410,
            )

    return wrapped


def apply_index(request):
    return render(request, "intake/public/index.html", {"cohorts": selectors.open_cohorts()})


# The service names the list of course choices; the form shows the first choice field.
CHOICE_FIELDS = {"choices": "choice_1"}


def apply_form(request, cohort_number: int):
    cohort = get_object_or_404(Cohort, number=cohort_number)
    if not services.window_for(cohort).is_open:
        return _closed(request, cohort, status=200 if request.method == "GET" else 409)
    form = ApplicationForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        if ratelimit.limited(request, "apply", target=form.cleaned_data["email"]):
            ratelimit.refuse_form(form)
            return _apply_page(request, cohort, form, status=ratelimit.STATUS)
        consents = []
        if form.cleaned_data.get("consent_collection"):
            consents.append("collection")
        if form.cleaned_data.get("consent_provision"):
            consents.append("provision_operator")
        try:
            services.application_submit(
                cohort=cohort,
                data=form.person(),
                course_ids=form.course_ids(),
                consents=consents,
                base_url=_base_url(request),
            )
        except services.DuplicateApplication:
            pass  # answered as a success: the owner alone learns of it, by email
        except ValidationError as exc:
            if exc.code in CLOSED_CODES:  # the deadline passed while the form was open
                return _closed(request, cohort, status=409)
            errors_to_form(form, exc, fields=CHOICE_FIELDS)
            return _apply_page(request, cohort, form)
        # The same answer for a new and for a duplicate application, so nobody learns from it
        # who applied: the link to the application goes only to its email address.
        messages.success(request, _("Your application was received."))
        return redirect("intake_public:received", cohort_number=cohort.number)
    return _apply_page(request, cohort, form)


def _apply_page(request, cohort: Cohort, form, status: int = 200):
    return render(
        request,
        "intake/public/apply.html",
        {
            "cohort": cohort,
            "form": form,
            "window": services.window_for(cohort),
            "notices": CONSENT_NOTICES,
        },
        status=status,
    )


def received(request, cohort_number: int):
    """Where every submitted application lands, new or duplicate: the same page for both."""
    cohort = get_object_or_404(Cohort, number=cohort_number)
    return render(request, "intake/public/received.html", {"cohort": cohort})


@_expired_link_page
def manage(request, token: str):
    application = _application_or_404(token)
    choices, published = selectors.applicant_view(application)
    return render(
        request,
        "intake/public/manage.html",
        {
            "application": application,
            "token": token,
            "choices": choices,
            "published": published,
            "held": selectors.held_choice(application),
            "window": services.window_for(application.cohort),
        },
    )


@_expired_link_page
def edit(request, token: str):
    application = _application_or_404(token)
    cohort = application.cohort
    if not services.window_for(cohort).is_open or not application.is_active:
        return _closed(request, cohort, status=200 if request.method == "GET" else 409)
    initial = {f: getattr(application, f) for f in ApplicationForm.base_fields}
    for choice in application.choices.all():
        initial[f"choice_{choice.rank}"] = choice.course_id
    form = ApplicationForm(
        request.POST or None, cohort=cohort, with_consents=False, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_update(
                application=application,
                data=form.person(),
                course_ids=form.course_ids(),
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            if exc.code in CLOSED_CODES:
                return _closed(request, cohort, status=409)
            errors_to_form(form, exc, fields=CHOICE_FIELDS)
        else:
            messages.success(request, _("Your application was changed."))
            return redirect("intake_public:manage", token=tokens.access_token(application))
    return render(
        request,
        "intake/public/edit.html",
        {"application": application, "form": form, "token": token, "cohort": cohort},
    )


@require_POST
@_expired_link_page
def withdraw(request, token: str):
    application = _application_or_404(token)
    try:
        services.application_withdraw(application=application)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("intake_public:manage", token=token)


@require_POST
@_expired_link_page
def respond(request, token: str):
    application = _application_or_404(token)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was not understood. Nothing changed."))
        return redirect("intake_public:manage", token=token)
    try:
        if form.cleaned_data["action"] == "accept":
            services.offer_accept(application=application, base_url=_base_url(request))
            messages.success(
                request,
                _("Welcome! You are enrolled. We emailed you how to set your password."),
            )
        else:
            services.offer_decline(application=application, base_url=_base_url(request))
            messages.success(request, _("You declined the place. Thank you for letting us know."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("intake_public:manage", token=token)


def confirm_email(request, token: str):
    application = tokens.application_for_confirm_token(token)
    if application is None:
        return render(request, "intake/public/confirm_failed.html", status=400)
    services.application_confirm_email(application=application)
    messages.success(request, _("Your email address is confirmed."))
    return redirect("intake_public:manage", token=tokens.access_token(application))


def link_request(request, cohort_number: int):
    cohort = get_object_or_404(Cohort, number=cohort_number)
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.limited(request, "link_request", target=form.cleaned_data["email"]):
            ratelimit.refuse_form(form)
            return render(
                request,
                "intake/public/link_request.html",
                {"cohort": cohort, "form": form},
                status=ratelimit.STATUS,
            )
        services.application_link_resend(
            cohort=cohort, email=form.cleaned_data["email"], base_url=_base_url(request)
        )
        messages.success(
            request,
            _(
                "If an application with this address exists, we sent its link there. "
                "Check your inbox."
            ),
        )
        return redirect(reverse("intake_public:link_request", args=[cohort.number]))
    return render(request, "intake/public/link_request.html", {"cohort": cohort, "form": form})


def _notice(key: str) -> dict[str, str]:
    """One processing of the privacy catalogue as the form's notice, read when shown: in the
    applicant's language and with the configured periods (the privacy policy reads the same)."""
    fields = ("purpose", "items", "retention", "recipients", "refusal")
    return {
        name: lazy(lambda name=name: getattr(catalogue.processing(key), name), str)()
        for name in fields
    } | {"recipient": lazy(lambda: catalogue.processing(key).recipients, str)()}


CONSENT_NOTICES = {
    "collection": _notice(catalogue.APPLICANTS),
    "provision": _notice(catalogue.APPLICANTS_TO_OPERATORS),
}
