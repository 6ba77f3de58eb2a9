"""Sign-in through the province's single sign-on (OpenID Connect), by mozilla-django-oidc.

On when `OIDC_RP_CLIENT_ID` is set (settings.py appends `PortalOIDCBackend`; the login page then
shows a button to /oidc/authenticate/). After the provider sends the person back with a code,
mozilla-django-oidc exchanges it for tokens, checks the ID token's signature (JWKS) and nonce,
and asks the userinfo endpoint for the claims. The claims become the portal account through
`accounts.directory.apply_profile`, exactly as LDAP's attributes do: the login from
`OIDC_USERNAME_CLAIM`, the unit from `OIDC_UNIT_CLAIM`, the roles from the values of
`OIDC_ROLES_CLAIM` mapped by `OIDC_ROLE_VALUES`. A refusal is shown on the login page.
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from cchc_portal.backends import UserBackend
from cchc_portal.models import User

from .directory import DirectoryProfile, DirectoryRefused, apply_profile, roles_held

logger = logging.getLogger(__name__)


def claim_text(claims, name):
    value = claims.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def claim_values(claims, name):
    """A claim that lists groups or roles: a list, or one string (some providers send a
    space- or comma-separated string)."""
    value = claims.get(name) or []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return {str(item).strip() for item in value if str(item).strip()}


def profile_of(claims):
    username = claim_text(claims, settings.OIDC_USERNAME_CLAIM).lower()
    if not username:
        raise DirectoryRefused(
            _(
                "The single sign-on service did not say your login (the claim “%(claim)s”). "
                "Ask its administrator to send it to the portal."
            )
            % {"claim": settings.OIDC_USERNAME_CLAIM}
        )
    held = claim_values(claims, settings.OIDC_ROLES_CLAIM)
    return DirectoryProfile(
        source=User.Source.OIDC,
        username=username,
        unit_code=claim_text(claims, settings.OIDC_UNIT_CLAIM),
        role_codes=roles_held(held, settings.OIDC_ROLE_VALUES, "OIDC_ROLE_VALUES"),
        first_name=claim_text(claims, "given_name"),
        last_name=claim_text(claims, "family_name"),
        email=claim_text(claims, "email"),
    )


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            # The provider is down or refused the code: say so, do not fail with a 500.
            logger.warning("OpenID Connect sign-in failed: %s", error)
            request.sign_in_refusal = _(
                "The single sign-on service could not be reached or refused the sign-in. "
                "Try again in a moment, or sign in with a portal password."
            )
            return None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            return apply_profile(profile_of(claims))
        except DirectoryRefused as refusal:
            self.request.sign_in_refusal = str(refusal)
            return None

    def get_user(self, user_id):
        # The same one-query user as every other page (cchc_portal.backends).
        return UserBackend().get_user(user_id)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def login_failure(self):
        # The backend's reason when it refused (request.sign_in_refusal, as for LDAP);
        # otherwise (cancelled at the provider, an expired or replayed code) a general one,
        # never a silent return to the login page.
        messages.error(
            self.request,
            getattr(self.request, "sign_in_refusal", None)
            or _(
                "Single sign-on did not sign you in. Try again, or sign in with a portal password."
            ),
        )
        return super().login_failure()


def enabled_only(view):
    """The /oidc/ pages exist only while OpenID Connect is configured."""

    @login_not_required
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


authenticate_view = enabled_only(oidc_views.OIDCAuthenticationRequestView.as_view())
callback_view = enabled_only(CallbackView.as_view())
