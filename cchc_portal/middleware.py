from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switcher (cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: civil
    servants' machines are often set to English, yet the portal must open in Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateNoStoreMiddleware:
    """A signed-in user's pages, exports, PDFs and files are never kept by a browser or a proxy
    cache: `Cache-Control: private, no-store`, unless the view already said no-store itself.

    Static files never get here (WhiteNoise answers them first), and anonymous pages (the
    login form, say) keep what Django sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            current = response.headers.get("Cache-Control", "")
            if "no-store" not in current.lower():
                response.headers["Cache-Control"] = "private, no-store"
        return response
