"""Admin for the taxonomy: groups, roles (with aliases, typical skills, relations), skills."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from careerhub.taxonomy.models import (
    JobRole,
    RoleAlias,
    RoleGroup,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillAlias,
    alias_key,
)


class SkillAliasForm(forms.ModelForm):
    """Reports a duplicate lookup key as a form error instead of a database error."""

    class Meta:
        model = SkillAlias
        fields = ["alias"]

    def clean_alias(self) -> str:
        alias = self.cleaned_data["alias"]
        key = alias_key(alias)
        if not key:
            raise forms.ValidationError(_("Enter an alias with at least one letter or digit."))
        clash = SkillAlias.objects.filter(key=key).exclude(pk=self.instance.pk)
        owner = clash.select_related("skill").first()
        if owner is not None:
            raise forms.ValidationError(
                _("This alias already names the skill “%(skill)s”.") % {"skill": owner.skill}
            )
        return alias


@admin.register(RoleGroup)
class RoleGroupAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "code", "order", "role_count"]
    list_editable = ["order"]
    search_fields = ["code", "name_ko", "name_en"]
    ordering = ["order", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleGroup]:
        return super().get_queryset(request).annotate(_role_count=Count("roles"))

    @admin.display(description=_("roles"), ordering="_role_count")
    def role_count(self, obj: RoleGroup) -> int:
        return obj._role_count  # type: ignore[attr-defined]


class RoleAliasInline(admin.TabularInline):
    model = RoleAlias
    extra = 1
    fields = ["alias", "key"]
    readonly_fields = ["key"]
    verbose_name = _("alias")
    verbose_name_plural = _("aliases")


class RoleSkillInline(admin.TabularInline):
    model = RoleSkill
    extra = 1
    autocomplete_fields = ["skill"]
    fields = ["skill", "importance"]


class RoleRelationInline(admin.TabularInline):
    model = RoleRelation
    fk_name = "from_role"
    extra = 1
    autocomplete_fields = ["to_role"]
    fields = ["to_role", "strength"]
    verbose_name = _("related role")
    verbose_name_plural = _("related roles")


@admin.register(JobRole)
class JobRoleAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "code", "group", "keco_code", "onet_code", "source"]
    list_filter = ["source", "group"]
    search_fields = ["code", "name_ko", "name_en", "keco_code", "onet_code", "aliases__alias"]
    list_select_related = ["group"]
    ordering = ["group__order", "name_ko"]
    fieldsets = [
        (None, {"fields": ["code", "name_ko", "name_en", "group", "source"]}),
        (_("Occupation codes"), {"fields": ["keco_code", "onet_code"]}),
        (_("Description"), {"fields": ["description"]}),
    ]
    inlines = [RoleAliasInline, RoleSkillInline, RoleRelationInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[JobRole], search_term: str
    ) -> tuple[QuerySet[JobRole], bool]:
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


class SkillAliasInline(admin.TabularInline):
    model = SkillAlias
    form = SkillAliasForm
    extra = 1
    fields = ["alias", "key"]
    readonly_fields = ["key"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "code", "category", "source", "alias_count"]
    list_filter = ["category", "source"]
    search_fields = ["code", "name_ko", "name_en", "aliases__alias", "aliases__key"]
    ordering = ["name_en"]
    inlines = [SkillAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return super().get_queryset(request).annotate(_alias_count=Count("aliases", distinct=True))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Skill], search_term: str
    ) -> tuple[QuerySet[Skill], bool]:
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    @admin.display(description=_("aliases"), ordering="_alias_count")
    def alias_count(self, obj: Skill) -> int:
        return obj._alias_count  # type: ignore[attr-defined]


@admin.register(SkillAlias)
class SkillAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "key", "skill"]
    search_fields = ["alias", "key", "skill__name_ko", "skill__name_en"]
    list_select_related = ["skill"]
    autocomplete_fields = ["skill"]
    form = SkillAliasForm
    fields = ["skill", "alias", "key"]
    readonly_fields = ["key"]
