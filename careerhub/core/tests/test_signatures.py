"""core.signatures.data_signature: one query, and a change of any kind changes it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerhub.academy.models import Cohort
from careerhub.core.signatures import data_signature
from careerhub.core.tests import factories as f
from careerhub.taxonomy.models import Skill

pytestmark = pytest.mark.django_db


def test_one_query_for_all_sources_and_every_change_is_seen():
    a = f.SkillFactory(code="python", name_ko="파이썬")
    f.SkillFactory(code="sql", name_ko="SQL")
    f.CohortFactory()
    sources = ((Skill.objects.all(), "pk"), (Cohort.objects.all(), "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        first = data_signature(*sources)
    assert len(queries) == 1
    assert first[0] == 2 and first[2] == 1  # the counts
    assert data_signature(*sources) == first  # nothing changed: the same

    cohort = Cohort.objects.get()
    cohort.employment_target = "0.80"
    cohort.save()  # an edit moves the newest timestamp
    edited = data_signature(*sources)
    assert edited != first and edited[:2] == first[:2]

    a.delete()  # a delete changes the count
    deleted = data_signature(*sources)
    assert deleted[0] == 1
    f.SkillFactory(code="docker", name_ko="도커")  # a delete and an insert: the newest id
    assert data_signature(*sources)[0] == 2 and data_signature(*sources) != edited


def test_a_filtered_or_empty_queryset():
    f.SkillFactory(code="python", name_ko="파이썬")
    f.SkillFactory(code="sql", name_ko="SQL")
    assert data_signature((Skill.objects.filter(code="sql"), "pk"))[0] == 1
    assert data_signature((Skill.objects.none(), "pk")) == (0, None)
    assert data_signature((Skill.objects.filter(pk__in=[]), "pk"), (Skill.objects.all(), "pk"))[
        :3
    ] == (0, None, 2)
    assert data_signature() == ()
