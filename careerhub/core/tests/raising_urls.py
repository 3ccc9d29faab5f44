"""A URLconf with one view that fails, for the tests of the 500 page."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [path("boom/", boom), path("", include("careerhub.urls"))]
