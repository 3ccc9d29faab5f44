"""Which operators each page covers (``Scope``) and which cohorts a monthly report may name."""

import pytest
from django.http import Http404

from careerhub.core.policy import PermissionDenied
from careerhub.reports import policies

pytestmark = pytest.mark.django_db


def test_people_scope(world):
    office = policies.people_scope(world.actor("office"))
    assert (office.kind, office.operator_ids, office.links) == ("office", None, True)
    staff = policies.people_scope(world.actor("staff_a"))
    assert (staff.kind, staff.operator_ids) == ("operator", frozenset({world.op_a.pk}))
    for who in ("committee", "recruiter_x", "trainee_a1", "consultant_a", "nobody"):
        with pytest.raises(PermissionDenied):
            policies.people_scope(world.actor(who))


def test_cohort_report_scope(world):
    office = world.actor("office")
    whole = policies.cohort_report_scope(office)
    assert (whole.kind, whole.operator_ids, whole.links) == ("office", None, False)
    one = policies.cohort_report_scope(office, str(world.op_b.pk))
    assert (one.operator, one.operator_ids, one.links) == (
        world.op_b,
        frozenset({world.op_b.pk}),
        False,
    )
    # Operator staff: their own operator by default, never another one.
    own = policies.cohort_report_scope(world.actor("staff_a"))
    assert own.operator == world.op_a
    with pytest.raises(Http404):
        policies.cohort_report_scope(world.actor("staff_a"), world.op_b.pk)
    with pytest.raises(Http404):
        policies.cohort_report_scope(world.actor("staff_a"), "not-a-number")
    for who in ("committee", "recruiter_x", "trainee_a1", "nobody"):
        with pytest.raises(PermissionDenied):
            policies.cohort_report_scope(world.actor(who))


def test_scope_cohort_get_for(world, ledger):
    office = policies.cohort_report_scope(world.actor("office"))
    assert policies.scope_cohort_get_for(office, ledger.cohort.pk) == ledger.cohort
    staff_b = policies.cohort_report_scope(world.actor("staff_b"))
    assert policies.scope_cohort_get_for(staff_b, ledger.cohort.pk) == ledger.cohort
    with pytest.raises(Http404):
        policies.scope_cohort_get_for(office, 999_999)  # missing: the same 404
