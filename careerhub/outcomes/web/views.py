from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.models import Trainee
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.files import private_file_response
from careerhub.core.policy import require
from careerhub.outcomes import policies, selectors, services
from careerhub.outcomes.evidence import evidence_download_name
from careerhub.outcomes.labels import CIRR_LABELS
from careerhub.outcomes.models import RuleSet
from careerhub.outcomes.web.forms import (
    IntentForm,
    OutcomeEditForm,
    OutcomeForm,
    RateFilterForm,
    RejectForm,
    StartupRegisterForm,
    StartupStageForm,
    StartupTeamForm,
    VersionForm,
)

# --- rates, rule sets and the cockpit -------------------------------------------------------


@login_required
def rates(request):
    actor = request.actor
    require(policies.can_view_rates(actor))
    form = RateFilterForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    table = selectors.rate_table_for(actor=actor, as_of=as_of)
    return render(
        request,
        "outcomes/rates.html",
        {"table": table, "form": form, "nav_active": "outcomes"} | _detail_tables(table),
    )


def _detail_tables(table) -> dict:
    """The Korean rule's windows and the CIRR categories, for the rows that are not courses."""
    rows = [row for row in table.rows if row.level != "course"]
    context: dict = {"kr_rule": None, "cirr_rule": None}
    for index, rule in enumerate(table.rules):
        if rule.kind == RuleSet.Kind.KR_TRAINING and context["kr_rule"] is None:
            context["kr_rule"] = rule
            context["kr_rows"] = [(row, row.figures[index]) for row in rows]
        elif rule.kind == RuleSet.Kind.CIRR and context["cirr_rule"] is None:
            context["cirr_rule"] = rule
            context["cirr_labels"] = CIRR_LABELS
            context["cirr_rows"] = [
                (row, row.figures[index], [row.figures[index].category(k) for k, _ in CIRR_LABELS])
                for row in rows
            ]
    return context


@login_required
def rule_sets(request):
    require(policies.can_view_rates(request.actor))
    today = timezone.localdate()
    in_force = {(r.code, r.version) for r in selectors.rule_sets_in_force(on=today)}
    return render(
        request,
        "outcomes/rule_sets.html",
        {
            "rule_sets": selectors.rule_set_list(),
            "in_force": in_force,
            "nav_active": "outcomes",
        },
    )


@login_required
def cockpit(request):
    actor = request.actor
    require(policies.can_view_cockpit(actor))
    operators = policies.cockpit_operators_for(actor).order_by("name")
    chosen = request.GET.get("operator")
    operator = policies.cockpit_operator_get_for(actor, chosen) if chosen else operators.first()
    if operator is None:
        raise Http404
    data = selectors.cockpit_for(actor=actor, operator=operator)
    record_access(request, Action.LIST, trainees=[*data.closing, *data.awaiting_confirmation])
    return render(
        request,
        "outcomes/cockpit.html",
        {"cockpit": data, "operators": operators, "nav_active": "cockpit"},
    )


# --- a trainee's ledger ---------------------------------------------------------------------


@login_required
def trainee_ledger(request, trainee_id):
    actor = request.actor
    trainee = policies.trainee_outcomes_get_for(actor, trainee_id)
    record_access(request, Action.VIEW, trainees=trainee)
    can_record = policies.can_record_outcome(actor, trainee)
    intent = getattr(trainee, "enrolment_intent", None) if _has_intent(trainee) else None
    return render(
        request,
        "outcomes/trainee_ledger.html",
        {
            "trainee": trainee,
            "outcomes": selectors.trainee_outcomes(trainee=trainee),
            "standings": selectors.trainee_standing(trainee=trainee),
            "deadline": selectors.trainee_deadline(trainee),
            "intent": intent,
            "can_record": can_record,
            "can_view_evidence": policies.can_view_evidence_of(actor, trainee),
            "intent_form": IntentForm(
                initial={
                    "intent": intent.intent if intent else "",
                    "recorded_on": intent.recorded_on if intent else trainee.enrolled_on,
                }
            ),
            "nav_active": "outcomes" if trainee.pk in actor.trainee_ids else "cockpit",
        },
    )


