from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from careerhub.messaging.links import site_protocol_and_domain
from careerhub.messaging.services import message_enqueue


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email or password is not correct. Check both and try again."),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes into the outbox (careerhub.messaging): it is
    retried while the mail server is down instead of being logged and lost, and its link
    comes from SITE_URL, not from whatever host the request named."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        protocol, domain = site_protocol_and_domain()
        context = {**context, "protocol": protocol, "domain": domain}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = (
            render_to_string(html_email_template_name, context) if html_email_template_name else ""
        )
        user = context.get("user")
        message_enqueue(
            kind="password_reset",
            to_address=to_email,
            subject=subject,
            body=body,
            html_body=html,
            recipient_id=getattr(user, "pk", None),
            secret=True,  # the link signs in as the user: nobody else reads it
        )
