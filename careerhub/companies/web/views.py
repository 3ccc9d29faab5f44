from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.companies import policies, selectors, services
from careerhub.companies.models import AttractionTarget, Company, Stage
from careerhub.companies.web.forms import CompanyForm, ContactForm, StageChangeForm, TargetForm
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form
from careerhub.core.params import int_param, text_param
from careerhub.core.policy import require


@login_required
def company_list(request):
    actor = request.actor
    require(policies.can_view_company_list(actor))
    office = {"yes": True, "no": False}.get(request.GET.get("office", ""))
    stage = request.GET.get("stage", "")
    companies = selectors.company_list_for(
        actor=actor,
        query=text_param(request.GET.get("q")),
        city_office=office,
        stage=stage if stage in [*Stage.values, "none"] else None,
    )
    partner_of = int_param(request.GET.get("partner_of"))
    if partner_of is not None:
        companies = companies.filter(partnerships__operator_id=partner_of)
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
            "stage": stage,
            "stages": Stage.choices,
            "shows_stage": policies.can_manage_attraction(actor),
            "querystring": querystring.urlencode(),
            "can_create": policies.can_create_company(actor),
            "partner_operator": selectors.operator_name(partner_of),
            "nav_active": "companies",
        },
    )


@login_required
def company_detail(request, company_id):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    can_stage = policies.can_change_company_stage(actor, company)
    contacts = selectors.contacts_for(actor=actor, company=company)
    record_access(request, Action.LIST, contacts=contacts, company=company.pk)
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "partners": company.partnerships.select_related("operator"),
            "can_edit": policies.can_edit_company(actor, company),
            "can_stage": can_stage,
            "stage_form": StageChangeForm(company=company) if can_stage else None,
            "history": selectors.stage_history_for(actor=actor, company=company),
            "can_contacts": policies.can_view_contacts(actor, company),
            "contacts": contacts,
            "nav_active": "companies",
        },
    )


@login_required
def company_stage(request, company_id):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    require(policies.can_change_company_stage(actor, company))
    form = StageChangeForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_stage_change(
                actor=actor,
                company=company,
                to_stage=form.cleaned_data["to_stage"],
                effective_at=form.cleaned_data["effective_at"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The stage was recorded."))
            return redirect("companies:company_detail", company_id=company.pk)
    return render(
        request,
        "companies/stage_form.html",
        {"form": form, "company": company, "nav_active": "attraction"},
    )


@login_required
def contact_edit(request, company_id, contact_id=None):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    require(policies.can_manage_contacts(actor, company))
    contact = None
    if contact_id is not None:
        contact = policies.contact_get_for(actor, contact_id)
        if contact.company_id != company.pk:
            raise Http404
        record_access(request, Action.VIEW, contacts=contact, form="contact_edit")
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                actor=actor, company=company, data=form.cleaned_data, contact=contact
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("companies:company_detail", company_id=company.pk)
    return render(
        request,
        "companies/contact_form.html",
        {"form": form, "company": company, "contact": contact, "nav_active": "companies"},
    )


@login_required
def contact_delete(request, company_id, contact_id):
    actor = request.actor
    company = policies.company_get_for(actor, company_id)
    contact = policies.contact_get_for(actor, contact_id)
    if request.method != "POST" or contact.company_id != company.pk:
        raise Http404
    services.contact_delete(actor=actor, contact=contact)
    messages.success(request, _("The contact was deleted."))
    return redirect("companies:company_detail", company_id=company.pk)


def _year(request) -> int:
    today = timezone.localdate()
    value = request.GET.get("year", "")
    return int_param(value, minimum=2019, maximum=today.year + 5) or today.year


@login_required
def attraction(request):
    actor = request.actor
    require(policies.can_view_attraction_progress(actor))
    year = _year(request)
    days = request.GET.get("days", "")
    manage = policies.can_manage_attraction(actor)
    target_form = None
    if manage:
        target = AttractionTarget.objects.filter(year=year).first()
        target_form = TargetForm(
            request.POST or None, instance=target, initial={"year": year}, prefix="target"
        )
        if request.method == "POST" and target_form.is_valid():
            data = target_form.cleaned_data
            services.attraction_target_set(
                actor=actor,
                year=data["year"],
                new_mous=data["new_mous"],
                cumulative_mous=data["cumulative_mous"],
                offices=data["offices"],
                note=data["note"],
            )
            messages.success(request, _("The targets were saved."))
            return redirect(f"{request.path}?year={data['year']}")
    elif request.method == "POST":
        raise Http404
    progress = selectors.attraction_progress(actor=actor, year=year)
    counts = selectors.pipeline_counts(actor=actor)
    return render(
        request,
        "companies/attraction.html",
        {
            "year": year,
            "years": range(2019, progress.year + 2),
            "progress": progress,
            "stage_counts": [(Stage(k).label, k, v) for k, v in counts.items()],
            "stalled": selectors.stalled_companies(actor=actor, days=int_param(days, maximum=3660))
            if manage
            else None,
            "stalled_limits": [
                (Stage(k).label, v) for k, v in selectors.stalled_days_setting().items()
            ],
            "days": days if int_param(days, maximum=3660) else "",
            "target_form": target_form,
            "manage": manage,
            "nav_active": "attraction",
        },
    )


def _save(request, form, company: Company | None):
    actor = request.actor
    try:
        if company is None:
            return services.company_create(actor=actor, data=form.cleaned_data)
        return services.company_update(actor=actor, company=company, data=form.cleaned_data)
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None


@login_required
def company_create(request):
    require(policies.can_create_company(request.actor))
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
    require(policies.can_edit_company(actor, company))
    form = CompanyForm(request.POST or None, instance=policies.company_get_for(actor, company.pk))
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
