"""Directory accounts: what a directory (LDAP / Active Directory) or an OpenID provider says
about a person becomes their portal account, the same way for both.

At each sign-in the directory is the source of the person's name, e-mail, unit and roles:
the unit is the one whose code the directory gives (a person whose code names no active unit
is refused, never given a default unit), the roles are those whose groups (LDAP) or claim
values (OIDC) the person has, by the mappings in the settings. The administrator role is never
given by a directory. The portal keeps no password for a directory account.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from cchc_portal.models import Role, Unit, User

# A directory gives these roles and no other.
DIRECTORY_ROLES = frozenset(Role.Code) - {Role.Code.ADMINISTRATOR}


class DirectoryRefused(Exception):
    """The directory knows the person but the portal cannot give them an account; the
    message (Vietnamese) is shown on the login page."""


def configured_sources():
    """[(User.Source, label)] of the directory sign-ins this portal has (settings)."""
    sources = []
    if settings.AUTH_LDAP_SERVER_URI:
        sources.append((User.Source.LDAP, User.Source.LDAP.label))
    if settings.OIDC_ENABLED:
        sources.append((User.Source.OIDC, User.Source.OIDC.label))
    return sources


def parse_role_map(text, setting):
    """ "internal_affairs=cn=noivu,ou=groups,dc=x;unit_staff=cn=canbo,..." → {value: role}.

    The pairs are split on ";" and each on its first "=" (a group DN holds "=" and ",").
    """
    mapping = {}
    for pair in (text or "").split(";"):
        pair = pair.strip()
        if not pair:
            continue
        role, sep, value = pair.partition("=")
        role, value = role.strip(), value.strip()
        if not sep or not value:
            raise ImproperlyConfigured(f"{setting}: “{pair}” is not role=value.")
        if role not in DIRECTORY_ROLES:
            raise ImproperlyConfigured(
                f"{setting}: “{role}” is not a role a directory can give "
                f"({', '.join(sorted(DIRECTORY_ROLES))})."
            )
        mapping[value.lower()] = role
    return mapping


def roles_held(held, text, setting):
    """The role codes that `held` (a directory's group DNs or claim values, any case) gives by
    the mapping `text` of the setting `setting` (`parse_role_map`)."""
    held = {value.lower() for value in held}
    return {role for value, role in parse_role_map(text, setting).items() if value in held}


@dataclass
class DirectoryProfile:
    """A person as the directory describes them."""

    source: str  # User.Source.LDAP or User.Source.OIDC
    username: str
    unit_code: str
    role_codes: set = field(default_factory=set)
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def unit_for_code(code):
    code = (code or "").strip()
    unit = Unit.objects.filter(code=code, is_active=True).first() if code else None
    if unit is None:
        if code:
            raise DirectoryRefused(
                _(
                    "Your directory account names the unit code “%(code)s”, which the portal "
                    "does not have. Ask internal affairs to add the unit or correct the code "
                    "in the directory."
                )
                % {"code": code}
            )
        raise DirectoryRefused(
            _(
                "Your directory account has no unit code, so the portal cannot tell which "
                "unit you work for. Ask the directory's administrator to fill it in."
            )
        )
    return unit


def apply_profile(profile, user=None):
    """The portal account for `profile`: `user` (or the account with its login) updated, or a
    new one. Raises DirectoryRefused when the unit code is unknown or the account is local or
    disabled. Saved with its history in one transaction."""
    unit = unit_for_code(profile.unit_code)
    if user is None:
        user = User.objects.filter(username=profile.username).first()
    if user is not None and user.pk and user.source == User.Source.LOCAL:
        raise DirectoryRefused(
            _(
                "The login “%(username)s” belongs to a portal account, not a directory one. "
                "Sign in with its portal password, or ask internal affairs to link it."
            )
            % {"username": profile.username}
        )
    if user is not None and user.pk and not user.is_active:
        raise DirectoryRefused(_("This account is disabled. Please contact your administrator."))
    role_codes = set(profile.role_codes) & DIRECTORY_ROLES
    if not role_codes:
        raise DirectoryRefused(
            _(
                "Your directory account is in no group that gives a role in the portal. Ask "
                "internal affairs which group you should be in."
            )
        )
    with transaction.atomic():
        if user is None:
            user = User(username=profile.username)
        changed = user.pk is None
        for name, value in (
            ("source", profile.source),
            ("unit", unit),
            ("first_name", profile.first_name[:150]),
            ("last_name", profile.last_name[:150]),
            ("email", profile.email[:254]),
        ):
            if getattr(user, name) != value:
                setattr(user, name, value)
                changed = True
        if user.pk is None:
            user.set_unusable_password()
        # Both the save and a change of roles (history of the m2m) write a history row.
        user._change_reason = _("From the directory at sign-in")
        if changed:
            user.save()
        current = set(user.roles.values_list("code", flat=True))
        if current != role_codes:
            user.roles.set(Role.objects.filter(code__in=role_codes))
        user.__dict__.pop("role_codes", None)
    # Not for the sign-in's own save of last_login, which follows.
    del user._change_reason
    return user
