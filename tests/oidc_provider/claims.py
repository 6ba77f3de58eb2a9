"""The people of the test provider: people.json, read again at each request.

``{"<username>": {"password": ..., "email": ..., "given_name": ..., "family_name": ...,
"unit_code": ..., "groups": [...]}}``; any key may be missing. The tests rewrite the file
between requests (``Provider.set_people``) to change a person's claims or password.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import constant_time_compare
from oauth2_provider.oauth2_validators import OAuth2Validator

# The claims copied from a person's entry when present (``sub`` is always the username).
CLAIM_KEYS = ("email", "given_name", "family_name", "unit_code", "groups")


def read_people() -> dict:
    return json.loads((settings.DIRECTORY / "people.json").read_text())


class PeopleBackend(ModelBackend):
    """Signs in with the username and password of people.json.

    The Django user (which DOT's grants and tokens point to) is created at the first sign-in;
    the password is never stored in the database, so a changed or removed person in
    people.json takes effect at the next sign-in.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        person = read_people().get(username)
        if person is None or password is None or "password" not in person:
            return None
        if not constant_time_compare(password, person["password"]):
            return None
        user, _ = get_user_model().objects.get_or_create(username=username)
        return user if self.user_can_authenticate(user) else None


class PeopleValidator(OAuth2Validator):
    # All claims, whatever the scopes asked (the default ties each claim to a scope).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        # Taking ``request`` makes DOT call this for each ID token and userinfo response
        # (the request-agnostic form without it is evaluated differently).
        username = request.user.get_username()
        person = read_people().get(username, {})
        claims = {"sub": username, "preferred_username": username}
        claims.update({key: person[key] for key in CLAIM_KEYS if key in person})
        return claims
