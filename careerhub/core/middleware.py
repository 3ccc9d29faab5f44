from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

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
