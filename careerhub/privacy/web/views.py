"""The privacy policy (개인정보 처리방침): public, no login, generated from the catalogue."""

from __future__ import annotations

from django.shortcuts import render

from careerhub.core import privacy_catalogue as catalogue


def policy(request):
    return render(
        request,
        "privacy/policy.html",
        {
            "controller": catalogue.controller(),
            "processings": catalogue.processings(),
            "destruction_steps": catalogue.destruction_steps(),
            "rights": catalogue.rights(),
            "periods": catalogue.periods(),
            "access_record_period": catalogue.duration_text(catalogue.periods().access_record_days),
        },
    )
