"""/oidc/: single sign-on (accounts/oidc.py). The names are mozilla-django-oidc's (it reverses
the callback by name); both pages are 404 while OpenID Connect is not configured."""

from django.urls import path

from . import oidc

urlpatterns = [
    path("authenticate/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("callback/", oidc.callback_view, name="oidc_authentication_callback"),
]
