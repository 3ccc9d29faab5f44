from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from careerhub.accounts.selectors import home_sections_for


@login_required
def home(request):
    sections = home_sections_for(actor=request.actor)
    return render(request, "accounts/home.html", {"sections": sections, "nav_active": "home"})
