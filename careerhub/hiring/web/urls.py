from django.urls import path

from careerhub.hiring.web import views

app_name = "hiring"

answer = "surveys/<int:round_id>/companies/<int:company_id>/"

urlpatterns = [
    path("surveys/", views.round_list, name="round_list"),
    path("surveys/new/", views.round_edit, name="round_create"),
    path("surveys/<int:round_id>/", views.round_detail, name="round_detail"),
    path("surveys/<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("surveys/<int:round_id>/summary/", views.round_summary, name="round_summary"),
    path(answer, views.response_detail, name="response_detail"),
    path(answer + "lines/new/", views.line_edit, name="line_create"),
    path(answer + "lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path(answer + "lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path(answer + "submit/", views.response_submit, name="response_submit"),
    path("postings/", views.posting_list, name="posting_list"),
    path("postings/new/", views.posting_edit, name="posting_create"),
    path("postings/<int:posting_id>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:posting_id>/edit/", views.posting_edit, name="posting_edit"),
    path("postings/<int:posting_id>/status/", views.posting_status, name="posting_status"),
    path(
        "demand-lines/<int:line_id>/posting/", views.posting_from_demand, name="posting_from_demand"
    ),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:import_id>/", views.import_detail, name="import_detail"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:posting_id>/", views.review_posting, name="review_posting"),
]
