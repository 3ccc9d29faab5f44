"""A lean world with one object of every kind per owner, for the role × URL matrix.

On top of the shared ``world`` (operators A/B, companies X/Y, trainees A1/A2/B1, one user
per role) it adds, for each side of every boundary the matrix crosses:

- operator A / operator B: a project and an assessment per course, a consulting slot and a
  booking with an action item, a start-up team, a posting import with a posting awaiting
  review, an outbox message and a bulk send, a cohort plan run with a pin, a match day with
  an open round;
- company X / company Y: a contact, an open and a draft posting, a demand answer with a line,
  an application from trainee A1 (to X) and from trainee B1 (to Y), a candidate list;
- trainee A1 / trainee B1: an outcome with its evidence file, a correction and an erasure
  request about their data;
- committee 1 (the ``committee`` user sits on it) / committee 2 (nobody of ``ROLES``):
  a published meeting with a decision, and a member each;
- applicant 1 (course A) / applicant 2 (course B) of an intake cohort: an application with
  its choice and a selection override, and their signed links: the current one, one made
  before the version was bumped, one sent 400 days ago, and the email-confirmation link;
  a selection run waiting for the office to publish it;
- one access record of operator A's staff member (for the office's access review).

Operator A partners with company X and operator B with company Y, so each operator's staff
may post for "their" company and not for the other one.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from unittest import mock

from django.core.files.base import ContentFile
from django.utils import timezone

from careerhub.academy.models import (
    Assessment,
    DataRequest,
    OperatorPartnership,
    Project,
    ProjectMember,
)
from careerhub.accounts.models import Role
from careerhub.applications.models import Application
from careerhub.committees.models import Committee, CommitteeMember, Decision, Meeting
from careerhub.companies.models import Contact
from careerhub.consulting.models import ActionItem, Booking, Slot
from careerhub.core.models import AccessRecord
from careerhub.core.tests import factories as f
from careerhub.employer_feedback.models import HireFeedback
from careerhub.followup import tokens as checkin_tokens
from careerhub.followup.models import CheckIn
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    JobPosting,
    PostingImport,
    SurveyRound,
)
from careerhub.intake import tokens
from careerhub.intake.models import SelectionOverride, SelectionRun
from careerhub.matching import adapter
from careerhub.matching.models import (
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchRound,
    PlanConstraint,
    PlanRun,
    Recommendation,
    RecommendationRun,
)
from careerhub.messaging.models import Message, MessageBatch
from careerhub.outcomes.models import Outcome, OutcomeType, StartupMember, StartupTeam


@dataclass
class Side:
    """The objects one owner (an operator, a company, a trainee, an applicant) holds."""

    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class MatrixWorld:
    world: object
    a: Side  # operator A's side: course A, trainee A1's things, company X's partner
    b: Side  # operator B's side: course B, trainee B1's things, company Y's partner
    cohort: object
    round: object
    committee_1: object
    committee_2: object

    @property
    def users(self):
        return self.world.users


def _posting(company, role, *, status, title, **extra):
    return JobPosting.objects.create(
        company=company,
        title=title,
        role=role,
        region="gwangju",
        headcount=1,
        deadline=timezone.localdate() + dt.timedelta(days=25),
        status=status,
        **extra,
    )


def _side(world, *, key, operator, course, trainee, company, consultant, staff, now, rnd):
    """One owner's objects; ``key`` ("a" or "b") names them in labels."""
    s = Side()
    role = course.track_role
    OperatorPartnership.objects.create(operator=operator, company=company)
    s.objects["course"] = course
    s.objects["operator"] = operator
    s.objects["trainee"] = trainee
    # a trainee who fits the side's posting (on its candidate list if they consent)
    trainee.available_from = adapter.add_months(timezone.localdate(), 1)
    trainee.desired_regions = ["gwangju"]
    trainee.save()
    trainee.desired_roles.set([role])
    s.objects["company"] = company
    s.objects["contact"] = Contact.objects.create(company=company, name=f"담당자{key}")
    project = Project.objects.create(
        course=course,
        company=company,
        team_name=f"팀{key}",
        topic="추천 시스템",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    ProjectMember.objects.create(project=project, trainee=trainee)
    s.objects["project"] = project
    s.objects["assessment"] = Assessment.objects.create(
        course=course, kind="coding_test", title=f"코딩 테스트 {key}", held_on=dt.date(2026, 4, 1)
    )
    slot = Slot.objects.create(
        consultant=consultant,
        operator=operator,
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=1),
    )
    free_slot = Slot.objects.create(
        consultant=consultant,
        operator=operator,
        starts_at=now + dt.timedelta(days=4),
        ends_at=now + dt.timedelta(days=4, hours=1),
    )
    booking = Booking.objects.create(slot=slot, trainee=trainee, session_type="resume")
    s.objects["slot"] = free_slot
    s.objects["booking"] = booking
    s.objects["action_item"] = ActionItem.objects.create(
        booking=booking, title="이력서 고치기", due_on=dt.date(2026, 12, 20)
    )
    team = StartupTeam.objects.create(operator=operator, name=f"스타트업{key}", idea="AI 면접")
    StartupMember.objects.create(team=team, trainee=trainee, joined_on=dt.date(2026, 5, 1))
    s.objects["team"] = team
    batch = PostingImport.objects.create(
        file_name=f"import-{key}.xlsx", file_sha256=f"{key}" * 64, operator=operator
    )
    s.objects["posting_import"] = batch
    s.objects["review_posting"] = _posting(
        company,
        role,
        status="draft",
        title=f"검토 대기 {key}",
        import_batch=batch,
        needs_review=True,
    )
    s.objects["email"] = Message.objects.create(
        kind="application_update",
        to_address=f"mail-{key}@example.kr",
        subject="알림",
        body="본문",
        operator_id=operator.pk,
        status=Message.Status.FAILED,
        last_error="연결 실패",
    )
    s.objects["message_batch"] = MessageBatch.objects.create(
        title=f"결과 안내 {key}", operator_id=operator.pk
    )
    posting = _posting(company, role, status="open", title=f"공고 {key}")
    s.objects["posting"] = posting
    s.objects["opening_key"] = adapter.posting_key(posting.pk)
    s.objects["draft"] = _posting(company, role, status="draft", title=f"초안 {key}")
    s.objects["application"] = Application.objects.create(trainee=trainee, posting=posting)
    s.objects["hire_feedback"] = HireFeedback.objects.create(
        application=s.objects["application"], due_on=dt.date(2026, 12, 31)
    )
    outcome = Outcome.objects.create(
        trainee=trainee,
        outcome_type=OutcomeType.EMPLOYED,
        start_date=dt.date(2026, 12, 1),
        company_name=company.name,
        employment_type="full_time",
    )
    outcome.evidence_file.save(f"evidence-{key}.pdf", ContentFile(b"%PDF-1.4 test"))
    s.objects["outcome"] = outcome
    # a graduate's check-in answered "still seeking": on the consultant's follow-up list
    checkin = CheckIn.objects.create(
        kind=CheckIn.Kind.GRADUATE,
        trainee=trainee,
        months=6,
        due_on=dt.date(2026, 6, 1),
        to_address=trainee.email,
        sent_at=now,
        answered_at=now,
        answer_status="still_seeking",
        follow_up_due_on=dt.date(2026, 6, 8),
    )
    s.objects["checkin"] = checkin
    s.objects["checkin_token"] = checkin_tokens.answer_token(checkin)
    s.objects["opt_out_token"] = checkin_tokens.opt_out_token(trainee.pk)
    long_ago = time.time() - 400 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        s.objects["old_checkin_token"] = checkin_tokens.answer_token(checkin)
    s.objects["data_request"] = DataRequest.objects.create(
        trainee=trainee,
        kind="correction",
        reason="전화번호가 바뀌었습니다.",
        requested_by=trainee.user,
    )
    s.objects["erasure_request"] = DataRequest.objects.create(
        trainee=trainee, kind="erasure", reason="탈퇴합니다.", requested_by=trainee.user
    )
    response = DemandResponse.objects.create(round=rnd, company=company)
    s.objects["response"] = response
    s.objects["demand_line"] = DemandLine.objects.create(
        response=response,
        role=role,
        headcount=2,
        earliest_month=dt.date(2026, 12, 1),
        latest_month=dt.date(2027, 3, 1),
    )
    # the posting's current candidate list holds this side's trainee (signed as the posting
    # stands, so opening the list reuses it instead of asking the engine again)
    signature = adapter.digest(posting.pk, posting.updated_at, [])
    run = RecommendationRun.objects.create(subject="posting", posting=posting, signature=signature)
    Recommendation.objects.create(
        run=run,
        rank=1,
        trainee=trainee,
        opening_key=adapter.posting_key(posting.pk),
        total=0.8,
        role_fit=1,
        skill_fit=0.5,
        timing_fit=1,
        region_fit=1,
    )
    plan = PlanRun.objects.create(cohort=course.cohort, operator=operator, requested_by=staff)
    s.objects["plan"] = plan
    s.objects["constraint"] = PlanConstraint.objects.create(
        cohort=course.cohort,
        trainee=trainee,
        kind="pin",
        opening_key=adapter.posting_key(posting.pk),
        posting=posting,
    )
    match_day = MatchDay.objects.create(
        title=f"매칭데이 {key}",
        cohort=course.cohort,
        operator=operator,
        held_on=dt.date(2026, 12, 10),
        interview_at=now + dt.timedelta(days=10),
        interview_place="광주 AI 센터",
    )
    MatchDayPosting.objects.create(match_day=match_day, posting=posting, places=1)
    MatchDayTrainee.objects.create(match_day=match_day, trainee=trainee)
    MatchRound.objects.create(match_day=match_day, number=1, deadline=now + dt.timedelta(days=5))
    s.objects["match_day"] = match_day
    return s