def _has_intent(trainee: Trainee) -> bool:
    try:
        trainee.enrolment_intent  # noqa: B018 - the reverse one-to-one may be missing
    except Trainee.enrolment_intent.RelatedObjectDoesNotExist:
        return False
    return True


@login_required
def my_outcomes(request):
    require(policies.can_view_own_outcomes(request.actor))
    return redirect("outcomes:trainee_ledger", trainee_id=min(request.actor.trainee_ids))


@login_required
def outcome_new(request, trainee_id):
    actor = request.actor
    trainee = policies.trainee_outcomes_get_for(actor, trainee_id)
    require(policies.can_record_outcome(actor, trainee))
    form = OutcomeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                actor=actor,
                trainee=trainee,
                data=form.service_data(),
                evidence_file=form.cleaned_data.get("evidence_file") or None,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The outcome was recorded. Confirm it once verified."))
            return redirect("outcomes:trainee_ledger", trainee_id=trainee.pk)
    return render(
        request,
        "outcomes/outcome_form.html",
        {"trainee": trainee, "form": form, "outcome": None, "nav_active": "cockpit"},
    )


@login_required
def outcome_edit(request, outcome_id):
    actor = request.actor
    outcome = policies.outcome_get_for(actor, outcome_id)
    require(policies.can_confirm_outcome(actor, outcome))
    if request.method == "POST":
        copy = policies.outcome_get_for(actor, outcome.pk)
        form = OutcomeEditForm(request.POST, request.FILES, instance=copy)
        # The ModelForm validated a copy; the service applies the values to the loaded row.
        if form.is_valid():
            try:
                services.outcome_update(
                    actor=actor,
                    outcome=outcome,
                    expected_version=form.cleaned_data["version"],
                    data=form.service_data(),
                    evidence_file=request.FILES.get("evidence_file"),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The outcome was saved."))
                return redirect("outcomes:trainee_ledger", trainee_id=outcome.trainee_id)
    else:
        form = OutcomeEditForm(instance=outcome, initial={"version": outcome.version})
    return render(
        request,
        "outcomes/outcome_form.html",
        {"trainee": outcome.trainee, "form": form, "outcome": outcome, "nav_active": "cockpit"},
    )


@login_required
@require_POST
def outcome_confirm(request, outcome_id):
    actor = request.actor
    outcome = policies.outcome_get_for(actor, outcome_id)
    require(policies.can_confirm_outcome(actor, outcome))
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was not understood. Nothing changed."))
    else:
        try:
            services.outcome_confirm(
                actor=actor, outcome=outcome, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The outcome was confirmed and now counts in the rates."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("outcomes:trainee_ledger", trainee_id=outcome.trainee_id)


@login_required
@require_POST
def outcome_reject(request, outcome_id):
    actor = request.actor
    outcome = policies.outcome_get_for(actor, outcome_id)
    require(policies.can_confirm_outcome(actor, outcome))
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the outcome is rejected."))
    else:
        try:
            services.outcome_reject(
                actor=actor,
                outcome=outcome,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The outcome was rejected."))
    return redirect("outcomes:trainee_ledger", trainee_id=outcome.trainee_id)


@login_required
def outcome_evidence(request, outcome_id):
    """Download the evidence file from private storage; every download is recorded (PIPA)."""
    actor = request.actor
    outcome = policies.outcome_get_for(actor, outcome_id)
    require(policies.can_view_evidence(actor, outcome))
    if not outcome.evidence_file.storage.exists(outcome.evidence_file.name):
        raise Http404
    record_access(request, Action.DOWNLOAD, trainees=outcome, outcome=outcome.pk)
    return private_file_response(
        name=outcome.evidence_file.name,
        download_name=evidence_download_name(outcome),
        storage=outcome.evidence_file.storage,
    )


@login_required
@require_POST
def intent_set(request, trainee_id):
    actor = request.actor
    trainee = policies.trainee_outcomes_get_for(actor, trainee_id)
    require(policies.can_record_outcome(actor, trainee))
    form = IntentForm(request.POST)
    if form.is_valid():
        services.intent_record(actor=actor, trainee=trainee, **form.cleaned_data)
        messages.success(request, _("The intent at enrolment was recorded."))
    else:
        messages.error(request, _("Choose an intent and a date."))
    return redirect("outcomes:trainee_ledger", trainee_id=trainee.pk)


# --- start-up teams -------------------------------------------------------------------------


@login_required
def startup_list(request):
    actor = request.actor
    teams = policies.startup_teams_visible_to(actor).prefetch_related("members__trainee")
    require(teams.exists() or policies.can_create_startup_team(actor))
    record_access(request, Action.LIST, trainees=[m for team in teams for m in team.members.all()])
    return render(
        request,
        "outcomes/startup_list.html",
        {
            "teams": teams,
            "can_create": policies.can_create_startup_team(actor),
            "nav_active": "startups",
        },
    )


@login_required
def startup_new(request):
    actor = request.actor
    require(policies.can_create_startup_team(actor))
    form = StartupTeamForm(
        request.POST or None,
        operators=policies.startup_operators_for(actor).order_by("name"),
        trainees=policies.startup_teammates_for(actor).order_by("name")[:500],
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.startup_team_create(
                actor=actor,
                operator_id=form.cleaned_data["operator"],
                name=form.cleaned_data["name"],
                idea=form.cleaned_data["idea"],
                trainee_ids=form.cleaned_data["members"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The start-up team was created."))
            return redirect("outcomes:startup_detail", team_id=team.pk)
    return render(request, "outcomes/startup_new.html", {"form": form, "nav_active": "startups"})


@login_required
def startup_detail(request, team_id):
    actor = request.actor
    team = policies.startup_team_get_for(actor, team_id)
    return _startup_page(request, team)


def _startup_page(request, team, stage_form=None, register_form=None):
    actor = request.actor
    record_access(request, Action.VIEW, trainees=list(team.members.all()))
    return render(
        request,
        "outcomes/startup_detail.html",
        {
            "team": team,
            "members": team.members.select_related("trainee__course"),
            "sessions": team.mentoring_sessions.select_related("slot__consultant").order_by(
                "-slot__starts_at"
            ),
            "can_edit": policies.can_edit_startup_team(actor, team),
            "can_manage": policies.can_manage_startup_team(actor, team),
            "stage_form": stage_form
            or StartupStageForm(initial={"idea": team.idea, "stage": team.stage}),
            "register_form": register_form or StartupRegisterForm(),
            "nav_active": "startups",
        },
    )


@login_required
@require_POST
def startup_update(request, team_id):
    actor = request.actor
    team = policies.startup_team_get_for(actor, team_id)
    require(policies.can_edit_startup_team(actor, team))
    form = StartupStageForm(request.POST)
    if form.is_valid():
        try:
            services.startup_team_update(actor=actor, team=team, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The team was updated."))
            return redirect("outcomes:startup_detail", team_id=team.pk)
    return _startup_page(request, policies.startup_team_get_for(actor, team.pk), stage_form=form)


@login_required
@require_POST
def startup_register(request, team_id):
    actor = request.actor
    team = policies.startup_team_get_for(actor, team_id)
    require(policies.can_manage_startup_team(actor, team))
    form = StartupRegisterForm(request.POST)
    if form.is_valid():
        try:
            proposed = services.startup_team_register(actor=actor, team=team, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The registration was recorded; %(count)d outcome(s) await confirmation.")
                % {"count": len(proposed)},
            )
            return redirect("outcomes:startup_detail", team_id=team.pk)
    return _startup_page(request, policies.startup_team_get_for(actor, team.pk), register_form=form)
