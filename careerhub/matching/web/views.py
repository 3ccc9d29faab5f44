"""Matching pages (thin): recommendations, candidates, cohort plans, match days, gap view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.models import Trainee
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.params import int_param
from careerhub.core.policy import require
from careerhub.hiring.policies import posting_get_for
from careerhub.matching import adapter, exclusions, policies, selectors, services
from careerhub.matching.models import (
    Feedback,
    MatchDayPosting,
    MatchRound,
    RunStatus,
    UnplacedReason,
)
from careerhub.matching.services.caseload import caseload_runs
from careerhub.matching.web.forms import (
    ConstraintForm,
    DismissForm,
    GapForm,
    MatchDayForm,
    NextRoundForm,
    PlanForm,
)

# --- recommendations for trainees ----------------------------------------------------------------


@login_required
def my_recommendations(request):
    actor = request.actor
    if not actor.trainee_ids:
        if policies.recommendation_trainees_visible_to(actor).exists():
            return redirect("matching:caseload")
        raise Http404
    return redirect("matching:trainee", trainee_id=sorted(actor.trainee_ids)[0])


@login_required
def trainee_recommendations(request, trainee_id: int):
    actor = request.actor
    trainee = policies.recommendation_trainee_get_for(actor, trainee_id)
    force = request.method == "POST" and policies.can_act_on_recommendations(actor, trainee)
    if force:
        services.recommendations_refresh(actor=actor, trainee=trainee, force=True)
        messages.success(request, _("Recommendations recalculated."))
        return redirect("matching:trainee", trainee_id=trainee.pk)
    return _recommendations_page(request, trainee)


def _recommendations_page(request, trainee: Trainee, *, status: int = 200):
    """The trainee's recommendations with their saved openings and their exclusions (also
    re-rendered by ``feedback`` when a request could not be used, with the message why)."""
    actor = request.actor
    run = services.recommendations_refresh(actor=actor, trainee=trainee)
    feedback = selectors.feedback_for(trainee=trainee)
    items = [(item, feedback.get(item.opening_key)) for item in selectors.recommendation_items(run)]
    names = adapter.engine_taxonomy().names
    record_access(request, Action.VIEW, trainees=trainee)
    return render(
        request,
        "matching/trainee.html",
        {
            "trainee": trainee,
            "run": run,
            "items": items,
            "skill_names": names.skills,
            "saved": selectors.saved_for(trainee=trainee),
            "exclusions": exclusions.exclusions_for(trainee=trainee, today=timezone.localdate()),
            "suggestions": selectors.open_suggestions_for(trainee=trainee),
            "can_act": policies.can_act_on_recommendations(actor, trainee),
            # the same options under every recommendation: built once, not once per item
            "dismiss_options": format_html_join(
                "", '<option value="{}">{}</option>', Feedback.Reason.choices
            ),
            "excluded_roles": [names.roles.get(c, c) for c in run.excluded.get("roles", [])],
            "nav_active": "recommendations",
        },
        status=status,
    )


@login_required
@require_POST
def feedback(request, trainee_id: int):
    """Save, dismiss (a reason that suggests leaving out more asks the trainee how much
    first), narrow or undo a dismissal, decline a suggestion. Only the trainee acts."""
    actor = request.actor
    trainee = policies.recommendation_trainee_get_for(actor, trainee_id)
    require(policies.can_act_on_recommendations(actor, trainee))
    action = request.POST.get("action")
    opening = request.POST.get("opening", "")
    try:
        if action == "save":
            services.feedback_save(actor=actor, trainee=trainee, opening_key=opening)
            messages.success(request, _("Saved."))
        elif action == "dismiss":
            form = DismissForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose why you dismiss it."))
                return _recommendations_page(request, trainee)
            data = form.cleaned_data
            scope = data["scope"]
            if not scope and exclusions.suggested_scope(data["reason"]) != Feedback.Scope.OPENING:
                return _dismiss_scope_page(request, trainee, form)
            services.feedback_dismiss(
                actor=actor,
                trainee=trainee,
                opening_key=data["opening"],
                reason=data["reason"],
                scope=scope or Feedback.Scope.OPENING,
                note=data["note"],
            )
            messages.success(
                request,
                _("Dismissed. The next recommendations leave it out.")
                if (scope or Feedback.Scope.OPENING) == Feedback.Scope.OPENING
                else _(
                    "Dismissed. The next recommendations leave out what you chose; "
                    "you can undo it under Excluded openings and conditions."
                ),
            )
        elif action == "scope":
            fb = policies.feedback_get_for(actor, request.POST.get("feedback"), trainee=trainee)
            fb = services.feedback_scope_change(
                actor=actor, feedback=fb, scope=request.POST.get("scope", "")
            )
            messages.success(
                request,
                _("Now only this opening is left out.")
                if fb.scope == Feedback.Scope.OPENING
                else _("The exclusion was changed."),
            )
        elif action == "undo":
            fb = policies.feedback_get_for(actor, request.POST.get("feedback"), trainee=trainee)
            services.feedback_undo(actor=actor, feedback=fb)
            messages.success(request, _("Undone."))
        elif action == "decline":
            suggestion = policies.open_suggestion_get_for(
                actor, request.POST.get("suggestion"), trainee=trainee
            )
            services.suggestion_decline(actor=actor, suggestion=suggestion)
        else:
            messages.error(request, _("Nothing was chosen: use the buttons next to an opening."))
            return _recommendations_page(request, trainee)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("matching:trainee", trainee_id=trainee.pk)


def _dismiss_scope_page(request, trainee: Trainee, form: DismissForm):
    """Ask how much a dismissal leaves out, with what each choice costs in open openings."""
    data = form.cleaned_data
    info, choices = exclusions.dismissal_preview(
        trainee=trainee,
        opening_key=data["opening"],
        reason=data["reason"],
        today=timezone.localdate(),
    )
    return render(
        request,
        "matching/dismiss_scope.html",
        {
            "trainee": trainee,
            "opening": info,
            "reason": data["reason"],
            "reason_label": Feedback.Reason(data["reason"]).label,
            "note": data["note"],
            "choices": choices,
            "nav_active": "recommendations",
        },
    )


@login_required
@require_POST
def apply(request, trainee_id: int, posting_id: int):
    actor = request.actor
    trainee = policies.recommendation_trainee_get_for(actor, trainee_id)
    require(policies.can_act_on_recommendations(actor, trainee))
    posting = posting_get_for(actor, posting_id)
    try:
        application = services.recommendation_apply(
            actor=actor, trainee=trainee, posting=posting, cover_note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("matching:trainee", trainee_id=trainee.pk)
    messages.success(request, _("Applied."))
    return redirect("applications:detail", application.pk)


CASELOAD_PAGE = 50


@login_required
def caseload(request):
    actor = request.actor
    require(policies.can_view_caseload(actor))
    everyone = selectors.consultant_trainees_for(actor)
    page = Paginator(everyone, CASELOAD_PAGE).get_page(request.GET.get("page"))
    trainees = list(page.object_list)
    # only the page's recommendations are brought up to date (a caseload of 200 computed
    # every trainee's signature on every view); the summary reads the last stored runs of all
    runs, updating = caseload_runs(actor=actor, trainees=trainees)
    top = selectors.top_items_by_trainee(list(runs.values()), top=3)
    record_access(request, Action.LIST, trainees=trainees)
    return render(
        request,
        "matching/caseload.html",
        {
            "rows": [(t, top.get(t.pk, [])) for t in trainees],
            "page": page,
            "missing": selectors.missing_skills_summary_for(
                trainee_ids=everyone.values_list("pk", flat=True)
            ),
            "updating": updating,
            "nav_active": "recommendations",
        },
    )


# --- candidates for postings ---------------------------------------------------------------------


@login_required
def candidate_postings(request):
    actor = request.actor
    require(policies.can_view_candidate_postings(actor))
    postings = (
        policies.candidate_postings_for(actor)
        .filter(status="open", role__isnull=False)
        .order_by("deadline", "pk")
    )
    page = Paginator(postings, 30).get_page(request.GET.get("page"))
    return render(
        request, "matching/candidate_postings.html", {"page": page, "nav_active": "candidates"}
    )


@login_required
def posting_candidates(request, posting_id: int):
    actor = request.actor
    posting = policies.candidate_posting_get_for(actor, posting_id)
    try:
        run = services.candidates_refresh(
            actor=actor, posting=posting, force=request.method == "POST"
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("hiring:posting_detail", posting.pk)
    if request.method == "POST":
        return redirect("matching:posting_candidates", posting_id=posting.pk)
    items = list(selectors.candidate_items_for(actor, run))
    record_access(request, Action.LIST, trainees=items, posting=posting.pk)
    return render(
        request,
        "matching/posting_candidates.html",
        {
            "posting": posting,
            "run": run,
            "items": items,
            "skill_names": adapter.engine_taxonomy().names.skills,
            "nav_active": "candidates",
        },
    )


@login_required
def candidate_detail(request, posting_id: int, trainee_id: int):
    actor = request.actor
    posting = policies.candidate_posting_get_for(actor, posting_id)
    run = services.candidates_refresh(actor=actor, posting=posting)
    trainee = policies.candidate_get_for(actor, posting, trainee_id)  # on the current list
    services.candidate_viewed(actor=actor, posting=posting, trainee=trainee)
    record_access(request, Action.VIEW, trainees=trainee, posting=posting.pk)
    item = run.items.filter(trainee=trainee).first()
    return render(
        request,
        "matching/candidate_detail.html",
        {
            "posting": posting,
            "trainee": trainee,
            "item": item,
            "skills": trainee.skills.select_related("skill").order_by("-level"),
            "skill_names": adapter.engine_taxonomy().names.skills,
            "nav_active": "candidates",
        },
    )


# --- cohort plans --------------------------------------------------------------------------------


def _plan_form(actor, data=None):
    return PlanForm(
        data,
        cohorts=policies.cohorts_plannable_by(actor).order_by("-number"),
        courses=policies.plan_courses_for(actor).order_by("-cohort__number", "name"),
    )


@login_required
def plan_list(request):
    actor = request.actor
    require(policies.can_plan(actor))
    form = _plan_form(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.plan_run_request(
                actor=actor,
                cohort=data["cohort"],
                course=data["course"],
                parameters={k: data[k] for k in services.DEFAULT_PLAN_PARAMETERS},
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("matching:plan_detail", run_id=run.pk)
    runs = Paginator(selectors.plan_runs_for(actor), 20).get_page(request.GET.get("page"))
    return render(
        request, "matching/plan_list.html", {"form": form, "runs": runs, "nav_active": "plans"}
    )


@login_required
def plan_detail(request, run_id: int):
    actor = request.actor
    run = policies.plan_run_get_for(actor, run_id)
    if request.headers.get("HX-Request") and not run.is_finished:
        return render(request, "matching/_plan_progress.html", {"run": run})
    if request.headers.get("HX-Request"):
        response = render(request, "matching/_plan_progress.html", {"run": run})
        response["HX-Refresh"] = "true"
        return response
    placements = run.placements.select_related("trainee__course").order_by(
        "-placed", "unplaced_reason", "-total", "trainee__name"
    )
    show = request.GET.get("show", "")
    if show == "unplaced":
        placements = placements.filter(placed=False)
    elif show == "placed":
        placements = placements.filter(placed=True)
    page = Paginator(placements, 50).get_page(request.GET.get("page"))
    record_access(request, Action.LIST, trainees=page.object_list)
    summary = selectors.plan_run_summary(run) if run.status == RunStatus.SUCCEEDED else None
    constraints = selectors.plan_constraints_for(actor, cohort=run.cohort)
    return render(
        request,
        "matching/plan_detail.html",
        {
            "run": run,
            "page": page,
            "show": show,
            "summary": summary,
            "reason_labels": dict(UnplacedReason.choices),
            "constraints": constraints,
            "openings": run.input_snapshot.get("openings", []),
            "nav_active": "plans",
        },
    )


@login_required
@require_POST
def plan_rerun(request, run_id: int):
    actor = request.actor
    run = policies.plan_run_get_for(actor, run_id)
    new = services.plan_run_request(
        actor=actor, cohort=run.cohort, course=run.course, parameters=run.parameters
    )
    return redirect("matching:plan_detail", run_id=new.pk)


@login_required
@require_POST
def plan_constraint_add(request, run_id: int):
    actor = request.actor
    run = policies.plan_run_get_for(actor, run_id)
    form = ConstraintForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an opening and pin or exclude."))
        return redirect("matching:plan_detail", run_id=run.pk)
    trainee = policies.plan_trainee_get_for(actor, form.cleaned_data["trainee"])
    try:
        services.plan_constraint_set(
            actor=actor,
            cohort=run.cohort,
            trainee=trainee,
            opening_key=form.cleaned_data["opening"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Saved. Run the plan again to apply it."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("matching:plan_detail", run_id=run.pk)


@login_required
@require_POST
def plan_constraint_remove(request, run_id: int, constraint_id: int):
    actor = request.actor
    run = policies.plan_run_get_for(actor, run_id)
    constraint = policies.plan_constraint_get_for(actor, constraint_id)
    services.plan_constraint_remove(actor=actor, constraint=constraint)
    messages.success(request, _("Removed."))
    return redirect("matching:plan_detail", run_id=run.pk)


@login_required
@require_POST
def plan_suggest(request, run_id: int):
    actor = request.actor
    run = policies.plan_run_get_for(actor, run_id)
    try:
        n = services.plan_suggest_applications(actor=actor, run=run)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("%(n)s trainees will see the suggestion on their page.") % {"n": n}
        )
    return redirect("matching:plan_detail", run_id=run.pk)


# --- match days ----------------------------------------------------------------------------------


@login_required
def match_day_list(request):
    actor = request.actor
    require(policies.can_view_match_days(actor))
    return render(
        request,
        "matching/match_day_list.html",
        {
            "days": selectors.match_days_for(actor),
            "can_create": policies.can_create_match_day(actor),
            "nav_active": "match_days",
        },
    )


@login_required
def match_day_create(request):
    actor = request.actor
    require(policies.can_create_match_day(actor))
    today = timezone.localdate()
    postings = list(
        policies.match_day_postings_for_organiser(actor)
        .filter(status="open", deadline__gte=today)
        .select_related("company")
        .order_by("company__name", "title")
    )
    trainees = list(
        adapter.matchable_trainees(
            policies.match_day_trainees_for_organiser(actor).consenting_to_companies(),
            today=today,
        )
        .select_related("course")
        .order_by("course__cohort__number", "course__name", "name")
    )
    form = MatchDayForm(request.POST or None)
    chosen_postings: dict[int, int] = {}
    chosen_trainees: list[int] = []
    if request.method == "POST":
        for p in postings:
            if request.POST.get(f"posting_{p.pk}"):
                chosen_postings[p.pk] = int_param(request.POST.get(f"places_{p.pk}")) or 0
        chosen_trainees = [
            n for n in map(int_param, request.POST.getlist("trainees")) if n is not None
        ]
        if form.is_valid():
            data = form.cleaned_data
            try:
                day = services.match_day_create(
                    actor=actor,
                    title=data["title"],
                    held_on=data["held_on"],
                    interview_at=data["interview_at"],
                    interview_place=data["interview_place"],
                    deadline=data["deadline"],
                    cohort=data["cohort"],
                    description=data["description"],
                    postings=chosen_postings,
                    trainee_ids=chosen_trainees,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Match day created."))
                return redirect("matching:match_day", match_day_id=day.pk)
    return render(
        request,
        "matching/match_day_form.html",
        {
            "form": form,
            "postings": postings,
            "trainees": trainees,
            "chosen_postings": chosen_postings,
            "chosen_trainees": set(chosen_trainees),
            "nav_active": "match_days",
        },
    )


def _ranking_context(actor, day, rnd):
    """The rank forms this actor may fill in this round, with their current lists."""
    forms_ = []
    if rnd is None:
        return forms_
    trainee_ids = set(services.round_trainee_ids(rnd))
    capacities = services.round_capacities(rnd)
    postings = {
        p.posting_id: p
        for p in MatchDayPosting.objects.filter(match_day=day).select_related("posting__company")
    }
    own = policies.rank_trainees_for(actor, day).filter(
        pk__in=sorted(actor.trainee_ids & trainee_ids)
    )
    for trainee in own.order_by("pk"):
        current = selectors.rank_list_of(rnd, trainee=trainee)
        forms_.append(
            {
                "side": "trainee",
                "owner": trainee,
                "title": _("Your ranking of the companies' postings"),
                "options": [
                    (pid, f"{postings[pid].posting.company.name} · {postings[pid].posting.title}")
                    for pid in capacities
                ],
                "ranks": {v: i for i, v in enumerate(current, start=1)},
            }
        )
    own_postings = [
        postings[pid]
        for pid in capacities
        if policies.can_rank_as_company(actor, postings[pid].posting)
    ]
    if own_postings:
        # the round's trainees (eligible, still consenting, not matched earlier), not ids from
        # the request: a company ranks all of them
        people = Trainee.objects.filter(pk__in=trainee_ids).select_related("course")
        for md_posting in own_postings:
            current = selectors.rank_list_of(rnd, posting=md_posting.posting)
            forms_.append(
                {
                    "side": "posting",
                    "owner": md_posting.posting,
                    "title": _("Your ranking of trainees for “%(title)s”")
                    % {"title": md_posting.posting.title},
                    "options": [(t.pk, f"{t.name} · {t.course.name}") for t in people],
                    "ranks": {v: i for i, v in enumerate(current, start=1)},
                }
            )
    return forms_


@login_required
def match_day_detail(request, match_day_id: int):
    actor = request.actor
    day = policies.match_day_get_for(actor, match_day_id)
    rounds = list(day.rounds.order_by("number"))
    rnd = rounds[-1] if rounds else None
    manage = policies.can_manage_match_day(actor, day)
    ranking = _ranking_context(actor, day, rnd)
    shown = [pk for f in ranking if f["side"] == "posting" for pk, _label in f["options"]]
    record_access(request, Action.LIST, trainees=shown)
    context = {
        "day": day,
        "rounds": rounds,
        "round": rnd,
        "manage": manage,
        "ranking": ranking,
        "ranking_open": rnd is not None
        and rnd.status == MatchRound.Status.RANKING
        and timezone.now() < rnd.deadline,
        "results_by_round": [(r, selectors.results_for(actor, r)) for r in rounds],
        "next_form": NextRoundForm(),
        "nav_active": "match_days",
    }
    if manage and rnd is not None:
        status = selectors.submission_status(rnd)
        context["submitted_trainees"] = len(status["trainees"])
        context["submitted_postings"] = len(status["postings"])
        context["round_trainees"] = len(services.round_trainee_ids(rnd))
        context["round_postings"] = len(services.round_capacities(rnd))
        context["md_postings"] = day.postings.select_related("posting__company")
    return render(request, "matching/match_day_detail.html", context)


@login_required
@require_POST
def rank_submit(request, match_day_id: int, side: str, owner_id: int):
    actor = request.actor
    day = policies.match_day_get_for(actor, match_day_id)
    rnd = day.rounds.order_by("-number").first()
    if rnd is None or side not in ("trainee", "posting"):
        raise Http404
    ranked = []
    for name, value in request.POST.items():
        if name.startswith("rank_") and value.strip():
            try:
                ranked.append((int(value), int(name[5:])))
            except ValueError:
                messages.error(request, _("Ranks are whole numbers: 1 is your first choice."))
                return redirect("matching:match_day", match_day_id=day.pk)
    ranks = [r for r, _id in ranked]
    if len(set(ranks)) != len(ranks) or any(r < 1 for r in ranks):
        messages.error(request, _("Give each choice a different rank, starting from 1."))
        return redirect("matching:match_day", match_day_id=day.pk)
    ordered = [i for _r, i in sorted(ranked)]
    try:
        if side == "trainee":
            trainee = policies.rank_trainee_get_for(actor, day, owner_id)
            services.rank_list_submit(actor=actor, round=rnd, trainee=trainee, ordered_ids=ordered)
        else:
            posting = policies.rank_posting_get_for(actor, day, owner_id)
            services.rank_list_submit(actor=actor, round=rnd, posting=posting, ordered_ids=ordered)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("Your rank list is saved. You can change it until the deadline.")
        )
    return redirect("matching:match_day", match_day_id=day.pk)


@login_required
@require_POST
def round_action(request, match_day_id: int, action: str):
    actor = request.actor
    day = policies.match_day_get_for(actor, match_day_id)
    require(policies.can_manage_match_day(actor, day))
    rnd = day.rounds.order_by("-number").first()
    try:
        if action == "close":
            services.match_round_close_now(actor=actor, round=rnd)
            messages.success(request, _("Ranking closed."))
        elif action == "run":
            services.match_round_run(actor=actor, round=rnd)
            messages.success(request, _("Matched. Review the results, then publish them."))
        elif action == "publish":
            services.match_round_publish(actor=actor, round=rnd)
            messages.success(request, _("Published. Both sides can see their results."))
        elif action == "next":
            form = NextRoundForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the deadline of the next round."))
            else:
                services.match_round_open_next(
                    actor=actor, match_day=day, deadline=form.cleaned_data["deadline"]
                )
                messages.success(request, _("The next round is open."))
        else:
            raise Http404
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("matching:match_day", match_day_id=day.pk)


# --- gap view ------------------------------------------------------------------------------------


@login_required
def gaps(request):
    actor = request.actor
    require(policies.can_view_gaps(actor))
    form = GapForm(request.GET or None)
    cohort, months, max_shift = None, 12, 3
    if form.is_valid():
        cohort = form.cleaned_data["cohort"]
        months = form.cleaned_data["months"] or 12
        max_shift = (
            form.cleaned_data["max_shift"] if form.cleaned_data["max_shift"] is not None else 3
        )
    table = selectors.gap_table_for(actor=actor, cohort=cohort, months=months, max_shift=max_shift)
    return render(
        request,
        "matching/gaps.html",
        {
            "form": form,
            "table": table,
            "chart": _chart(table),
            "chart_width": 40 + 60 * len(table.months),
            "nav_active": "gaps",
        },
    )


def _chart(table: selectors.GapTable) -> list[dict]:
    """Bar geometry per month (all roles): heights scaled to the tallest bar, 180 px."""
    columns = []
    for i, month in enumerate(table.months):
        demand = sum(r.cells[i].demand for r in table.rows)
        supply = sum(r.cells[i].supply for r in table.rows)
        shortage = sum(r.cells[i].shortage for r in table.rows)
        columns.append({"month": month, "demand": demand, "supply": supply, "shortage": shortage})
    peak = max([max(c["demand"], c["supply"]) for c in columns] + [1])
    for i, c in enumerate(columns):
        c["demand_h"] = round(180 * c["demand"] / peak)
        c["supply_h"] = round(180 * c["supply"] / peak)
        c["demand_y"] = 200 - c["demand_h"]
        c["supply_y"] = 200 - c["supply_h"]
        c["x"] = 40 + 60 * i
        c["x2"] = 40 + 60 * i + 24
    return columns