def _committee(name, *, kind, user, now):
    committee = Committee.objects.create(kind=kind, name=name)
    member = CommitteeMember.objects.create(
        committee=committee,
        name="위원" if user is None else user.name,
        user=user,
        affiliation="external",
        joined_on=dt.date(2026, 1, 1),
    )
    meeting = Meeting.objects.create(
        committee=committee,
        number=1,
        held_at=now - dt.timedelta(days=7),
        status="held",
        agenda="취업 현황",
        minutes="논의함",
        minutes_published_at=now - dt.timedelta(days=1),
    )
    decision = Decision.objects.create(meeting=meeting, number=1, text="기업 발굴 확대")
    return {"committee": committee, "member": member, "meeting": meeting, "decision": decision}


def _intake(world, a: Side, b: Side):
    """Applicant 1 chooses course A, applicant 2 course B; each gets an override and links."""
    from careerhub.intake.tests.conftest import CLOSES, OPENS, apply

    cohort = world.course_a.cohort
    cohort.application_opens_at = OPENS
    cohort.application_closes_at = CLOSES
    cohort.save()
    for n, side in ((1, a), (2, b)):
        application = apply(cohort, n, [side.course])
        choice = application.choices.get()
        side.objects["applicant"] = application
        side.objects["choice"] = choice
        side.objects["override"] = SelectionOverride.objects.create(
            choice=choice, kind="priority", reason="지역 인재", created_by=world.users["office"]
        )
        # a link sent before the version was bumped (e.g. an email change) must be dead
        side.objects["stale_token"] = tokens.access_token(application)
        # a genuine link, sent long ago: expired
        long_ago = time.time() - 400 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=long_ago):
            side.objects["old_token"] = tokens.access_token(application)
        application.access_version += 1
        application.save(update_fields=["access_version"])
        side.objects["token"] = tokens.access_token(application)
        side.objects["confirm_token"] = tokens.confirm_token(application)
    # a selection run waits for the office to publish it (operators may run, not publish)
    SelectionRun.objects.create(cohort=cohort, run_at=timezone.now(), run_by=world.users["staff_a"])
    return cohort


