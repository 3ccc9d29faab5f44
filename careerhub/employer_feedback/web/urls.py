from django.urls import path

from careerhub.employer_feedback.web import views

app_name = "employer_feedback"

urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("<int:feedback_id>/", views.feedback_answer, name="answer"),
    path("summary/", views.feedback_summary, name="summary"),
]
