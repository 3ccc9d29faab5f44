"""Writes for match days: creating one, rank lists, running deferred acceptance per round,
publishing results and opening the next round."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Trainee
from careerhub.applications import services as application_services
from careerhub.applications.models import Application
from careerhub.applications.transitions import ACTIVE, Stage
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.matching import adapter, policies
from careerhub.matching.errors import MatchingErrorCode
from careerhub.matching.models import (
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchResult,
    MatchRound,
    RankEntry,
    RankList,
)
from careerhub.matching.services.shared import _today
from careerhub.messaging.services import Draft, messages_enqueue_bulk

logger = logging.getLogger(__name__)


def match_day_create(
    *,
    actor: Actor,
    title: str,
    held_on: dt.date,
    interview_at: dt.datetime,
    interview_place: str,
    deadline: dt.datetime,
    postings: Mapping[int, int],
    trainee_ids: Sequence[int],
    cohort: Cohort | None = None,
    description: str = "",
) -> MatchDay:
    """Create a match day with its participating postings (posting id → places), eligible
    trainees and the first round's ranking deadline."""
    if not policies.can_create_match_day(actor):
        raise PermissionDenied
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    now = timezone.now()
    if deadline <= now:
        errors["deadline"].append(
            ValidationError(
                _("The ranking deadline must be in the future."),
                code=MatchingErrorCode.DEADLINE_PAST,
            )
        )
    if interview_at < deadline:
        errors["interview_at"].append(
            ValidationError(
                _("Interviews cannot start before the rank lists are due."),
                code=MatchingErrorCode.INTERVIEW_EARLY,
            )
        )
    allowed_postings = policies.match_day_postings_for_organiser(actor)
    posting_rows = {
        p.pk: p for p in allowed_postings.filter(pk__in=list(postings)).select_related("company")
    }
    if not postings:
        errors["postings"].append(
            ValidationError(_("Add at least one posting."), code=MatchingErrorCode.REQUIRED)
        )
    for pid, places in postings.items():
        posting = posting_rows.get(pid)
        if posting is None:
            raise PermissionDenied
        if posting.status != PostingStatus.OPEN:
            errors["postings"].append(
                ValidationError(
                    _("“%(title)s” is not open.") % {"title": posting.title},
                    code=MatchingErrorCode.POSTING_NOT_OPEN,
                )
            )
        if not 1 <= int(places) <= posting.headcount:
            errors["postings"].append(
                ValidationError(
                    _("“%(title)s” can take 1 to %(n)s trainees.")
                    % {"title": posting.title, "n": posting.headcount},
                    code=MatchingErrorCode.BAD_PLACES,
                )
            )
    allowed = policies.match_day_trainees_for_organiser(actor).consenting_to_companies()
    trainees = set(allowed.filter(pk__in=list(trainee_ids)).values_list("pk", flat=True))
    missing = set(trainee_ids) - trainees
    if missing:
        errors["trainees"].append(
            ValidationError(
                _(
                    "%(n)s of the chosen trainees cannot take part: only your own trainees who "
                    "consent to provision to companies can."
                )
                % {"n": len(missing)},
                code=MatchingErrorCode.NOT_ELIGIBLE,
            )
        )
    if not trainee_ids:
        errors["trainees"].append(
            ValidationError(_("Add at least one trainee."), code=MatchingErrorCode.REQUIRED)
        )
    if errors:
        raise ValidationError(dict(errors))
    operator_id = None
    if not actor.program_staff:
        operator_id = next(iter(sorted(actor.staff_operator_ids)))
    with transaction.atomic():
        day = MatchDay(
            title=title.strip(),
            cohort=cohort,
            operator_id=operator_id,
            held_on=held_on,
            interview_at=interview_at,
            interview_place=interview_place.strip(),
            description=description.strip(),
            created_by=actor.user,
        )
        day.full_clean()
        day.save()
        MatchDayPosting.objects.bulk_create(
            MatchDayPosting(match_day=day, posting_id=pid, places=int(n))
            for pid, n in postings.items()
        )
        MatchDayTrainee.objects.bulk_create(
            MatchDayTrainee(match_day=day, trainee_id=tid) for tid in sorted(trainees)
        )
        first = MatchRound(match_day=day, number=1, deadline=deadline)
        first.full_clean()
        first.save()
        event_record(
            actor=actor,
            verb="matching.match_day_created",
            target=day,
            postings=len(postings),
            trainees=len(trainees),
        )
    return day


