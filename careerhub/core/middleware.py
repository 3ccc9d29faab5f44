import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careerhub.core.choices import Role
from careerhub.core.policy import PermissionDenied


class KoreanFirstLocaleMiddleware:
    """Korean unless the person chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    anyone whose browser is set that way. careerhub is Korean first: the language is the one
    chosen with the language switch (its cookie), else ``LANGUAGE_CODE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


class PermissionDeniedMiddleware:
    """A service's ``PermissionDenied`` answers the same 404 as a getter's missing object.

    Services check the actor's rights and raise ``careerhub.core.policy.PermissionDenied``;
    views let it through, and this turns it into the one "does not exist or is not open to
    you" page, so a refused action and a missing object cannot be told apart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            not_found = Http404(_("The page you asked for does not exist or is not open to you."))
            return response_for_exception(request, not_found)
        return None


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` (directive -> sources) on every response.

    The policy allows scripts from our own origin only: no inline script, no inline event
    handler, no eval. A view that needs a different policy sets the header itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.header = "; ".join(
            f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class StaffIdleTimeoutMiddleware:
    """Log out anyone who works on other people's data after ``STAFF_SESSION_IDLE_MINUTES``.

    Staff are the program office, operator staff, consultants, recruiters, committee members
    and Django staff: everyone signed in but a trainee who is only a trainee. The time of the
    last request is kept in the session (rewritten at most once a minute); after too long a
    pause the next request ends the session and goes to the login page with a message.
    Needs ``request.actor`` (ActorMiddleware) and the messages middleware before it.
    """

    SESSION_KEY = "_staff_seen_at"
    REWRITE_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._is_staff(request, user):
            now = time.time()
            seen = request.session.get(self.SESSION_KEY)
            limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
            if isinstance(seen, (int, float)) and now - seen > limit:
                return self._logged_out(request)
            if not isinstance(seen, (int, float)) or now - seen >= self.REWRITE_AFTER_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _is_staff(request, user) -> bool:
        if user.is_staff or user.is_superuser:
            return True
        # everyone but a trainee who is only a trainee (a login without a role counts as staff:
        # it is either new staff or a former one)
        actor = getattr(request, "actor", None)
        roles = set(getattr(actor, "roles", ()) or ())
        return not roles or bool(roles - {Role.TRAINEE})

    def _logged_out(self, request):
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        logout(request)
        messages.info(
            request,
            ngettext(
                "You were logged out after %(minutes)d minute without activity. "
                "Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. "
                "Please log in again.",
                minutes,
            )
            % {"minutes": minutes},
        )
        login = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response.headers["HX-Redirect"] = login.url
            return response
        return login
