from django.urls import path

from careerhub.privacy.web import views

app_name = "privacy"

urlpatterns = [
    path("", views.policy, name="policy"),  # public: no login
]
