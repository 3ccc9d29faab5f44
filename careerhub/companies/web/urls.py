from django.urls import path

from careerhub.companies.web import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("new/", views.company_create, name="company_create"),
    path("attraction/", views.attraction, name="attraction"),
    path("<int:company_id>/", views.company_detail, name="company_detail"),
    path("<int:company_id>/edit/", views.company_edit, name="company_edit"),
    path("<int:company_id>/stage/", views.company_stage, name="company_stage"),
    path("<int:company_id>/contacts/new/", views.contact_edit, name="contact_create"),
    path(
        "<int:company_id>/contacts/<int:contact_id>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "<int:company_id>/contacts/<int:contact_id>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
]
