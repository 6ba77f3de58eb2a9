"""The directory servers the sign-in tests start: OpenLDAP's slapd (tests/accounts/ldap_server.py)
once per test session, on a loopback port, stopped at the end."""

import pytest

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
