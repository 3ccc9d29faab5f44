from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.core.actors import Actor
from careerhub.webhooks import catalogue, policies
from careerhub.webhooks.models import Scope


class EndpointForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("So staff recognise it, e.g. the receiving system's name."),
    )
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=254,
        help_text=_("Where the events are sent (HTTPS), e.g. https://ats.example.com/careerhub."),
    )
    scope = forms.ChoiceField(
        label=_("Whose system"),
        help_text=_("It receives only the events of what this organisation may see."),
    )
    operator = forms.ModelChoiceField(label=_("Training operator"), queryset=None, required=False)
    company = forms.ModelChoiceField(label=_("Company"), queryset=None, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scopes = policies.scopes_for(actor)
        self.fields["scope"].choices = [(s, Scope(s).label) for s in scopes]
        self.fields["operator"].queryset = policies.operators_for(actor)
        self.fields["company"].queryset = policies.companies_for(actor)
        if Scope.COMPANY not in scopes:
            del self.fields["company"]
        self.fields["events"].choices = catalogue.choices()
