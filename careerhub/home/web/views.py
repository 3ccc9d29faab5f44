from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from careerhub.home.selectors import home_sections_for


@login_required
def index(request):
    sections = home_sections_for(actor=request.actor)
    return render(request, "home/index.html", {"sections": sections, "nav_active": "home"})
