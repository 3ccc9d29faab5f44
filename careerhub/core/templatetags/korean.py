"""Korean-format template filters: {{ d|kdate }}, {{ p|kphone }}, {{ n|won }}, {{ b|brn }};
masked contact details for lists: {{ p|kphone_masked }}, {{ e|email_masked }}."""

from django import template

from careerhub.core import korean, masking

register = template.Library()

register.filter("kdate", korean.format_date)
register.filter("kdatetime", korean.format_datetime)
register.filter("kmonth", korean.format_month)
register.filter("kphone", korean.format_phone)
register.filter("kphone_masked", masking.mask_phone)
register.filter("email_masked", masking.mask_email)
register.filter("won", korean.format_money)
register.filter("brn", korean.format_business_number)
register.filter("percent", korean.format_percent)
# {{ stage|josa:"로" }} → 서류 합격으로 / 종료로 (the particle chosen by the word's last sound)
register.filter("josa", korean.with_particle, is_safe=True)
register.filter("manwon", korean.format_manwon)


@register.filter
def role_labels(roles) -> str:
    """Stored role codes in words: ["program_staff"] → 사업단 직원."""
    from django.utils.translation import gettext

    from careerhub.core.choices import Role

    labels = dict(Role.choices) | {"superuser": gettext("System administrator")}
    return ", ".join(str(labels.get(r, r)) for r in roles or ())


# {{ start|kmonth_range:end }} → 2027. 2.–2027. 4.; {{ low|manwon_range:high }} → 3,600만–4,200만 원
register.filter("kmonth_range", korean.format_month_range)
register.filter("manwon_range", korean.format_manwon_range)


@register.filter
def subject_kind(kind: str) -> str:
    """The kind of people an access record names, in words (trainees → 교육생)."""
    from django.utils.translation import gettext

    labels = {
        "trainees": gettext("Trainees"),
        "applicants": gettext("Applicants"),
        "contacts": gettext("Company contacts"),
    }
    return labels.get(kind, kind)
