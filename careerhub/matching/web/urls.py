from django.urls import path

from careerhub.matching.web import outreach_views, views

app_name = "matching"

urlpatterns = [
    path("", views.my_recommendations, name="mine"),
    path("trainees/<int:trainee_id>/", views.trainee_recommendations, name="trainee"),
    path("trainees/<int:trainee_id>/feedback/", views.feedback, name="feedback"),
    path("trainees/<int:trainee_id>/apply/<int:posting_id>/", views.apply, name="apply"),
    path("caseload/", views.caseload, name="caseload"),
    path("candidates/", views.candidate_postings, name="candidate_postings"),
    path("candidates/<int:posting_id>/", views.posting_candidates, name="posting_candidates"),
    path(
        "candidates/<int:posting_id>/<int:trainee_id>/",
        views.candidate_detail,
        name="candidate_detail",
    ),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:run_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:run_id>/rerun/", views.plan_rerun, name="plan_rerun"),
    path("plans/<int:run_id>/constraints/", views.plan_constraint_add, name="plan_constraint_add"),
    path(
        "plans/<int:run_id>/constraints/<int:constraint_id>/remove/",
        views.plan_constraint_remove,
        name="plan_constraint_remove",
    ),
    path("plans/<int:run_id>/suggest/", views.plan_suggest, name="plan_suggest"),
    path("match-days/", views.match_day_list, name="match_day_list"),
    path("match-days/new/", views.match_day_create, name="match_day_create"),
    path("match-days/<int:match_day_id>/", views.match_day_detail, name="match_day"),
    path(
        "match-days/<int:match_day_id>/rank/<str:side>/<int:owner_id>/",
        views.rank_submit,
        name="rank_submit",
    ),
    path(
        "match-days/<int:match_day_id>/round/<str:action>/",
        views.round_action,
        name="round_action",
    ),
    path("gaps/", views.gaps, name="gaps"),
    path("announce/", outreach_views.announce, name="announce"),
]
