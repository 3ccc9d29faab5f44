"""The skill rows: one form and formset, owned here, used by academy and hiring."""

from careerhub.academy.web import forms as academy_forms
from careerhub.core.tests import factories as f
from careerhub.hiring.web import forms as hiring_forms


def data(prefix, rows, **extra):
    payload = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        payload |= {f"{prefix}-{i}-{k}": v for k, v in (row | extra).items()}
    return payload


def test_hiring_builds_its_formset_from_academys(db):
    assert issubclass(hiring_forms.SkillRowForm, academy_forms.SkillRowForm)
    assert issubclass(hiring_forms.SkillFormSet, academy_forms.BaseSkillFormSet)
    assert list(hiring_forms.SkillRowForm().fields) == ["name", "required", "level"]


def test_one_skill_by_two_names_is_refused_in_both(db):
    f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    rows = [{"name": "파이썬", "level": "2"}, {"name": "Python", "level": "3"}]
    academy = academy_forms.SkillFormSet(data("s", rows), prefix="s")
    hiring = hiring_forms.SkillFormSet(data("s", rows, required="1"), prefix="s")
    for formset in (academy, hiring):
        assert not formset.is_valid()
        assert [e.code for e in formset.non_form_errors().as_data()] == ["duplicate_skill"]


def test_unknown_skills_are_refused_and_blank_rows_skipped(db):
    python = f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    bad = academy_forms.SkillFormSet(data("s", [{"name": "없는기술", "level": "2"}]), prefix="s")
    assert not bad.is_valid()
    assert bad.forms[0].non_field_errors().as_data()[0].code == "unknown_skill"
    good = hiring_forms.SkillFormSet(
        data(
            "s",
            [
                {"name": "Python", "level": "4", "required": "0"},
                {"name": "", "level": "3", "required": "1"},
            ],
        ),
        prefix="s",
    )
    assert good.is_valid(), good.errors
    assert [(w.skill_id, w.required, w.level) for w in good.wants()] == [(python.pk, False, 4)]
    academy = academy_forms.SkillFormSet(data("s", [{"name": "파이썬", "level": "2"}]), prefix="s")
    assert academy.is_valid() and academy.skill_levels() == {python.pk: 2}
