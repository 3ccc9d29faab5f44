from django.urls import path

from careerhub.companies.web import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("new/", views.company_create, name="company_create"),
    path("<int:company_id>/", views.company_detail, name="company_detail"),
    path("<int:company_id>/edit/", views.company_edit, name="company_edit"),
]
