"""Start and drive the test OpenID provider (a second Django process on a loopback port).

    provider = start(tmp_path)
    provider.set_people({"alice": {"password": "...", "unit_code": "ward-one", ...}})
    settings.update(provider.settings())          # the portal's OIDC_* settings
    callback = provider.login(authorize_url, "alice", "...")  # -> portal callback URL
    provider.stop()

Only this module is imported by the tests' process; it never imports the provider's settings.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.processes import stop_with_this_process

REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_MODULE = "tests.oidc_provider.settings"
START_TIMEOUT = 30  # seconds


def _env(directory: Path) -> dict:
    env = dict(os.environ)  # the tests' own DJANGO_SETTINGS_MODULE must not leak in
    env.update(
        OIDC_PROVIDER_DIR=str(directory),
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _django(*args: str) -> list[str]:
    return [sys.executable, "-m", "django", *args, f"--settings={SETTINGS_MODULE}"]


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # loopback only: no proxy from the environment
    return session


@dataclass
class Provider:
    base_url: str  # "http://127.0.0.1:<port>"
    issuer: str  # base_url + "/o"
    client_id: str
    client_secret: str  # plaintext (the provider's database keeps it hashed)
    directory: Path
    process: subprocess.Popen = field(repr=False)

    def set_people(self, people: dict) -> None:
        """Replace the people: ``{"<username>": {"password", "email", "given_name",
        "family_name", "unit_code", "groups"}}`` (any key may be missing).

        Takes effect at the provider's next request: it signs people in against this file
        (creating their Django user at the first sign-in) and reads their claims from it for
        each ID token and userinfo response.
        """
        _write_people(self.directory, people)

    def settings(self) -> dict:
        """The portal's mozilla-django-oidc settings for this provider."""
        o = self.issuer
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{o}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{o}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{o}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{o}/.well-known/jwks.json",
        }

    def login(self, authorize_url: str, username: str, password: str) -> str:
        """Sign in at the provider like a browser would, from the portal's authorize URL.

        Follows the redirects that stay on the provider (authorize -> /login/ -> authorize)
        and returns the first redirect Location that leaves it (the portal's callback, e.g.
        ``http://testserver/oidc/callback/?code=...&state=...``) without requesting it.
        Raises AssertionError with the page's text if the provider answers with a page
        instead (a wrong password, an error).
        """
        provider = urlsplit(self.base_url)[:2]
        session = _session()
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        posted = False
        for _ in range(10):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if urlsplit(location)[:2] != provider:
                    return location
                response = session.get(location, allow_redirects=False, timeout=10)
                continue
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
            if response.status_code != 200 or token is None or posted:
                break
            # The login form: POST it back to its own URL (which carries ?next=).
            response = session.post(
                response.url,
                data={
                    "csrfmiddlewaretoken": token[1],
                    "username": username,
                    "password": password,
                },
                allow_redirects=False,
                timeout=10,
            )
            posted = True
        raise AssertionError(
            f"The provider did not redirect to the portal ({response.status_code} at "
            f"{response.url}):\n{response.text}"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _write_people(directory: Path, people: dict) -> None:
    # Atomic, so the server never reads a half-written file.
    tmp = directory / "people.json.tmp"
    tmp.write_text(json.dumps(people, indent=2))
    tmp.replace(directory / "people.json")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(directory: Path, redirect_uri: str = "http://testserver/oidc/callback/") -> Provider:
    """Start a provider whose files live in ``directory`` (made if missing), with one
    confidential application for ``redirect_uri``; returns once it answers."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    _write_people(directory, {})
    client_id, client_secret = "portal-" + secrets.token_hex(8), secrets.token_urlsafe(32)

    env = _env(directory)
    init = subprocess.run(
        _django(
            "oidcp_init",
            f"--client-id={client_id}",
            f"--client-secret={client_secret}",
            f"--redirect-uri={redirect_uri}",
        ),
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if init.returncode:
        raise RuntimeError(f"The OpenID provider's setup failed:\n{init.stdout}{init.stderr}")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Output goes to a file: an unread pipe would block the server once full.
    log_path = directory / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            _django("runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=stop_with_this_process,
        )
    provider = Provider(
        base_url=base_url,
        issuer=base_url + "/o",
        client_id=client_id,
        client_secret=client_secret,
        directory=directory,
        process=process,
    )

    discovery = base_url + "/o/.well-known/openid-configuration"
    session = _session()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if session.get(discovery, timeout=2).status_code == 200:
                return provider
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    provider.stop()
    raise RuntimeError(
        f"The OpenID provider did not answer at {discovery}:\n{log_path.read_text()}"
    )
