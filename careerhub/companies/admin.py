from django.contrib import admin

from careerhub.companies.models import Company


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "business_number_display", "size", "hq_region", "has_city_office")
    list_filter = ("size", "hq_region", "has_city_office")
    search_fields = ("name", "business_number", "sector")
