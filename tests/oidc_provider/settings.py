"""Settings of the test OpenID provider process (never of the portal).

Everything the process keeps lives in ``$OIDC_PROVIDER_DIR``: the SQLite database, the RSA
signing key (key.pem) and the people (people.json, read at each request).
"""

import os
from pathlib import Path

DIRECTORY = Path(os.environ["OIDC_PROVIDER_DIR"])

SECRET_KEY = "test-oidc-provider-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "tests.oidc_provider.apps.OidcProviderConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DIRECTORY / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The people (and their passwords) are people.json: see claims.PeopleBackend.
AUTHENTICATION_BACKENDS = ["tests.oidc_provider.claims.PeopleBackend"]
# DOT hashes the client secret with the first hasher; a fast one keeps each token call quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (DIRECTORY / "key.pem").read_text(),
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name and username",
        "email": "Email address",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.claims.PeopleValidator",
    "PKCE_REQUIRED": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Errors (tracebacks of 500s) go to the server log, server.log in the directory.
    "root": {"handlers": ["console"], "level": "WARNING"},
}
