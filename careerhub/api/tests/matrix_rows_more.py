"""Rows of the key × operation matrix (test_matrix.py) for cohorts and courses, rates, the
gap table, recommendations, cohort plans, companies, match days and consulting. Objects on
the ``a`` side (operator A, company X, trainee A1) come from ``matrix_objects_more``."""

from __future__ import annotations

from careerhub.api.tests import matrix_objects_more as mo
from careerhub.api.tests.test_matrix import K, Row

STAFF_A = K("office operator_a")
ROWS: tuple[Row, ...] = (
    # cohorts and courses: the cohort is shared by operators A and B
    Row(
        "cohort_list",
        lambda o: "/cohorts",
        K("office operator_a operator_b"),
        listing=lambda o: o.world.course_a.cohort_id,
    ),
    Row(
        "cohort_read",
        lambda o: f"/cohorts/{o.world.course_a.cohort_id}",
        K("office operator_a operator_b"),
    ),
    Row(
        "course_list",
        lambda o: "/courses",
        K("office operator_a consultant_a"),
        listing=lambda o: o.world.course_a.pk,
    ),
    Row(
        "course_read",
        lambda o: f"/courses/{o.world.course_a.pk}",
        K("office operator_a consultant_a"),
    ),
    # aggregates: staff and consultants, never companies
    Row("rate_table", lambda o: "/rates", K("office operator_a operator_b consultant_a")),
    Row("rule_set_list", lambda o: "/rule-sets", K("office operator_a operator_b consultant_a")),
    Row("gap_table", lambda o: "/gaps", K("office operator_a operator_b")),
    # a trainee's recommendations: the office, their operator and their consultant
    Row(
        "recommendation_list",
        lambda o: f"/trainees/{o.world.trainee_a1.pk}/recommendations",
        K("office operator_a consultant_a"),
    ),
    # cohort plans: the office and the planning operator
    Row("plan_list", lambda o: "/plans", STAFF_A, listing=lambda o: mo.plan_of(o).pk),
    Row(
        "plan_start",
        lambda o: "/plans",
        K("office operator_a operator_b"),  # B plans its own trainees of the shared cohort
        body=lambda o: {"cohort_id": o.world.course_a.cohort_id},
    ),
    Row("plan_read", lambda o: f"/plans/{mo.plan_of(o).pk}", STAFF_A),
    Row("plan_placements", lambda o: f"/plans/{mo.plan_of(o).pk}/placements", STAFF_A),
    # companies: everyone but the other company; the stage history is the office's
    Row(
        "company_list",
        lambda o: "/companies",
        K("office operator_a operator_b consultant_a company_x"),
        listing=lambda o: o.world.company_x.pk,
    ),
    Row(
        "company_read",
        lambda o: f"/companies/{o.world.company_x.pk}",
        K("office operator_a operator_b consultant_a company_x"),
    ),
    Row(
        "company_stage_history",
        lambda o: f"/companies/{o.world.company_x.pk}/stages",
        K("office"),
    ),
    # a match day organised by operator A with company X's posting and trainee A1
    Row(
        "match_day_list",
        lambda o: "/match-days",
        K("office operator_a company_x"),
        listing=lambda o: mo.match_day_of(o).pk,
    ),
    Row(
        "match_day_read",
        lambda o: f"/match-days/{mo.match_day_of(o).pk}",
        K("office operator_a company_x"),
    ),
    Row(
        "rank_list_trainee_read",
        lambda o: (
            f"/match-days/{mo.match_day_of(o).pk}/rank-lists/trainees/{o.world.trainee_a1.pk}"
        ),
        STAFF_A,
    ),
    Row(
        "rank_list_trainee_submit",
        lambda o: (
            f"/match-days/{mo.match_day_of(o).pk}/rank-lists/trainees/{o.world.trainee_a1.pk}"
        ),
        STAFF_A,
        body=lambda o: {"ordered_ids": [o.open_posting.pk]},
    ),
    Row(
        "rank_list_posting_read",
        lambda o: f"/match-days/{mo.match_day_of(o).pk}/rank-lists/postings/{o.open_posting.pk}",
        K("office operator_a company_x"),
    ),
    Row(
        "rank_list_posting_submit",
        lambda o: f"/match-days/{mo.match_day_of(o).pk}/rank-lists/postings/{o.open_posting.pk}",
        K("office operator_a company_x"),
        body=lambda o: {"ordered_ids": [o.world.trainee_a1.pk]},
    ),
    Row(
        "match_day_results",
        lambda o: f"/match-days/{mo.match_day_of(o).pk}/results",
        K("office operator_a company_x"),
    ),
    # consulting: operator A's consultant's slots; trainee A1's booking
    Row(
        "slot_list",
        lambda o: "/consulting/slots",
        K("office operator_a consultant_a"),
        listing=lambda o: mo.free_slot_of(o).pk,
    ),
    Row(
        "booking_list",
        lambda o: "/consulting/bookings",
        K("office operator_a consultant_a"),
        listing=lambda o: mo.booking_of(o).pk,
    ),
    Row(
        "booking_read",
        lambda o: f"/consulting/bookings/{mo.booking_of(o).pk}",
        K("office operator_a consultant_a"),
    ),
    Row(
        "booking_create",
        lambda o: "/consulting/bookings",
        K("operator_a"),  # the trainee or their operator; the office sees but does not book
        body=lambda o: {
            "slot_id": mo.free_slot_of(o).pk,
            "trainee_id": o.world.trainee_a1.pk,
            "session_type": "resume",
        },
    ),
    Row(
        "booking_cancel",
        lambda o: f"/consulting/bookings/{mo.booking_of(o).pk}/cancel",
        K("operator_a consultant_a"),
        body=lambda o: {"reason": "일정 변경"},
    ),
)
