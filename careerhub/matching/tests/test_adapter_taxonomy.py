"""The taxonomy in the engine's terms, built once in the adapter for scoring and for the
text reader that matching registers with hiring."""

from __future__ import annotations

import pytest

from careerhub.core.tests import factories as f
from careerhub.hiring import extraction
from careerhub.matching import adapter
from careerhub.taxonomy.models import RoleAlias, RoleRelation, RoleSkill
from careerhub.taxonomy.selectors import taxonomy_snapshot


def test_matching_registers_the_adapters_text_reader():
    assert extraction._factory is adapter.EngineTextReader


@pytest.mark.django_db
def test_one_translation_serves_scoring_and_text():
    a = f.JobRoleFactory(code="a-role", name_ko="가 직무", name_en="A Role")
    b = f.JobRoleFactory(code="b-role", name_ko="나 직무", name_en="B Role")
    skill = f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    RoleRelation.objects.create(from_role=b, to_role=a)
    RoleAlias.objects.create(role=a, alias="가직")
    RoleSkill.objects.create(role=a, skill=skill, importance=2)

    taxonomy = adapter.engine_role_taxonomy(taxonomy_snapshot())
    roles = {r.id: r for r in taxonomy.roles}
    assert taxonomy.related == (("a-role", "b-role"),)  # symmetric, one pair
    assert roles["a-role"].name == "가 직무" and roles["a-role"].group == a.group.code
    assert "가직" in roles["a-role"].aliases and roles["a-role"].skills == ("sql",)
    assert adapter.engine_taxonomy().taxonomy == taxonomy
    assert adapter.engine_vocabulary(taxonomy_snapshot()).ids == ("sql",)


@pytest.mark.django_db
def test_the_taxonomy_digest_is_reused_and_dropped_by_an_edit(django_assert_num_queries):
    skill = f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    first = adapter.engine_taxonomy()
    with django_assert_num_queries(0):  # the digest from the shared cache, the rest in memory
        assert adapter.engine_taxonomy() is first
    skill.name_ko = "에스큐엘"
    skill.save()
    assert adapter.engine_taxonomy().names.skills["sql"] == "에스큐엘"
    role = f.JobRoleFactory(code="new-role")
    assert "new-role" in adapter.engine_taxonomy().names.roles
    role.delete()
    assert "new-role" not in adapter.engine_taxonomy().names.roles
