from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from khuyencong.core.actor import Actor, _current


class ActorMiddleware:
    """Attribute changes made while serving a request to the signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        token = _current.set(
            Actor(user=user if user is not None and user.is_authenticated else None)
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class LanguageMiddleware:
    """Vietnamese unless the user chose English (cookie); the browser's language is ignored,
    so an official on an English-language browser still gets the Vietnamese interface."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
