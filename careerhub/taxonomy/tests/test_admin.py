"""The taxonomy admin pages render and search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerhub.taxonomy.models import JobRole, Skill, SkillAlias


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["rolegroup", "jobrole", "skill", "skillalias"])
def test_changelists_render(admin_client, curated, model):
    response = admin_client.get(reverse(f"admin:taxonomy_{model}_changelist"), {"q": "파이썬"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_change_pages_render_with_inlines(admin_client, curated):
    role = JobRole.objects.get(code="ml-engineer")
    skill = Skill.objects.get(code="python")
    assert (
        admin_client.get(reverse("admin:taxonomy_jobrole_change", args=[role.pk])).status_code
        == 200
    )
    assert (
        admin_client.get(reverse("admin:taxonomy_skill_change", args=[skill.pk])).status_code == 200
    )


@pytest.mark.django_db
def test_duplicate_alias_is_a_form_error(admin_client, curated):
    docker = Skill.objects.get(code="docker")
    response = admin_client.post(
        reverse("admin:taxonomy_skillalias_add"), {"skill": docker.pk, "alias": "Python 3"}
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "파이썬" in response.content.decode() or "Python" in response.content.decode()
    assert not SkillAlias.objects.filter(skill=docker, alias="Python 3").exists()
