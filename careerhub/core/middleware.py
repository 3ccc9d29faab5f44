from django.conf import settings
from django.utils import translation


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
