"""The graduate's (and the employer's) check-in pages: no login, reached by signed links."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careerhub.core.errors import errors_to_form
from careerhub.followup import services, tokens
from careerhub.followup.errors import FollowupErrorCode
from careerhub.followup.models import CheckIn, OptOut
from careerhub.followup.web.forms import GraduateForm, RetentionForm


def _expired_link_page(view):
    """A genuine link past its age answers a page that says so (410); forged ones 404."""

    @wraps(view)
    def wrapped(request, token: str, *args, **kwargs):
        try:
            return view(request, token, *args, **kwargs)
        except tokens.LinkExpired:
            return render(
                request,
                "followup/public/expired.html",
                {"days": tokens.link_max_age_days()},
                status=410,
            )

    return wrapped


def _checkin_or_404(token: str) -> CheckIn:
    checkin = tokens.checkin_for_token(token)
    if checkin is None:
        raise Http404
    return checkin


def _answered(request, checkin: CheckIn, status: int = 200):
    return render(request, "followup/public/answered.html", {"checkin": checkin}, status=status)


@require_http_methods(["GET", "POST"])
@_expired_link_page
def answer(request, token: str):
    checkin = _checkin_or_404(token)
    if checkin.is_answered:
        return _answered(request, checkin, status=200 if request.method == "GET" else 409)
    graduate = checkin.kind == CheckIn.Kind.GRADUATE
    form_class = GraduateForm if graduate else RetentionForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if graduate:
                services.checkin_answer(
                    checkin=checkin,
                    answer=services.answer_data(data),
                    evidence_file=data.get("evidence_file"),
                )
            else:
                services.retention_answer(
                    checkin=checkin,
                    continues=data["continues"],
                    end_date=data.get("end_date"),
                    reason=data.get("reason", ""),
                    detail=data.get("detail", ""),
                )
        except ValidationError as exc:
            if exc.code == FollowupErrorCode.ALREADY_ANSWERED:
                return _answered(request, checkin, status=409)
            errors_to_form(form, exc)
        else:
            return redirect("followup_public:answer", token=token)
    return render(
        request,
        "followup/public/answer.html",
        {
            "checkin": checkin,
            "form": form,
            "graduate": graduate,
            "employer": checkin.respondent == CheckIn.Respondent.EMPLOYER,
            "opt_out_token": tokens.opt_out_token(checkin.trainee_id),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def opt_out(request, token: str):
    """GET asks to confirm (mail scanners open links); POST opts out."""
    trainee_id = tokens.trainee_id_for_opt_out(token)
    if trainee_id is None or not CheckIn.objects.filter(trainee_id=trainee_id).exists():
        raise Http404
    if request.method == "POST":
        services.opt_out(trainee_id=trainee_id)
    done = OptOut.objects.filter(trainee_id=trainee_id).exists()
    return render(request, "followup/public/opt_out.html", {"done": done, "token": token})
