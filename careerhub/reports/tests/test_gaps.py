"""The dashboards' demand-and-supply gap: the matching gap table (cached until what it counts
changes), told in each reader's language."""

import pytest
from django.utils import translation

from careerhub.reports import gaps
from careerhub.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_cached_gap_is_told_in_each_readers_language(world):
    """A Korean reader fills the cache; an English reader then still gets English."""
    actor = world.actor("office")
    with translation.override("ko"):
        korean = gaps.gap_view(actor=actor, cohort_id=None, today=TODAY)
    with translation.override("en"):
        english = gaps.gap_view(actor=actor, cohort_id=None, today=TODAY)
    with translation.override("ko"):
        korean_again = gaps.gap_view(actor=actor, cohort_id=None, today=TODAY)
    assert korean.source.startswith("수요:")
    assert english.source.startswith("Demand: open postings and reported hiring demand, 2026. 6.")
    assert "수요" not in english.source
    assert korean_again.source == korean.source
    assert english.rows == korean.rows  # the same cached counts


def test_a_second_reader_gets_the_cached_table(world, django_assert_max_num_queries):
    actor = world.actor("office")
    with translation.override("ko"):
        first = gaps.gap_view(actor=actor, cohort_id=None, today=TODAY)
    with django_assert_max_num_queries(3), translation.override("ko"):
        # only the signatures of what the table counts are read
        assert gaps.gap_view(actor=actor, cohort_id=None, today=TODAY) == first
