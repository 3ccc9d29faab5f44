from django.contrib import admin

from careerhub.companies.models import AttractionTarget, Company, Contact, StageChange
from careerhub.core.admin import AccessLoggedAdmin


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ("from_stage", "to_stage", "effective_at", "recorded_by", "recorded_at", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # stages change through the attraction page, which keeps the office in step


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Company)
class CompanyAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    list_display = (
        "name",
        "business_number_display",
        "size",
        "hq_region",
        "stage",
        "has_city_office",
    )
    list_filter = ("stage", "size", "hq_region", "has_city_office")
    search_fields = ("name", "business_number", "sector")
    readonly_fields = ("stage", "stage_since", "has_city_office", "city_office_opened_on")
    inlines = [ContactInline, StageChangeInline]


@admin.register(AttractionTarget)
class AttractionTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "new_mous", "cumulative_mous", "offices")
