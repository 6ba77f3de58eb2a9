"""Two-factor sign-in (placeholder module; the two-factor work fills it in)."""


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
