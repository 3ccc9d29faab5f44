"""The person's own notification settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.messaging.models import ContactPreference
from careerhub.messaging.preferences import CONSENT_NOTICE


class ContactPreferenceForm(forms.Form):
    phone_channel = forms.ChoiceField(
        label=_("Besides email, send my notices as"),
        choices=ContactPreference.PhoneChannel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        help_text=_("e.g. 010-1234-5678"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(label=CONSENT_NOTICE, required=False)
    job_alerts = forms.BooleanField(
        label=_("Send me a weekly job alert with new openings that fit me"), required=False
    )
    announcements = forms.BooleanField(
        label=_("Send me the program office's announcements about openings, match days and events"),
        required=False,
    )

    def __init__(self, *args, trainee: bool = False, phone_on: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not trainee:
            del self.fields["job_alerts"]
        if not phone_on:
            for name in ("phone_channel", "phone", "consent"):
                del self.fields[name]
