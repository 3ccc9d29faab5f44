"""The check-in pages reached by signed links (no login)."""

from django.urls import path

from careerhub.followup.web import public

app_name = "followup_public"

urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("stop/<str:token>/", public.opt_out, name="opt_out"),
]
