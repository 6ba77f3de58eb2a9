"""Every write to accounts: create, update, deactivate, reactivate, the password link.

Each takes the acting user; scope and role rules are checked here (not only in the forms), so
the people pages, the Excel import and the shell obey the same rules. History is kept by
django-simple-history (the acting user is recorded on the row).
"""

import re

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cchc_portal.models import Role, User

from . import selectors
from .directory import configured_sources
from .sessions import end_sessions

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")
# The fields a person's record has on the people pages and in the Excel file.
PERSON_FIELDS = ("username", "last_name", "first_name", "email", "unit", "position", "phone")


def _check_manager(acting_user, person=None):
    if not selectors.can_manage_people(acting_user):
        raise PermissionDenied
    if person is not None:
        if not selectors.people_for(acting_user).filter(pk=person.pk).exists():
            raise PermissionDenied
        if selectors.is_protected(person) and not acting_user.is_administrator:
            raise PermissionDenied(
                _("Only an administrator can change an administrator's account.")
            )


def validate_person(*, acting_user, data, person=None):
    """Check one person's values (a form's or an Excel row's) against the rules; returns the
    cleaned values or raises ValidationError with a Vietnamese message per field.

    `data`: username, last_name, first_name, email, unit (a Unit or None), role_codes,
    position, phone.
    """
    errors = {}
    cleaned = {}
    username = (data.get("username") or "").strip().lower()
    if person is not None and person.pk:
        username = person.username  # a login never changes: history and sign-ins use it
    elif not USERNAME.match(username):
        errors["username"] = _(
            "A login has 3 to 150 characters: lower-case letters without accents, digits, "
            "dots, hyphens or underscores, starting with a letter or digit."
        )
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("The login “%(username)s” is already taken.") % {
            "username": username
        }
    cleaned["username"] = username
    for name in ("last_name", "first_name", "position", "phone"):
        cleaned[name] = " ".join((data.get(name) or "").split())
    if not cleaned["first_name"]:
        errors["first_name"] = _("Enter the given name.")
    if not cleaned["last_name"]:
        errors["last_name"] = _("Enter the family and middle names.")
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("“%(email)s” is not an e-mail address.") % {"email": email}
    cleaned["email"] = email
    unit = data.get("unit")
    if unit is None:
        errors["unit"] = _("Choose the unit the person works for.")
    elif not selectors.assignable_units(acting_user).filter(pk=unit.pk).exists():
        errors["unit"] = _("The unit “%(unit)s” is not within your units.") % {"unit": unit}
    cleaned["unit"] = unit
    role_codes = set(data.get("role_codes") or ())
    allowed = set(selectors.assignable_roles(acting_user))
    if Role.Code.ADMINISTRATOR in role_codes - allowed:
        errors["roles"] = _("Only an administrator can give the administrator role.")
    elif role_codes - allowed:
        errors["roles"] = _("Unknown role: %(roles)s.") % {
            "roles": ", ".join(sorted(role_codes - allowed))
        }
    elif not role_codes:
        errors["roles"] = _("Give the person at least one role.")
    cleaned["role_codes"] = role_codes
    if person is not None and person.pk and person.source != User.Source.LOCAL:
        # The directory keeps a directory account's unit and roles (rewritten at sign-in).
        if unit is not None and unit.pk != person.unit_id:
            errors["unit"] = _("The directory sets this account's unit; change it there.")
        if role_codes != set(person.role_codes):
            errors["roles"] = _("The directory sets this account's roles; change them there.")
    for name in PERSON_FIELDS:
        if name in errors:
            continue
        try:
            User._meta.get_field(name).run_validators(cleaned[name]) if cleaned[name] else None
        except ValidationError as error:
            errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply(person, cleaned, acting_user, reason):
    for name in PERSON_FIELDS:
        setattr(person, name, cleaned[name])
    person._history_user = acting_user
    person._change_reason = reason
    person.save()
    if set(person.roles.values_list("code", flat=True)) != cleaned["role_codes"]:
        person._history_user = acting_user
        person.roles.set(Role.objects.filter(code__in=cleaned["role_codes"]))
    person.__dict__.pop("role_codes", None)
    return person


