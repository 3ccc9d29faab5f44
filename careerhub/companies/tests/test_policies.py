import pytest
from django.http import Http404

from careerhub.companies import policies
from careerhub.conftest import ROLE_KEYS, every_role

VIEW = every_role(
    {
        "anonymous": set(),
        "office": {"company_x", "company_y"},
        "committee": {"company_x", "company_y"},
        "staff_a": {"company_x", "company_y"},
        "staff_b": {"company_x", "company_y"},  # operators work with every company
        "consultant_a": {"company_x", "company_y"},
        "recruiter_x": {"company_x"},
        "recruiter_y": {"company_y"},
        "trainee_a1": set(),
        "trainee_b1": set(),
        "nobody": set(),
    }
)
EDIT = {
    "office": {"company_x", "company_y"},
    "recruiter_x": {"company_x"},
    "recruiter_y": {"company_y"},
}


@pytest.mark.parametrize("who", ROLE_KEYS)
@pytest.mark.parametrize("which", ["company_x", "company_y"])
def test_company_matrix(world, who, which):
    actor = world.actor(who)
    company = getattr(world, which)
    allowed = which in VIEW[who]
    assert policies.can_view_company(actor, company) is allowed
    assert policies.companies_visible_to(actor).filter(pk=company.pk).exists() is allowed
    if allowed:
        assert policies.company_get_for(actor, company.pk) == company
    else:
        with pytest.raises(Http404):
            policies.company_get_for(actor, company.pk)
    assert policies.can_edit_company(actor, company) is (which in EDIT.get(who, set()))
    assert policies.can_create_company(actor) is (who == "office")
