"""import_onet on a small hand-made O*NET-shaped folder, and on the real data when present."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from careerhub.taxonomy.models import (
    JobRole,
    RoleAlias,
    RoleGroup,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillAlias,
    Source,
)
from careerhub.taxonomy.services import (
    TaxonomyDataError,
    taxonomy_import_onet,
    taxonomy_load_curated,
)

OCCUPATIONS = """\
O*NET-SOC Code\tTitle\tDescription
11-1011.00\tChief Executives\tDetermine and formulate policies.
15-1252.00\tSoftware Developers\tResearch, design, and develop computer software.
15-1299.05\tInformation Security Engineers\tDevelop and oversee security.
15-2051.00\tData Scientists\tDevelop and implement methods to analyze data.
15-9999.00\tImaginary Occupations\tOnly in this sample.
"""
TITLES = """\
O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)
11-1011.00\tCEO\tn/a\t10
15-1252.00\tBack End Developer\tn/a\t08
15-1252.00\tSoftware Engineer\tn/a\t08
15-1252.00\tSoftware  Engineer\tn/a\t10
15-2051.00\tMachine Learning Data Scientist\tn/a\t08
15-2051.00\tData Scientist\tn/a\t08
"""
TECHNOLOGY = """\
O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand
11-1011.00\tMicrosoft Excel\t1\tSpreadsheet software\tY\tN
15-1252.00\tPython\t1\tObject or component oriented development software\tY\tY
15-1252.00\tOracle Java\t1\tObject or component oriented development software\tN\tN
15-1252.00\tPerl\t1\tObject or component oriented development software\tN\tN
15-1252.00\tStructured query language SQL\t1\tData base user interface and query software\tN\tN
15-1252.00\tStructure query language SQL\t1\tData base user interface and query software\tY\tN
15-2051.00\tPython\t1\tObject or component oriented development software\tY\tY
15-2051.00\tTeradata Database\t1\tData base management system software\tN\tN
15-1299.05\tPerl\t1\tObject or component oriented development software\tY\tN
"""
RELATED = """\
O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex
11-1011.00\t15-1252.00\tSupplemental\t1
15-1252.00\t15-2051.00\tPrimary-Long\t1
15-2051.00\t15-1252.00\tPrimary-Short\t1
15-1252.00\t15-1299.05\tSupplemental\t2
15-2051.00\t15-9999.00\tPrimary-Short\t2
15-1299.05\t11-1011.00\tPrimary-Short\t1
"""


@pytest.fixture
def onet_dir(tmp_path):
    folder = tmp_path / "onet"
    folder.mkdir()
    for name, text in {
        "Occupation Data.txt": OCCUPATIONS,
        "Alternate Titles.txt": TITLES,
        "Technology Skills.txt": TECHNOLOGY,
        "Related Occupations.txt": RELATED,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (RoleGroup, JobRole, RoleAlias, Skill, SkillAlias, RoleSkill, RoleRelation)
    }


@pytest.mark.django_db
def test_import_sample_creates_roles_aliases_skills_and_relations(curated, onet_dir):
    result = taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")

    onet = JobRole.objects.filter(source=Source.ONET)
    assert set(onet.values_list("code", flat=True)) == {
        "onet-15-1252-00",
        "onet-15-1299-05",
        "onet-15-2051-00",
        "onet-15-9999-00",
    }
    assert result.created["roles"] == 4
    dev = JobRole.objects.get(code="onet-15-1252-00")
    assert dev.name_en == "Software Developers"
    assert dev.name_ko == "소프트웨어 개발자"  # a known Korean name
    assert dev.group.code == "software"
    assert dev.description.startswith("Research, design")
    imaginary = JobRole.objects.get(code="onet-15-9999-00")
    assert imaginary.name_ko == "Imaginary Occupations"  # no Korean name known: the title
    assert imaginary.group.code == "onet-other"
    # alternate titles, "Software  Engineer" folds into "Software Engineer"
    assert sorted(dev.aliases.values_list("alias", flat=True)) == [
        "Back End Developer",
        "Software Engineer",
    ]
    # "Python" maps to the curated skill; Perl is new; both SQL spellings meet the curated sql
    python = Skill.objects.get(code="python")
    assert python.source == Source.CURATED
    assert RoleSkill.objects.get(role=dev, skill=python).importance == RoleSkill.Importance.CORE
    assert RoleSkill.objects.get(role=dev, skill__code="java").importance == 1
    assert RoleSkill.objects.get(role=dev, skill__code="sql").importance == 2  # hot wins
    perl = Skill.objects.get(aliases__key="perl")
    assert perl.source == Source.ONET and perl.name_en == "Perl"
    assert RoleSkill.objects.filter(skill=perl).count() == 2
    assert not Skill.objects.filter(name_en="Microsoft Excel", source=Source.ONET).exists()
    # relations: both directions, the stronger tier; nothing outside the subset
    scientist = JobRole.objects.get(code="onet-15-2051-00")
    rel = RoleRelation.objects.get
    assert rel(from_role=dev, to_role=scientist).strength == 0.8
    assert rel(from_role=scientist, to_role=dev).strength == 0.8
    assert rel(from_role=dev, to_role__code="onet-15-1299-05").strength == 0.4
    assert rel(from_role=scientist, to_role=imaginary).strength == 0.8
    assert not RoleRelation.objects.filter(to_role__onet_code="11-1011.00").exists()
    # curated roles with a matching onet_code are linked to the occupation
    assert rel(from_role__code="data-scientist", to_role=scientist).strength == 0.9
    assert rel(from_role=scientist, to_role__code="data-scientist").strength == 0.9
    assert rel(from_role__code="backend-developer", to_role=dev).strength == 0.9


@pytest.mark.django_db
def test_import_is_idempotent(curated, onet_dir):
    taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")
    before = _counts()

    again = taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")

    assert _counts() == before
    assert again.total_created == 0
    assert again.total_updated == 0


@pytest.mark.django_db
def test_import_updates_changed_titles_in_place(curated, onet_dir):
    taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")
    occupations = onet_dir / "Occupation Data.txt"
    occupations.write_text(
        occupations.read_text().replace("Imaginary Occupations", "Imagined Jobs"),
        encoding="utf-8",
    )

    result = taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")

    assert JobRole.objects.get(code="onet-15-9999-00").name_en == "Imagined Jobs"
    assert result.updated["roles"] == 1
    assert result.total_created == 0


@pytest.mark.django_db
def test_import_all_takes_every_occupation(curated, onet_dir):
    taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix=None)

    ceo = JobRole.objects.get(code="onet-11-1011-00")
    assert ceo.group.code == "onet-other"
    assert ceo.aliases.filter(alias="CEO").exists()
    assert RoleRelation.objects.get(from_role=ceo, to_role__code="onet-15-1299-05").strength == 0.8


@pytest.mark.django_db
def test_import_without_curated_creates_the_onet_group(onet_dir):
    taxonomy_import_onet(actor=None, path=onet_dir, soc_prefix="15-")

    assert set(RoleGroup.objects.values_list("code", flat=True)) == {"onet-other"}
    assert Skill.objects.filter(source=Source.ONET, aliases__key="python").exists()


@pytest.mark.django_db
def test_import_with_a_missing_file_is_a_clear_error_and_writes_nothing(onet_dir):
    (onet_dir / "Related Occupations.txt").unlink()

    with pytest.raises(TaxonomyDataError, match=r"Related Occupations\.txt"):
        taxonomy_import_onet(actor=None, path=onet_dir)

    assert JobRole.objects.count() == 0


@pytest.mark.django_db
def test_import_with_a_wrong_header_is_a_clear_error(onet_dir):
    (onet_dir / "Alternate Titles.txt").write_text("code\ttitle\n", encoding="utf-8")

    with pytest.raises(TaxonomyDataError, match="Alternate Title"):
        taxonomy_import_onet(actor=None, path=onet_dir)

    assert JobRole.objects.count() == 0


@pytest.mark.django_db
def test_command_on_sample_prints_summary(onet_dir, capsys):
    call_command("import_onet", path=str(onet_dir))
    call_command("import_onet", path=str(onet_dir))

    out = capsys.readouterr().out.splitlines()
    assert JobRole.objects.filter(source=Source.ONET).count() == 4
    assert JobRole.objects.filter(code="ai-engineer").exists()  # curated loaded first
    assert len(out) == 2 * 8  # a heading and seven kinds of record, per run


@pytest.mark.django_db
def test_command_missing_folder_is_a_command_error(tmp_path):
    missing = tmp_path / "no-onet-here"
    with pytest.raises(CommandError) as exc_info:
        call_command("import_onet", path=str(missing))

    assert str(missing) in str(exc_info.value)
    assert "O*NET" in str(exc_info.value)
    assert JobRole.objects.count() == 0


@pytest.mark.django_db
def test_command_missing_folder_message_is_translated(tmp_path, monkeypatch):
    missing = tmp_path / "no-onet-here"
    seen = {}

    def fake_gettext(message):
        seen["msgid"] = message
        return "번역됨: " + message

    monkeypatch.setattr("careerhub.taxonomy.management.commands.import_onet._", fake_gettext)
    with translation.override("ko"), pytest.raises(CommandError, match=r"^번역됨"):
        call_command("import_onet", path=str(missing))
    assert seen["msgid"].startswith("O*NET folder not found")


@pytest.mark.django_db
def test_command_default_path_comes_from_settings(tmp_path, settings, capsys):
    settings.SHARED_DATA_DIR = tmp_path  # has no onet/ folder
    with pytest.raises(CommandError, match="onet"):
        call_command("import_onet")


REAL_ONET = settings.SHARED_DATA_DIR / "onet"


@pytest.mark.django_db
@pytest.mark.skipif(
    not (REAL_ONET / "Occupation Data.txt").is_file(),
    reason=f"O*NET data not available at {REAL_ONET}",
)
def test_import_real_onet_15_subset():
    taxonomy_load_curated(actor=None)
    started = time.monotonic()
    result = taxonomy_import_onet(actor=None, path=REAL_ONET, soc_prefix="15-")
    elapsed = time.monotonic() - started

    onet_roles = JobRole.objects.filter(source=Source.ONET)
    assert onet_roles.count() == 38  # O*NET 29.2 has 38 occupations in 15-
    assert result.created["roles"] == 38
    assert 1400 <= RoleAlias.objects.filter(role__source=Source.ONET).count() <= 1525
    assert RoleSkill.objects.filter(role__source=Source.ONET).count() > 5000
    assert RoleRelation.objects.filter(from_role__source=Source.ONET).count() > 300
    ds = JobRole.objects.get(onet_code="15-2051.00", source=Source.ONET)
    assert ds.role_skills.filter(skill__code="python", importance=2).exists()
    assert ds.role_skills.filter(skill__code="pytorch").exists()
    assert RoleRelation.objects.filter(from_role__code="data-scientist", to_role=ds).exists()
    assert elapsed < 60  # a sanity bound, not a benchmark

    again = taxonomy_import_onet(actor=None, path=REAL_ONET, soc_prefix="15-")
    assert again.total_created == 0 and again.total_updated == 0
