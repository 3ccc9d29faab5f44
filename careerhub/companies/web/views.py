from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerhub.academy.models import TrainingOperator
from careerhub.companies import policies, selectors, services
from careerhub.companies.models import Company
from careerhub.companies.web.forms import CompanyForm


@login_required
def company_list(request):
    actor = request.actor
    if not (
        actor.program_staff or actor.committee or actor.operator_ids or actor.recruiter_company_ids
    ):
        raise Http404
    office = {"yes": True, "no": False}.get(request.GET.get("office", ""))
    companies = selectors.company_list_for(
        actor=actor, query=request.GET.get("q", "").strip(), city_office=office
    )
    partner_of = request.GET.get("partner_of", "")
    if partner_of.isdigit():
        companies = companies.filter(partnerships__operator_id=int(partner_of))
    sees_many = actor.program_staff or actor.committee or actor.operator_ids
    if not sees_many and companies.count() == 1:
        return redirect("companies:company_detail", company_id=companies.get().pk)
    page = Paginator(companies, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "companies/company_list.html",
        {
            "page": page,
            "q": request.GET.get("q", ""),
            "office": request.GET.get("office", ""),
            "querystring": querystring.urlencode(),
            "can_create": policies.can_create_company(actor),
            "partner_operator": TrainingOperator.objects.filter(pk=partner_of).first()
            if partner_of.isdigit()
            else None,
            "nav_active": "companies",
        },
    )


@login_required
def company_detail(request, company_id):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "partners": company.partnerships.select_related("operator"),
            "can_edit": policies.can_edit_company(actor, company),
            "nav_active": "companies",
        },
    )


def _save(request, form, company: Company | None):
    actor = request.actor
    try:
        if company is None:
            return services.company_create(actor=actor, data=form.cleaned_data)
        return services.company_update(actor=actor, company=company, data=form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@login_required
def company_create(request):
    if not policies.can_create_company(request.actor):
        raise Http404
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = _save(request, form, None)
        if company is not None:
            messages.success(request, _("The company was registered."))
            return redirect("companies:company_detail", company_id=company.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": None, "nav_active": "companies"},
    )


@login_required
def company_edit(request, company_id):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    if not policies.can_edit_company(actor, company):
        raise Http404
    form = CompanyForm(request.POST or None, instance=Company.objects.get(pk=company.pk))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, company)
        if saved is not None:
            messages.success(request, _("The company record was saved."))
            return redirect("companies:company_detail", company_id=company.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": company, "nav_active": "companies"},
    )