def build(world) -> MatrixWorld:
    now = timezone.now()
    consultant_b = f.UserFactory(email="consultant_b@example.kr", name="consultant_b")
    f.grant(consultant_b, Role.CONSULTANT, operator=world.op_b)
    world.trainee_b1.consultant = consultant_b
    world.trainee_b1.save()
    rnd = SurveyRound.objects.create(
        title="2027년 채용 수요 조사",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
    )
    common = {"now": now, "rnd": rnd}
    a = _side(
        world,
        key="a",
        operator=world.op_a,
        course=world.course_a,
        trainee=world.trainee_a1,
        company=world.company_x,
        consultant=world.users["consultant_a"],
        staff=world.users["staff_a"],
        **common,
    )
    b = _side(
        world,
        key="b",
        operator=world.op_b,
        course=world.course_b,
        trainee=world.trainee_b1,
        company=world.company_y,
        consultant=consultant_b,
        staff=world.users["staff_b"],
        **common,
    )
    committee_1 = _committee(
        "취업지원위원회", kind="employment_support", user=world.users["committee"], now=now
    )
    committee_2 = _committee("운영위원회", kind="operating", user=None, now=now)
    cohort = _intake(world, a, b)
    # one access record of operator A's staff member, for the office's access review
    AccessRecord.objects.create(
        actor=world.users["staff_a"],
        actor_user_id=world.users["staff_a"].pk,
        action=AccessRecord.Action.VIEW,
        page="academy:trainee_detail",
    )
    return MatrixWorld(world, a, b, cohort, rnd, committee_1, committee_2)
