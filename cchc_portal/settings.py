"""Settings for CCHC Portal, read from the environment.

Defaults suit a developer's machine (SQLite file, DEBUG on). Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-cchc-portal"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Our apps come first: where two catalogues translate the same msgid (e.g. "Summary"),
# the earlier app wins, and ours must win over Django admin's.
INSTALLED_APPS = [
    "cchc_portal",
    "reforms",
    "procedures",
    "inspections",
    "notifications",
    "feedback",
    "dashboards",
    "reports",
    "par_index",
    "audit",
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session middleware, so that its session write counts as a write.
    "cchc_portal.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc_portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cchc_portal.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc_portal.urls"
WSGI_APPLICATION = "cchc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cchc_portal.navigation.navigation",
            ],
        },
    },
]

# Widgets render with the project's engine (cached loader, templates/ first), so that
# templates/django/forms/ can replace a Django widget template with a faster equivalent.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web request and a management command may write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Scale-out (cchc_portal/replicas.py): reads of dashboards, lists and exports may go to a
# streaming replica; a user who wrote reads the primary for the next PIN seconds.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["cchc_portal.replicas.ReplicaRouter"]
# DATABASE_REPLICA_READS=0 sends every read back to the primary (a lagging replica).
DATABASE_REPLICA_READS = "replica" in DATABASES and env_bool("DATABASE_REPLICA_READS", True)
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
# Behind PgBouncer in transaction mode: CONN_MAX_AGE=0 and DISABLE_SERVER_SIDE_CURSORS=1.
if env_bool("DISABLE_SERVER_SIDE_CURSORS", False):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True

# Shared by every worker and app server, never per-process memory: a database table by
# default (`migrate` creates it, see apps.py), or CACHE_URL=redis://… for a cache server.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "rl",
        },
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// address.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cchc_cache",
        },
        # Rate limits of the public survey pages (feedback/abuse.py): a table of their own,
        # so that culling the page cache never forgets a count, and big enough that a flood
        # of addresses does not cull it either.
        "ratelimit": {
            "BACKEND": "cchc_portal.ratelimit_cache.AtomicIncrDatabaseCache",
            "LOCATION": "cchc_ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        },
    }
# django-ratelimit (the survey's public pages) counts in the shared "ratelimit" cache. Its
# check warns about any backend it does not list (W001); both of ours increment atomically.
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "feedback.public.rate_limited"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# The counter survey: fewer counted answers than this in a period show the count and no rate.
FEEDBACK_MIN_RESPONSES = int(os.environ.get("FEEDBACK_MIN_RESPONSES", "10"))
# Which days a reporting month covers (cchc_portal/figures/windows.py): "decree09", the
# official data windows of Decree 09/2019/NĐ-CP (15th of the month before to the 14th), or
# "calendar" (1st to the last day). Anything else is refused at start-up.
REPORTING_WINDOWS = os.environ.get("REPORTING_WINDOWS", "decree09")
if REPORTING_WINDOWS not in ("decree09", "calendar"):
    raise ImproperlyConfigured("REPORTING_WINDOWS must be decree09 or calendar.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cchc_portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cchc_portal.backends.UserBackend",
]

# --- Directory sign-in (accounts/directory.py); README "Sign-in through a directory". -----
# LDAP / Active Directory: on when AUTH_LDAP_SERVER_URI is set. Local accounts keep working.
AUTH_LDAP_SERVER_URI = os.environ.get("AUTH_LDAP_SERVER_URI", "")
AUTH_LDAP_BIND_DN = os.environ.get("AUTH_LDAP_BIND_DN", "")
AUTH_LDAP_BIND_PASSWORD = os.environ.get("AUTH_LDAP_BIND_PASSWORD", "")
AUTH_LDAP_START_TLS = env_bool("AUTH_LDAP_START_TLS", False)
AUTH_LDAP_USER_SEARCH_BASE = os.environ.get("AUTH_LDAP_USER_SEARCH_BASE", "")
# OpenLDAP: (uid=%(user)s); Active Directory: (sAMAccountName=%(user)s).
AUTH_LDAP_USER_FILTER = os.environ.get("AUTH_LDAP_USER_FILTER", "(uid=%(user)s)")
AUTH_LDAP_GROUP_SEARCH_BASE = os.environ.get("AUTH_LDAP_GROUP_SEARCH_BASE", "")
# groupOfNames (OpenLDAP), posixGroup, or activedirectory (nested AD groups).
AUTH_LDAP_GROUP_KIND = os.environ.get("AUTH_LDAP_GROUP_KIND", "groupOfNames")
# Which directory group gives which role: "role=group DN" pairs separated by ";".
AUTH_LDAP_ROLE_GROUPS = os.environ.get("AUTH_LDAP_ROLE_GROUPS", "")
# The attribute that holds the person's unit code (the portal's Unit.code).
AUTH_LDAP_UNIT_ATTRIBUTE = os.environ.get("AUTH_LDAP_UNIT_ATTRIBUTE", "departmentNumber")
AUTH_LDAP_CACHE_TIMEOUT = 0
if AUTH_LDAP_SERVER_URI:
    if not AUTH_LDAP_USER_SEARCH_BASE:
        raise ImproperlyConfigured("LDAP sign-in needs AUTH_LDAP_USER_SEARCH_BASE.")
    AUTHENTICATION_BACKENDS.append("accounts.ldap_directory.PortalLDAPBackend")

# OpenID Connect (mozilla-django-oidc): on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# A private certificate authority's bundle for the provider's https (else the system's).
OIDC_VERIFY_SSL = os.environ.get("OIDC_CA_BUNDLE") or True
OIDC_TIMEOUT = 10  # seconds: a provider that hangs does not hold a worker
# The claims read: the login, the unit code, and the list of groups/roles.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_UNIT_CLAIM = os.environ.get("OIDC_UNIT_CLAIM", "unit_code")
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "groups")
# Which claim value gives which role: "role=value" pairs separated by ";".
OIDC_ROLE_VALUES = os.environ.get("OIDC_ROLE_VALUES", "")
# The sign-in button's label on the login page.
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
LOGIN_REDIRECT_URL_FAILURE = "/login/"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        # HS256 checks the ID token with the client secret, RS256/ES256 with the JWKS.
        if not globals()[name]
        and not (name.endswith("JWKS_ENDPOINT") and OIDC_RP_SIGN_ALGO[:2] == "HS")
    ]
    if _missing:
        raise ImproperlyConfigured(f"OpenID Connect sign-in needs {', '.join(_missing)}.")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.PortalOIDCBackend")

# --- Two-factor sign-in (accounts/two_factor.py) ------------------------------------------
# The roles that must confirm each sign-in with a one-time code (an authenticator app, or a
# recovery code), e.g. "internal_affairs,leadership,administrator". Others may turn it on.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", [])
_ROLE_CODES = {"unit_staff", "inspector", "internal_affairs", "leadership", "administrator"}
if set(TWO_FACTOR_REQUIRED_ROLES) - _ROLE_CODES:
    raise ImproperlyConfigured(
        "TWO_FACTOR_REQUIRED_ROLES takes role codes: " + ", ".join(sorted(_ROLE_CODES))
    )
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "CCHC Portal")
TWO_FACTOR_RECOVERY_CODES = 10

# --- Passwords ------------------------------------------------------------------------------
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
# A password-setting link (a new account, a reset) is valid for three days.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "accounts.passwords.LoginNotInPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language, time and formats: Vietnamese first, English selectable.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# `make messages` sets CCHC_APP_MESSAGES so each app's strings go to the app's own catalogue.
LOCALE_PATHS = [] if os.environ.get("CCHC_APP_MESSAGES") else [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc_portal.formats"]
LANGUAGE_COOKIE_NAME = "cchc_language"
LANGUAGE_COOKIE_SECURE = env_bool("COOKIES_SECURE", not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Bootstrap is installed by npm at set-up (make setup); never committed.
NODE_MODULES = BASE_DIR / "node_modules"
if (NODE_MODULES / "bootstrap" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"))
if (NODE_MODULES / "bootstrap-icons" / "font").is_dir():
    STATICFILES_DIRS.append(("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads: MEDIA_ROOT on this machine, or with several app servers an S3-compatible bucket
# (django-storages; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the instance
# role). Files are private and streamed by the views after the scope check, never by URL.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,
            # Like FileSystemStorage: a second upload of the same name gets a new name.
            "file_overwrite": False,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured("STORAGE_BACKEND must be filesystem or s3.")

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are never served as public static files: views check scope first.
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Each has its content rule in cchc_portal/files.py (CONTENT_TYPES); no other is accepted.
UPLOAD_ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx", "jpg", "jpeg", "png"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {
    40: "danger",  # messages.ERROR maps to Bootstrap's "danger"
}

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc-portal@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Login throttling (django-axes, rules in cchc_portal/logins.py). An account is paused, never
# locked, since anyone can type its username: after AXES_FAILURE_LIMIT wrong passwords for
# 1 minute, then twice as long after each further one, at most 15 minutes (about a hundred
# guesses a day); a failure during a pause does not count. An address (password spraying) is
# paused while LOGIN_ADDRESS_FAILURE_LIMIT failures from it fall within the last hour, counted
# failures only, so an office behind one address can still log in all at once.
AXES_HANDLER = "cchc_portal.logins.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_PAUSE_FIRST = timedelta(minutes=1)
LOGIN_PAUSE_MAX = timedelta(minutes=15)
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
LOGIN_ADDRESS_WINDOW = timedelta(hours=1)
# How long failures are remembered. One duration for every row: axes deletes older rows
# across all accounts at once, so the growing pause is computed in logins.py instead.
AXES_COOLOFF_TIME = timedelta(hours=24)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cchc_portal.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "cchc_portal.views.login_paused"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Content Security Policy: everything from our own origin, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security: strict when DEBUG is off; HTTPS may be terminated by a proxy in front.
# Behind it, the proxy's X-Forwarded-Proto and X-Forwarded-For are trusted (logins.client_ip).
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
# Sessions in the database (Django's default engine): every app server sees every session.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
# Offices share computers: a session ends when the browser closes, and at the latest a working
# day after logging in...
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ...and after SESSION_IDLE_MINUTES without a request (accounts/sessions.py): the session
# records the last request at most every SESSION_ACTIVITY_STEP seconds, so an idle session
# ends between 25 and 30 minutes after its last request by default.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ACTIVITY_STEP = min(300, SESSION_IDLE_TIMEOUT // 6)
# Secure cookies whenever DEBUG is off; the loopback benchmark (plain HTTP) turns them off.
SESSION_COOKIE_SECURE = env_bool("COOKIES_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if BEHIND_HTTPS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SIMPLE_HISTORY_REVERT_DISABLED = True
