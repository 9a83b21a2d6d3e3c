from django.conf import settings
from django.utils import translation


class LanguageCookieMiddleware:
    """Indonesian unless the user picked English with the language switch (cookie). The browser's
    Accept-Language is ignored on purpose: a page must not mix English framework text into an
    Indonesian UI just because a phone is set to English."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
