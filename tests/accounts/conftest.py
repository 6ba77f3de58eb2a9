"""The directory servers the sign-in tests start, once per test session on loopback ports and
stopped at the end: OpenLDAP's slapd (ldap_server.py) and an OpenID provider (tests/oidc_provider/)."""

import pytest

from ..oidc_provider import server as oidc_server
from . import ldap_server


@pytest.fixture(scope="session")
def ldap_directory():
    directory = ldap_server.start()
    yield directory
    directory.stop()


@pytest.fixture
def ldap_on(settings, ldap_directory):
    """LDAP sign-in configured as the environment would configure it (settings.py appends the
    backend when AUTH_LDAP_SERVER_URI is set); what a test changes in the directory is undone."""
    for name, value in ldap_directory.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.ldap_directory.PortalLDAPBackend",
    ]
    yield ldap_directory
    ldap_directory.restore()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A local OpenID provider: django-oauth-toolkit in a second Django process
    (tests/oidc_provider/), on a loopback port, stopped at the end."""
    provider = oidc_server.start(tmp_path_factory.mktemp("oidc-provider"))
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture
def oidc_on(settings, oidc_provider):
    """Single sign-on configured as the environment would configure it."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    settings.OIDC_ENABLED = True
    settings.OIDC_ROLE_VALUES = (
        "unit_staff=cchc-canbo;internal_affairs=cchc-noivu;leadership=cchc-lanhdao"
    )
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.oidc.PortalOIDCBackend",
    ]
    oidc_provider.set_people(OIDC_PEOPLE)
    return oidc_provider


# The provider's people (tests/accounts/test_oidc_sign_in.py).
OIDC_PEOPLE = {
    "canbo.sso": {
        "password": "Canbo-sso-123",
        "email": "canbo.sso@cchc.test",
        "given_name": "Thị Hoa",
        "family_name": "Đặng",
        "unit_code": "ward-one",
        "groups": ["cchc-canbo"],
    },
    "noivu.sso": {
        "password": "Noivu-sso-123",
        "given_name": "Văn Nội",
        "family_name": "Hồ",
        "unit_code": "city",
        "groups": ["cchc-noivu", "cchc-lanhdao", "some-other-app"],
    },
    "sai.sso": {"password": "Sai-sso-123", "unit_code": "no-such-unit", "groups": ["cchc-canbo"]},
    "khong.sso": {"password": "Khong-sso-123", "groups": ["cchc-canbo"]},
    "nhom.sso": {"password": "Nhom-sso-123", "unit_code": "ward-one", "groups": ["cchc-khac"]},
    "staff": {"password": "Staff-sso-123", "unit_code": "ward-one", "groups": ["cchc-canbo"]},
}
