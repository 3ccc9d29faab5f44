from django.urls import path

from careerhub.academy.web import cohorts, views

app_name = "academy"

urlpatterns = [
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/me/", views.my_profile, name="my_profile"),
    path("trainees/me/data/", views.my_data, name="my_data"),
    path("trainees/me/data/download.<str:fmt>", views.my_data_download, name="my_data_download"),
    path("data-requests/", views.data_request_queue, name="data_request_queue"),
    path("data-requests/<int:request_id>/", views.data_request_detail, name="data_request_detail"),
    path("trainees/<int:trainee_id>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:trainee_id>/edit/", views.trainee_edit, name="trainee_edit"),
    path("trainees/<int:trainee_id>/status/", views.trainee_status, name="trainee_status"),
    path("trainees/<int:trainee_id>/consent/", views.trainee_consent, name="trainee_consent"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/<int:course_id>/", views.course_detail, name="course_detail"),
    path("courses/<int:course_id>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path(
        "courses/<int:course_id>/assessments/new/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:cohort_id>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path(
        "cohorts/<int:cohort_id>/courses/new/",
        cohorts.cohort_course_create,
        name="cohort_course_create",
    ),
    path(
        "cohorts/<int:cohort_id>/courses/<int:course_id>/edit/",
        cohorts.cohort_course_edit,
        name="cohort_course_edit",
    ),
]
