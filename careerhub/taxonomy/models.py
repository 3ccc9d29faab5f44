"""The job-role taxonomy and the skill vocabulary the matching engine speaks.

Roles belong to a group and relate to other roles; skills have Korean and English names and
aliases (파이썬 = Python = python3), matched through a normalised key.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def alias_key(text: str) -> str:
    """Normalise a skill or role name for lookup: NFKC, lower case, no spaces or punctuation
    other than + and # (C++, C#), so "Python 3", "python3" and "PYTHON-3" meet."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[^\w+#]", "", text).replace("_", "")


class Source(models.TextChoices):
    CURATED = "curated", _("Curated")
    ONET = "onet", _("O*NET")


class BilingualName(models.Model):
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "ko")[:2]
        return self.name_en if lang == "en" and self.name_en else self.name_ko


class RoleGroup(BilingualName):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")
        ordering = ["order", "code"]


class Skill(BilingualName):
    class Category(models.TextChoices):
        LANGUAGE = "language", _("Programming language")
        FRAMEWORK = "framework", _("Framework or library")
        AI = "ai", _("AI and data method")
        DATA = "data", _("Data and database")
        INFRA = "infra", _("Cloud and infrastructure")
        TOOL = "tool", _("Tool")
        DOMAIN = "domain", _("Domain knowledge")
        SOFT = "soft", _("Professional skill")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.TOOL
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.CURATED
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name_en"]


class SkillAlias(models.Model):
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=200)
    key = models.CharField(_("lookup key"), max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = _("skill alias")
        verbose_name_plural = _("skill aliases")
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = alias_key(self.alias)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class JobRole(BilingualName):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    group = models.ForeignKey(
        RoleGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="roles"
    )
    keco_code = models.CharField(
        _("Korean occupation code"),
        max_length=6,
        blank=True,
        help_text=_("Six-digit occupation code used by Korean public job postings."),
    )
    onet_code = models.CharField(_("O*NET-SOC code"), max_length=10, blank=True, db_index=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.CURATED
    )
    typical_skills = models.ManyToManyField(
        Skill,
        through="RoleSkill",
        related_name="roles",
        verbose_name=_("typical skills"),
        blank=True,
    )
    related = models.ManyToManyField(
        "self",
        through="RoleRelation",
        symmetrical=False,
        related_name="+",
        blank=True,
        verbose_name=_("related roles"),
    )

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["group__order", "name_ko"]
        constraints = [
            models.CheckConstraint(
                name="jobrole_keco_six_digits",
                condition=models.Q(keco_code="") | models.Q(keco_code__regex=r"^[0-9]{6}$"),
            )
        ]


class RoleAlias(models.Model):
    """Other titles a role goes by (데이터 사이언티스트 = Data Scientist = ML 엔지니어 ...)."""

    role = models.ForeignKey(
        JobRole, verbose_name=_("role"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=200)
    key = models.CharField(_("lookup key"), max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("role alias")
        verbose_name_plural = _("role aliases")
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="rolealias_unique")]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = alias_key(self.alias)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class RoleSkill(models.Model):
    class Importance(models.IntegerChoices):
        CORE = 2, _("core")
        USEFUL = 1, _("useful")

    role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_skills")
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.CORE
    )

    class Meta:
        verbose_name = _("typical skill")
        verbose_name_plural = _("typical skills")
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="roleskill_unique")]

    def __str__(self) -> str:
        return f"{self.role} — {self.skill}"


class RoleRelation(models.Model):
    """A directed relation; the services write both directions so lookups need one query."""

    from_role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="relations_out")
    to_role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="relations_in")
    strength = models.FloatField(
        _("strength"), default=0.5, help_text=_("0 to 1: how well one role's people fit the other.")
    )

    class Meta:
        verbose_name = _("role relation")
        verbose_name_plural = _("role relations")
        constraints = [
            models.UniqueConstraint(fields=["from_role", "to_role"], name="rolerelation_unique"),
            models.CheckConstraint(
                name="rolerelation_not_self", condition=~models.Q(from_role=models.F("to_role"))
            ),
            models.CheckConstraint(
                name="rolerelation_strength_0_1",
                condition=models.Q(strength__gte=0, strength__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} → {self.to_role} ({self.strength:.1f})"
