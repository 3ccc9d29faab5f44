"""The public application pages (교육생 모집): open to anyone, no login."""

from django.urls import path

from careerhub.intake.web import public

app_name = "intake_public"

urlpatterns = [
    path("", public.apply_index, name="index"),
    path("<int:cohort_number>/", public.apply_form, name="apply"),
    path("<int:cohort_number>/link/", public.link_request, name="link_request"),
    path("<int:cohort_number>/received/", public.received, name="received"),
    path("a/<str:token>/", public.manage, name="manage"),
    path("a/<str:token>/edit/", public.edit, name="edit"),
    path("a/<str:token>/withdraw/", public.withdraw, name="withdraw"),
    path("a/<str:token>/respond/", public.respond, name="respond"),
    path("confirm/<str:token>/", public.confirm_email, name="confirm_email"),
]
