"""Sign-in through the province's directory (OpenLDAP or Active Directory), by django-auth-ldap.

On when `AUTH_LDAP_SERVER_URI` is set (settings.py appends `PortalLDAPBackend` after the
portal's own backend, so local accounts keep working beside it). The portal binds with
`AUTH_LDAP_BIND_DN`, finds the person under `AUTH_LDAP_USER_SEARCH_BASE` with
`AUTH_LDAP_USER_FILTER`, checks the password by binding as them, and reads their groups under
`AUTH_LDAP_GROUP_SEARCH_BASE`. What the directory says then becomes the portal account through
`accounts.directory.apply_profile`, exactly as for OpenID Connect: the unit from the attribute
`AUTH_LDAP_UNIT_ATTRIBUTE`, the roles from `AUTH_LDAP_ROLE_GROUPS`. A refusal (unknown unit
code, no mapped group, a local account of that login) is kept on the request for the login
page to show, and no later backend is tried.
"""

import ldap
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django_auth_ldap.backend import LDAPBackend
from django_auth_ldap.config import (
    GroupOfNamesType,
    GroupOfUniqueNamesType,
    LDAPSearch,
    LDAPSettings,
    NestedActiveDirectoryGroupType,
    PosixGroupType,
)

from cchc_portal.backends import UserBackend
from cchc_portal.models import User

from .directory import DirectoryProfile, DirectoryRefused, apply_profile, roles_held

GROUP_KINDS = {
    "groupofnames": GroupOfNamesType,
    "groupofuniquenames": GroupOfUniqueNamesType,
    "posixgroup": PosixGroupType,
    "activedirectory": NestedActiveDirectoryGroupType,
}


def ldap_settings():
    """django-auth-ldap's settings built from the portal's plain-text ones (environment)."""
    conf = LDAPSettings("AUTH_LDAP_", {"ALWAYS_UPDATE_USER": False})
    if not settings.AUTH_LDAP_USER_SEARCH_BASE:
        raise ImproperlyConfigured("AUTH_LDAP_USER_SEARCH_BASE is required for LDAP sign-in.")
    conf.USER_SEARCH = LDAPSearch(
        settings.AUTH_LDAP_USER_SEARCH_BASE, ldap.SCOPE_SUBTREE, settings.AUTH_LDAP_USER_FILTER
    )
    kind = settings.AUTH_LDAP_GROUP_KIND.strip().lower()
    if kind not in GROUP_KINDS:
        raise ImproperlyConfigured(
            f"AUTH_LDAP_GROUP_KIND must be one of {', '.join(sorted(GROUP_KINDS))}."
        )
    if settings.AUTH_LDAP_GROUP_SEARCH_BASE:
        group_class = {"posixgroup": "(objectClass=posixGroup)"}.get(kind, "(objectClass=*)")
        conf.GROUP_SEARCH = LDAPSearch(
            settings.AUTH_LDAP_GROUP_SEARCH_BASE, ldap.SCOPE_SUBTREE, group_class
        )
        conf.GROUP_TYPE = GROUP_KINDS[kind]()
    if kind == "activedirectory":
        # Active Directory answers a subtree search with referrals python-ldap cannot follow.
        conf.CONNECTION_OPTIONS = {ldap.OPT_REFERRALS: 0, **conf.CONNECTION_OPTIONS}
    # The portal keeps the account itself (apply_profile): nothing copied by django-auth-ldap.
    conf.ALWAYS_UPDATE_USER = False
    conf.USER_ATTR_MAP = {}
    conf.MIRROR_GROUPS = None
    conf.CACHE_TIMEOUT = 0
    return conf


def first(attrs, name):
    values = (attrs or {}).get(name) or []
    return str(values[0]).strip() if values else ""


def profile_of(username, ldap_user):
    """What the directory says about the person `ldap_user` (found and password checked)."""
    group_dns = ldap_user.group_dns if ldap_user.settings.GROUP_TYPE else ()
    attrs = ldap_user.attrs
    return DirectoryProfile(
        source=User.Source.LDAP,
        username=username,
        unit_code=first(attrs, settings.AUTH_LDAP_UNIT_ATTRIBUTE),
        role_codes=roles_held(group_dns, settings.AUTH_LDAP_ROLE_GROUPS, "AUTH_LDAP_ROLE_GROUPS"),
        first_name=first(attrs, "givenName"),
        last_name=first(attrs, "sn"),
        email=first(attrs, "mail"),
    )


class PortalLDAPBackend(LDAPBackend):
    @property
    def settings(self):
        if self._settings is None:
            self._settings = ldap_settings()
        return self._settings

    @settings.setter
    def settings(self, value):
        self._settings = value

    def ldap_to_django_username(self, username):
        return username.strip().lower()

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except DirectoryRefused as refusal:
            if request is not None:
                request.sign_in_refusal = str(refusal)
            # The directory said who this is: no other backend may sign them in instead.
            raise PermissionDenied(str(refusal)) from refusal

    def get_or_build_user(self, username, ldap_user):
        """The account as the directory describes it, saved (so django-auth-ldap, told that it
        was not built and never to update, saves nothing more)."""
        return apply_profile(profile_of(username, ldap_user)), False

    def get_user(self, user_id):
        # The same one-query user as every other page (cchc_portal.backends).
        return UserBackend().get_user(user_id)

    def get_group_permissions(self, user, obj=None):
        # Permissions come from the portal's roles, not from directory groups.
        return set()
