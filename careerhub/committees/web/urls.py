from django.urls import path

from careerhub.committees.web import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("<int:committee_id>/", views.committee_detail, name="committee_detail"),
    path("<int:committee_id>/members/new/", views.member_edit, name="member_create"),
    path("<int:committee_id>/members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("<int:committee_id>/meetings/new/", views.meeting_edit, name="meeting_create"),
    path(
        "<int:committee_id>/meetings/<int:meeting_id>/edit/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/publish/", views.meeting_publish, name="meeting_publish"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path(
        "decisions/<int:decision_id>/follow-up/",
        views.decision_follow_up,
        name="decision_follow_up",
    ),
]
