from django.urls import path

from careerhub.reports.web import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("office/", views.office, name="office"),
    path("office/tables.xlsx", views.office_xlsx, name="office_xlsx"),
    path("operators/<int:operator_id>/", views.operator, name="operator"),
    path("operators/<int:operator_id>/tables.xlsx", views.operator_xlsx, name="operator_xlsx"),
    path("committee/", views.committee, name="committee"),
    path("committee/tables.xlsx", views.committee_xlsx, name="committee_xlsx"),
    path("people/", views.people, name="people"),
    path("people/download/", views.people_download, name="people_download"),
    path("cohorts/<int:cohort_id>/monthly.pdf", views.cohort_pdf, name="cohort_pdf"),
]
