from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you checked, what you found and what was done about it."),
    )
