"""Django's login and password-reset views with rate limits (careerhub.core.ratelimit) on top
of django-axes' lockout: per client address and per email address."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from careerhub.accounts.web.forms import EmailLoginForm, OutboxPasswordResetForm
from careerhub.core import ratelimit


class RateLimitedLoginForm(EmailLoginForm):
    """Refuses while the address or the account has too many failed logins, and counts each
    failure. Successful logins are not counted: a classroom behind one address can log in."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if ratelimit.limited(self.request, "login", target=username, increment=False):
            raise ValidationError(ratelimit.MESSAGE, code=ratelimit.CODE)
        try:
            return super().clean()
        except ValidationError:
            ratelimit.limited(self.request, "login", target=username)
            raise


class LoginView(auth_views.LoginView):
    authentication_form = RateLimitedLoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, ratelimit.CODE):
            response.status_code = ratelimit.STATUS
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Sends nothing once the address or the email is over its rate. The refusal does not
    depend on whether an account exists, so it tells nobody who has one. The email goes
    through the outbox: a mail server that is down delays it, never fails the page."""

    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        if ratelimit.limited(self.request, "password_reset", target=form.cleaned_data["email"]):
            ratelimit.refuse_form(form)
            return self.render_to_response(
                self.get_context_data(form=form), status=ratelimit.STATUS
            )
        return super().form_valid(form)
