from django.contrib import admin

from careerhub.followup.models import CheckIn, EmployerAgreement, OptOut


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("trainee", "kind", "respondent", "months", "due_on", "sent_at", "answered_at")
    list_filter = ("kind", "respondent", "months")
    raw_id_fields = ("trainee", "job", "recipient", "proposed", "follow_up_by")
    readonly_fields = ("answer",)


admin.site.register(OptOut)
admin.site.register(EmployerAgreement)
