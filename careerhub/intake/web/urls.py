from django.urls import path

from careerhub.intake.web import recruitment, staff

app_name = "intake"

urlpatterns = [
    path("", staff.index, name="index"),
    path("cohorts/<int:cohort_id>/", staff.cohort_detail, name="cohort"),
    path("cohorts/<int:cohort_id>/run/", staff.cohort_run, name="cohort_run"),
    path("cohorts/<int:cohort_id>/publish/", staff.cohort_publish, name="cohort_publish"),
    path("cohorts/<int:cohort_id>/import/", staff.cohort_import, name="cohort_import"),
    path(
        "cohorts/<int:cohort_id>/recruitment/open/",
        recruitment.recruitment_open,
        name="recruitment_open",
    ),
    path(
        "cohorts/<int:cohort_id>/recruitment/close/",
        recruitment.recruitment_close,
        name="recruitment_close",
    ),
    path("courses/<int:course_id>/", staff.course_applicants, name="course"),
    path("courses/<int:course_id>/stages/", staff.course_stages, name="course_stages"),
    path("courses/<int:course_id>/refill/", staff.course_refill, name="course_refill"),
    path("applications/<int:application_id>/", staff.application_detail, name="application"),
    path(
        "applications/<int:application_id>/confirmation/",
        staff.application_confirmation_resend,
        name="confirmation_resend",
    ),
    path("choices/<int:choice_id>/scores/", staff.choice_scores, name="choice_scores"),
    path("choices/<int:choice_id>/override/", staff.choice_override, name="choice_override"),
    path("overrides/<int:override_id>/revoke/", staff.override_revoke, name="override_revoke"),
]
