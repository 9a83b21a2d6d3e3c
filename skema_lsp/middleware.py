from django.conf import settings
from django.utils import translation

from skema_lsp.i18n import is_translated


class LanguageCookieMiddleware:
    """Indonesian unless the user picked English with the language switch (cookie). The browser's
    Accept-Language is ignored on purpose: a page must not mix English framework text into an
    Indonesian UI just because a phone is set to English. Only the pages with an English catalogue
    (skema_lsp.i18n.TRANSLATED_PAGES) follow the cookie; the rest stay Indonesian."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available or (language != settings.LANGUAGE_CODE
                                              and not is_translated(request.path_info)):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
