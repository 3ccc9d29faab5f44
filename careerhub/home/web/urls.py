from django.urls import path

from careerhub.home.web import views

app_name = "home"

urlpatterns = [path("", views.index, name="index")]