def round_trainee_ids(round: MatchRound) -> list[int]:
    """Trainees who may rank in this round: the eligible ones still consenting to provision
    to companies, less those matched in an earlier published round."""
    eligible = list(
        Trainee.objects.consenting_to_companies()
        .filter(pk__in=round.match_day.trainees.values("trainee_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    matched = set(
        MatchResult.objects.filter(
            round__match_day=round.match_day,
            round__number__lt=round.number,
            round__status=MatchRound.Status.PUBLISHED,
            posting__isnull=False,
        ).values_list("trainee_id", flat=True)
    )
    return [t for t in eligible if t not in matched]


def round_capacities(round: MatchRound) -> dict[int, int]:
    """Places each posting still has in this round (posting id → places, zeros left out)."""
    filled = Counter(
        MatchResult.objects.filter(
            round__match_day=round.match_day,
            round__number__lt=round.number,
            round__status=MatchRound.Status.PUBLISHED,
            posting__isnull=False,
        ).values_list("posting_id", flat=True)
    )
    out = {}
    for pid, places in round.match_day.postings.order_by("posting_id").values_list(
        "posting_id", "places"
    ):
        left = places - filled.get(pid, 0)
        if left > 0:
            out[pid] = left
    return out


def _check_ranking_open(round: MatchRound, now: dt.datetime) -> None:
    if round.status != MatchRound.Status.RANKING:
        raise ValidationError(
            _("Rank lists for this round are closed."), code=MatchingErrorCode.RANKING_CLOSED
        )
    if now >= round.deadline:
        raise ValidationError(
            _("The deadline for rank lists has passed."), code=MatchingErrorCode.DEADLINE_PASSED
        )


def rank_list_submit(
    *,
    actor: Actor,
    round: MatchRound,
    ordered_ids: Sequence[int],
    trainee: Trainee | None = None,
    posting: JobPosting | None = None,
) -> RankList | None:
    """Submit (or replace) one side's rank list before the deadline: a trainee's postings
    best first, or a posting's trainees best first. An empty list withdraws it."""
    if (trainee is None) == (posting is None):
        raise ValueError("give exactly one of trainee or posting")
    day = round.match_day
    if trainee is not None and not policies.can_rank_for_trainee(actor, day, trainee):
        raise PermissionDenied
    if posting is not None and not policies.can_rank_for_posting(actor, day, posting):
        raise PermissionDenied
    now = timezone.now()
    _check_ranking_open(round, now)
    ids = [int(i) for i in ordered_ids]
    if len(set(ids)) != len(ids):
        raise ValidationError(
            _("Each choice may appear only once."), code=MatchingErrorCode.DUPLICATE_CHOICE
        )
    if trainee is not None:
        if trainee.pk not in round_trainee_ids(round):
            raise ValidationError(
                _("You were matched in an earlier round."), code=MatchingErrorCode.NOT_IN_ROUND
            )
        allowed = set(round_capacities(round))
    else:
        if posting.pk not in round_capacities(round):
            raise ValidationError(
                _("This posting has no places left in this round."),
                code=MatchingErrorCode.NOT_IN_ROUND,
            )
        allowed = set(round_trainee_ids(round))
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise ValidationError(
            _("Some choices are not part of this round."), code=MatchingErrorCode.NOT_IN_ROUND
        )
    with transaction.atomic():
        # lock the round row so a run cannot start while lists are being replaced
        locked = MatchRound.objects.select_for_update().get(pk=round.pk)
        _check_ranking_open(locked, timezone.now())
        owner = {"trainee": trainee} if trainee is not None else {"posting": posting}
        RankList.objects.filter(round=round, **owner).delete()
        event_record(
            actor=actor,
            verb="matching.rank_list_submitted",
            target=round,
            side="trainee" if trainee is not None else "posting",
            owner=(trainee or posting).pk,
            length=len(ids),
        )
        if not ids:
            return None
        rank_list = RankList(round=round, submitted_by=actor.user, submitted_at=now, **owner)
        rank_list.full_clean()
        rank_list.save()
        side = "posting_id" if trainee is not None else "trainee_id"
        RankEntry.objects.bulk_create(
            RankEntry(rank_list=rank_list, position=i, **{side: value})
            for i, value in enumerate(ids, start=1)
        )
    return rank_list


def match_round_close_now(*, actor: Actor, round: MatchRound) -> MatchRound:
    """Bring the deadline forward to now (organisers only)."""
    if not policies.can_manage_match_day(actor, round.match_day):
        raise PermissionDenied
    with transaction.atomic():
        _check_ranking_open(round, timezone.now())
        round.deadline = timezone.now()
        round.save(update_fields=["deadline"])
        event_record(actor=actor, verb="matching.ranking_closed", target=round)
    return round


def match_round_run(*, actor: Actor, round: MatchRound) -> MatchRound:
    """After the deadline: trainee-proposing deferred acceptance on the submitted lists.
    The result waits for review; running again replaces it until it is published."""
    if not policies.can_manage_match_day(actor, round.match_day):
        raise PermissionDenied
    if round.status == MatchRound.Status.PUBLISHED:
        raise ValidationError(
            _("This round is already published."), code=MatchingErrorCode.PUBLISHED
        )
    if timezone.now() < round.deadline:
        raise ValidationError(
            _("Rank lists are due until the deadline; run the matching after it."),
            code=MatchingErrorCode.BEFORE_DEADLINE,
        )
    with transaction.atomic():
        matched, trainees, blocking = _match_round(round, matched_by=actor.user)
        event_record(
            actor=actor,
            verb="matching.round_matched",
            target=round,
            matched=matched,
            trainees=trainees,
            blocking_pairs=blocking,
        )
    return round


def _match_round(round: MatchRound, *, matched_by) -> tuple[int, int, int]:
    """Deferred acceptance on the round's lists; stores the results (no audit event).
    Returns (matched, trainees, blocking pairs)."""
    trainee_ids = round_trainee_ids(round)
    capacities = round_capacities(round)
    postings = list(capacities)
    p_index = {p: i for i, p in enumerate(postings)}
    t_index = {t: i for i, t in enumerate(trainee_ids)}
    trainee_lists: list[list[int]] = [[] for _t in trainee_ids]
    opening_rank: dict[tuple[int, int], int] = {}
    for rl in round.rank_lists.prefetch_related("entries"):
        entries = sorted(rl.entries.all(), key=lambda e: e.position)
        if rl.trainee_id is not None and rl.trainee_id in t_index:
            trainee_lists[t_index[rl.trainee_id]] = [
                p_index[e.posting_id] for e in entries if e.posting_id in p_index
            ]
        elif rl.posting_id is not None and rl.posting_id in p_index:
            o = p_index[rl.posting_id]
            for rank, e in enumerate(e for e in entries if e.trainee_id in t_index):
                opening_rank[(o, t_index[e.trainee_id])] = rank
    assignment, blocking = adapter.deferred_acceptance(
        trainee_lists, opening_rank, [capacities[p] for p in postings]
    )
    with transaction.atomic():
        round.results.all().delete()
        results = []
        for t, a in enumerate(assignment):
            posting_id = postings[a] if a >= 0 else None
            results.append(
                MatchResult(
                    round=round,
                    trainee_id=trainee_ids[t],
                    posting_id=posting_id,
                    trainee_choice=(trainee_lists[t].index(a) + 1) if a >= 0 else None,
                    company_choice=(opening_rank[(a, t)] + 1) if a >= 0 else None,
                )
            )
        MatchResult.objects.bulk_create(results)
        round.status = MatchRound.Status.MATCHED
        round.matched_at = timezone.now()
        round.matched_by = matched_by
        round.blocking_pairs = blocking
        round.full_clean()
        round.save()
    return sum(1 for a in assignment if a >= 0), len(trainee_ids), blocking


def match_round_publish(*, actor: Actor, round: MatchRound) -> MatchRound:
    """Publish a reviewed round: every match becomes an application at the interview stage
    (through the applications service, which notifies both sides by page and email), and
    unmatched trainees are told by email. All or nothing."""
    day = round.match_day
    if not policies.can_manage_match_day(actor, day):
        raise PermissionDenied
    if round.status != MatchRound.Status.MATCHED:
        raise ValidationError(
            _("Run the matching before publishing it."), code=MatchingErrorCode.NOT_MATCHED
        )
    today = _today()
    results = list(round.results.select_related("trainee__course", "posting__company"))
    closed = sorted(
        {
            r.posting.title
            for r in results
            if r.posting is not None
            and (r.posting.status != PostingStatus.OPEN or r.posting.deadline < today)
        }
    )
    if closed:
        raise ValidationError(
            _(
                "These postings no longer take applications; reopen them or run again without "
                "them: %(titles)s"
            )
            % {"titles": ", ".join(closed)},
            code=MatchingErrorCode.POSTING_NOT_OPEN,
        )
    consent_text = _("Ranked this posting at match day “%(title)s”.") % {"title": day.title}
    unmatched: list[Trainee] = []
    with transaction.atomic():
        for result in results:
            if result.posting is None:
                if result.trainee.email:
                    unmatched.append(result.trainee)
                continue
            result.application = _application_at_interview(
                actor=actor,
                trainee=result.trainee,
                posting=result.posting,
                day=day,
                consent_text=consent_text,
            )
            result.save(update_fields=["application"])
        round.status = MatchRound.Status.PUBLISHED
        round.published_at = timezone.now()
        round.published_by = actor.user
        round.full_clean()
        round.save()
        event_record(
            actor=actor,
            verb="matching.round_published",
            target=round,
            matched=sum(1 for r in results if r.posting_id),
            unmatched=len(unmatched),
        )
        # In the outbox, in this transaction: sent after commit, retried, never dropped.
        messages_enqueue_bulk(drafts=_unmatched_emails(day, round.number, unmatched))
    return round


def _application_at_interview(
    *, actor: Actor, trainee: Trainee, posting: JobPosting, day: MatchDay, consent_text: str
) -> Application:
    application = Application.objects.filter(
        trainee=trainee, posting=posting, status__in=ACTIVE
    ).first()
    if application is None:
        application = application_services.application_create(
            actor=actor, trainee=trainee, posting=posting, behalf_consent=consent_text
        )
    details = {"interview_at": day.interview_at, "interview_place": day.interview_place}
    if application.status == Stage.APPLIED:
        application = application_services.application_move(
            actor=actor,
            application=application,
            to_status=Stage.DOCUMENT_PASS,
            expected_version=application.version,
        )
    if application.status == Stage.DOCUMENT_PASS:
        application = application_services.application_move(
            actor=actor,
            application=application,
            to_status=Stage.INTERVIEW_SCHEDULED,
            expected_version=application.version,
            details=details,
        )
    return application


def _unmatched_emails(day: MatchDay, number: int, trainees: Sequence[Trainee]) -> list[Draft]:
    return [
        Draft(
            kind="match_day_unmatched",
            to_address=trainee.email,
            recipient_id=trainee.user_id,
            operator_id=day.operator_id,
            subjects={"trainees": [trainee.pk]},
            subject=_("[careerhub] Match day results: %(title)s") % {"title": day.title},
            body=_(
                "%(name)s, you were not matched in round %(round)s of %(title)s. "
                "Your consultant will tell you about the next round."
            )
            % {"name": trainee.name, "round": number, "title": day.title},
        )
        for trainee in trainees
    ]


def match_round_open_next(
    *, actor: Actor, match_day: MatchDay, deadline: dt.datetime
) -> MatchRound:
    """Open another round for the trainees still unmatched and the places still unfilled."""
    if not policies.can_manage_match_day(actor, match_day):
        raise PermissionDenied
    last = match_day.rounds.order_by("-number").first()
    if last is None or last.status != MatchRound.Status.PUBLISHED:
        raise ValidationError(
            _("Publish the current round before opening the next."),
            code=MatchingErrorCode.ROUND_OPEN,
        )
    if deadline <= timezone.now():
        raise ValidationError(
            {
                "deadline": ValidationError(
                    _("The ranking deadline must be in the future."),
                    code=MatchingErrorCode.DEADLINE_PAST,
                )
            }
        )
    nxt = MatchRound(match_day=match_day, number=last.number + 1, deadline=deadline)
    if not round_trainee_ids(nxt) or not round_capacities(nxt):
        raise ValidationError(
            _("Everyone is matched or every place is filled: there is nothing left to match."),
            code=MatchingErrorCode.NOTHING_LEFT,
        )
    with transaction.atomic():
        nxt.full_clean()
        nxt.save()
        event_record(actor=actor, verb="matching.round_opened", target=nxt, number=nxt.number)
    return nxt
