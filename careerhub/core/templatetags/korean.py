"""Korean-format template filters: {{ d|kdate }}, {{ p|kphone }}, {{ n|won }}, {{ b|brn }}."""

from django import template

from careerhub.core import korean

register = template.Library()

register.filter("kdate", korean.format_date)
register.filter("kdatetime", korean.format_datetime)
register.filter("kmonth", korean.format_month)
register.filter("kphone", korean.format_phone)
register.filter("won", korean.format_money)
register.filter("brn", korean.format_business_number)
register.filter("percent", korean.format_percent)
