"""Checks the test OpenID provider end to end, outside the portal's pytest:

python -m tests.oidc_provider.selfcheck      (from the repository root)
"""

import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests

from tests.oidc_provider.server import Provider, start

ALICE = {
    "password": "Alice-pass-123",
    "email": "alice@example.test",
    "given_name": "Alice",
    "family_name": "Nguyen",
    "unit_code": "ward-one",
    "groups": ["cchc-canbo"],
}
REDIRECT_URI = "http://testserver/oidc/callback/"


def sign_in(provider: Provider, session: requests.Session, password: str) -> dict:
    """The portal's side of a sign-in; returns the ID token's and userinfo's claims."""
    conf = provider.settings()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        "state": state,
        "nonce": nonce,
    }
    callback = provider.login(
        f"{conf['OIDC_OP_AUTHORIZATION_ENDPOINT']}?{urlencode(query)}", "alice", password
    )
    assert callback.startswith(REDIRECT_URI), callback
    params = parse_qs(urlsplit(callback).query)
    assert params["state"] == [state] and params["code"], params

    # The token exchange as mozilla-django-oidc does it: the credentials in the POST body.
    response = session.post(
        conf["OIDC_OP_TOKEN_ENDPOINT"],
        data={
            "grant_type": "authorization_code",
            "code": params["code"][0],
            "redirect_uri": REDIRECT_URI,
            "client_id": conf["OIDC_RP_CLIENT_ID"],
            "client_secret": conf["OIDC_RP_CLIENT_SECRET"],
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    tokens = response.json()

    jwks = jwt.PyJWKClient(conf["OIDC_OP_JWKS_ENDPOINT"])
    id_token = jwt.decode(
        tokens["id_token"],
        jwks.get_signing_key_from_jwt(tokens["id_token"]).key,
        algorithms=["RS256"],
        audience=provider.client_id,
        issuer=provider.issuer,
    )
    assert id_token["nonce"] == nonce, id_token

    response = session.get(
        conf["OIDC_OP_USER_ENDPOINT"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"id_token": id_token, "userinfo": response.json()}


def main() -> None:
    session = requests.Session()
    session.trust_env = False
    with tempfile.TemporaryDirectory() as tmp:
        began = time.monotonic()
        provider = start(Path(tmp))
        print(f"start() took {time.monotonic() - began:.2f} s: {provider.base_url}")
        try:
            provider.set_people({"alice": ALICE})
            claims = sign_in(provider, session, ALICE["password"])
            print("ID token:", claims["id_token"])
            print("userinfo:", claims["userinfo"])
            assert claims["id_token"]["unit_code"] == "ward-one", claims
            assert claims["id_token"]["groups"] == ["cchc-canbo"], claims
            assert claims["userinfo"] == {
                "sub": "alice",
                "preferred_username": "alice",
                "email": "alice@example.test",
                "given_name": "Alice",
                "family_name": "Nguyen",
                "unit_code": "ward-one",
                "groups": ["cchc-canbo"],
            }, claims

            # The people are read at each request: a move to another unit shows at once.
            provider.set_people({"alice": {**ALICE, "unit_code": "ward-two"}})
            claims = sign_in(provider, session, ALICE["password"])
            assert claims["id_token"]["unit_code"] == "ward-two", claims
            assert claims["userinfo"]["unit_code"] == "ward-two", claims

            # Absent keys mean absent claims.
            provider.set_people({"alice": {"password": ALICE["password"]}})
            claims = sign_in(provider, session, ALICE["password"])
            assert claims["userinfo"] == {"sub": "alice", "preferred_username": "alice"}, claims

            try:
                sign_in(provider, session, "wrong-password")
            except AssertionError as error:
                assert "Please enter a correct username and password" in str(error), error
            else:
                raise AssertionError("a wrong password signed in")
        finally:
            provider.stop()
    print("SELF-CHECK OK")


if __name__ == "__main__":
    main()
