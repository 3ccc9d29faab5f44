from django.urls import path

from careerhub.followup.web import views

app_name = "followup"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:checkin_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("employer/", views.employer, name="employer"),
    path("employer/<int:company_id>/", views.employer_set, name="employer_set"),
]
