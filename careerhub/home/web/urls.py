from django.urls import path

from careerhub.home.web import views

app_name = "home"

urlpatterns = [
    path("", views.index, name="index"),
    # "download" keeps the file out of the Korean-pages crawl (a file, not a page)
    path("calendar/download/", views.calendar_download, name="calendar"),
]
