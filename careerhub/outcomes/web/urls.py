from django.urls import path

from careerhub.outcomes.web import views

app_name = "outcomes"

urlpatterns = [
    path("rates/", views.rates, name="rates"),
    path("rule-sets/", views.rule_sets, name="rule_sets"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("me/", views.my_outcomes, name="my_outcomes"),
    path("trainees/<int:trainee_id>/", views.trainee_ledger, name="trainee_ledger"),
    path("trainees/<int:trainee_id>/new/", views.outcome_new, name="outcome_new"),
    path("trainees/<int:trainee_id>/intent/", views.intent_set, name="intent_set"),
    path("<int:outcome_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:outcome_id>/confirm/", views.outcome_confirm, name="outcome_confirm"),
    path("<int:outcome_id>/reject/", views.outcome_reject, name="outcome_reject"),
    path("<int:outcome_id>/evidence/", views.outcome_evidence, name="outcome_evidence"),
    path("startups/", views.startup_list, name="startup_list"),
    path("startups/new/", views.startup_new, name="startup_new"),
    path("startups/<int:team_id>/", views.startup_detail, name="startup_detail"),
    path("startups/<int:team_id>/update/", views.startup_update, name="startup_update"),
    path("startups/<int:team_id>/register/", views.startup_register, name="startup_register"),
]
