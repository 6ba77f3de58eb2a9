from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import sessions, two_factor  # noqa: F401  (their sign-in signals)

        check_directory_settings()


def check_directory_settings():
    """A wrong role mapping or group kind stops the start-up, not the first person's sign-in."""
    from django.conf import settings

    from .directory import parse_role_map

    if settings.AUTH_LDAP_SERVER_URI:
        from .ldap_directory import ldap_settings

        parse_role_map(settings.AUTH_LDAP_ROLE_GROUPS, "AUTH_LDAP_ROLE_GROUPS")
        ldap_settings()
    if settings.OIDC_ENABLED:
        parse_role_map(settings.OIDC_ROLE_VALUES, "OIDC_ROLE_VALUES")
