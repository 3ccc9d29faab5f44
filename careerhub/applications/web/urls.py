from django.urls import path

from careerhub.applications.web import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("apply/<int:posting_id>/", views.apply, name="apply"),
    path("on-behalf/", views.apply_on_behalf, name="apply_on_behalf"),
    path("<int:application_id>/", views.application_detail, name="detail"),
    path("<int:application_id>/move/", views.application_move, name="move"),
    path("<int:application_id>/profile/", views.applicant_profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("emails/", views.email_failures, name="email_failures"),
]
