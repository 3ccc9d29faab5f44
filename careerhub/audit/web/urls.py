from django.urls import path

from careerhub.audit.web import views

app_name = "audit"

urlpatterns = [
    path("", views.review, name="review"),
    path("accounts/<int:user_id>/", views.account, name="account"),
]