def differs(person, cleaned):
    """True when saving `cleaned` would change `person` (the import's "unchanged" rows)."""
    for name in PERSON_FIELDS:
        value = cleaned[name]
        current = getattr(person, name)
        if name == "unit":
            if person.unit_id != (value.pk if value else None):
                return True
        elif current != value:
            return True
    return set(person.role_codes) != set(cleaned["role_codes"])


@transaction.atomic
def person_create(*, acting_user, data, send_link=True, reason=""):
    """A new local account, without a password: the person sets it from the link sent to
    their e-mail (when there is one) once this commits."""
    _check_manager(acting_user)
    cleaned = validate_person(acting_user=acting_user, data=data)
    person = User(username=cleaned["username"], source=User.Source.LOCAL)
    person.set_unusable_password()
    _apply(person, cleaned, acting_user, reason or _("Account created"))
    if send_link and person.email:
        transaction.on_commit(lambda: send_password_link(person))
    return person


@transaction.atomic
def person_update(*, acting_user, person, data, reason=""):
    _check_manager(acting_user, person)
    cleaned = validate_person(acting_user=acting_user, data=data, person=person)
    if not differs(person, cleaned):
        return person
    return _apply(person, cleaned, acting_user, reason or _("Account changed"))


@transaction.atomic
def person_deactivate(*, acting_user, person):
    """The account can no longer sign in and every session it has open ends now. Nothing is
    deleted: history keeps the person's name on what they did."""
    _check_manager(acting_user, person)
    if person.pk == acting_user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not person.is_active:
        return person
    person.is_active = False
    person._history_user = acting_user
    person._change_reason = _("Account deactivated")
    person.save(update_fields=["is_active"])
    transaction.on_commit(lambda: end_sessions(person))
    return person


@transaction.atomic
def person_reactivate(*, acting_user, person):
    _check_manager(acting_user, person)
    if person.unit_id and not person.unit.is_active:
        raise ValidationError(
            _("The unit “%(unit)s” is no longer active: move the person to another unit first.")
            % {"unit": person.unit}
        )
    if person.is_active:
        return person
    person.is_active = True
    person._history_user = acting_user
    person._change_reason = _("Account reactivated")
    person.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_to_directory(*, acting_user, person, source):
    """A portal account of a person the directory also knows becomes a directory account:
    from now on they sign in with the directory's password (or single sign-on), which sets
    their unit and roles at each sign-in. The portal password stops working and every session
    ends; two-factor devices stay."""
    _check_manager(acting_user, person)
    if person.pk == acting_user.pk:
        raise ValidationError(_("You cannot link your own account: ask another officer."))
    if person.source != User.Source.LOCAL:
        raise ValidationError(_("This account already signs in through the directory."))
    sources = dict(configured_sources())
    if source not in sources:
        raise ValidationError(
            _("The portal has no directory sign-in of this kind configured: nothing changed.")
        )
    person.source = source
    person.set_unusable_password()
    person._history_user = acting_user
    person._change_reason = _("Linked to the directory (%(source)s)") % {"source": sources[source]}
    person.save(update_fields=["source", "password"])
    transaction.on_commit(lambda: end_sessions(person))
    return person


def password_link(person):
    """The address where `person` sets their password (valid PASSWORD_RESET_TIMEOUT, and
    only until the password is set)."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("accounts:set-password", args=[uid, token])
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(person):
    """E-mail the password link (printed on the console in the demo: EMAIL_BACKEND)."""
    if not person.email or person.source != User.Source.LOCAL:
        return False
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    body = _(
        "Dear %(name)s,\n\n"
        "An account on the administrative reform portal has been opened for you.\n"
        "Login: %(username)s\n\n"
        "Set your password at this address within %(days)s days:\n%(link)s\n\n"
        "If you did not expect this message, please tell internal affairs."
    ) % {
        "name": person.get_full_name() or person.username,
        "username": person.username,
        "days": days,
        "link": password_link(person),
    }
    send_mail(_("Your account on the administrative reform portal"), body, None, [person.email])
    return True
