"""Accounts in bulk: the Excel template, the import (all rows or none), the export.

The import checks every row with the same rules as the people pages
(`services.validate_person`), then saves every row in one transaction, or none when any row
has an error. A row equal to the account it names is left alone, so uploading the same file
again changes nothing. The export has the template's columns, so it can be edited and
uploaded back.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from cchc_portal import spreadsheets
from cchc_portal.models import Role, User

from . import selectors, services

MAX_ROWS = 2000
BOLD = Font(bold=True)


def columns():
    """(key, heading) of the sheet's columns, in order."""
    return [
        ("last_name", _("Family and middle names")),
        ("first_name", _("Given name")),
        ("username", _("Login")),
        ("email", _("E-mail")),
        ("unit", _("Unit code")),
        ("roles", _("Roles")),
        ("position", _("Position")),
        ("phone", _("Phone")),
    ]


class SheetUnreadable(Exception):
    """The upload is not a workbook of the template's shape (message for the page)."""


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)
    person: User | None = None
    cleaned: dict | None = None
    action: str = ""  # created, updated, unchanged


@dataclass
class ImportResult:
    rows: list
    saved: bool = False

    @property
    def errors(self):
        return [(row.number, message) for row in self.rows for message in row.errors]

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)


def _workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet):
    for index, (_key, heading) in enumerate(columns(), start=1):
        cell = sheet.cell(row=1, column=index, value=heading)
        cell.font = BOLD
        sheet.column_dimensions[cell.column_letter].width = 24
    sheet.freeze_panes = "A2"


def _role_label(code):
    return str(Role.Code(code).label)


def _person_values(person):
    return [
        person.last_name,
        person.first_name,
        person.username,
        person.email,
        person.unit.code if person.unit_id else "",
        "; ".join(_role_label(code) for code in sorted(person.role_codes)),
        person.position,
        person.phone,
    ]


def import_template(acting_user, people=()):
    """The people sheet (filled with `people`, if any), the units and roles the acting user
    may give, and the instructions."""
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("People")
    _header(sheet)
    for row, values in enumerate(people, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    lists = book.create_sheet(_("Lists"))
    lists.append([_("Unit code"), _("Unit"), "", _("Role"), _("Role code")])
    for cell in lists[1]:
        cell.font = BOLD
    units = list(selectors.assignable_units(acting_user).values_list("code", "name"))
    roles = selectors.assignable_roles(acting_user)
    for index in range(max(len(units), len(roles))):
        code, name = units[index] if index < len(units) else ("", "")
        role = roles[index] if index < len(roles) else ""
        lists.append([code, name, "", _role_label(role) if role else "", role])
    for letter, width in (("A", 22), ("B", 45), ("D", 30), ("E", 20)):
        lists.column_dimensions[letter].width = width
    guide = book.create_sheet(_("Instructions"))
    guide.column_dimensions["A"].width = 110
    lines = [
        _("How to fill in the people sheet"),
        _("One row per person, from row 2. Do not change the column headings."),
        _(
            "Login: lower-case letters without accents, digits and dots, e.g. nguyen.van.a; "
            "a login already in the portal updates that person."
        ),
        _("Unit code: one of the codes on the Lists sheet (your units only)."),
        _(
            "Roles: one or more, separated by semicolons (;), by their name or code on the Lists sheet."
        ),
        _("E-mail: the new person receives there the link to set their password."),
        _(
            "If any row has an error, nothing is saved: the page lists each row's errors; "
            "correct them and upload the file again. Uploading the same file again changes "
            "nothing."
        ),
    ]
    for index, line in enumerate(lines, start=1):
        guide.cell(row=index, column=1, value=line)
    guide["A1"].font = Font(bold=True, size=13)
    return _workbook_bytes(book)


def export_people(acting_user, people):
    """The listed people in the template's columns, plus status, source and last sign-in."""
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("People")
    _header(sheet)
    extra = [_("Status"), _("Account source"), _("Last sign-in")]
    base = len(columns())
    for offset, heading in enumerate(extra, start=1):
        cell = sheet.cell(row=1, column=base + offset, value=heading)
        cell.font = BOLD
        sheet.column_dimensions[cell.column_letter].width = 22
    for person in people:
        last = (
            timezone.localtime(person.last_login).strftime("%d/%m/%Y %H:%M")
            if person.last_login
            else ""
        )
        sheet.append(
            [
                *_person_values(person),
                _("active") if person.is_active else _("deactivated"),
                person.get_source_display(),
                last,
            ]
        )
    return _workbook_bytes(book)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _role_lookup():
    lookup = {}
    for code in Role.Code:
        lookup[str(code).lower()] = code
        lookup[_role_label(code).lower()] = code
    return lookup


def _roles_in(text, lookup):
    """The role codes a cell names (labels or codes, any case, separated by ";" or ","; a
    label may itself hold a comma), and the parts that name no role."""
    rest = text.lower()
    codes = set()
    for name in sorted(lookup, key=len, reverse=True):
        if name in rest:
            codes.add(lookup[name])
            rest = rest.replace(name, ";")
    unknown = [part.strip() for part in re.split(r"[,;]", rest) if part.strip()]
    return codes, unknown


def _read_sheet(upload):
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetUnreadable(
            _("The file cannot be read as an Excel workbook (.xlsx). Use the template.")
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(value).lower() for value in (next(rows, None) or ())][: len(columns())]
    expected = [heading.lower() for _key, heading in columns()]
    if header != expected:
        raise SheetUnreadable(
            _("The first row must hold the template's headings: %(headings)s.")
            % {"headings": ", ".join(heading for _key, heading in columns())}
        )
    found = []
    for number, values in enumerate(rows, start=2):
        values = [_text(value) for value in (values or ())][: len(columns())]
        if not any(values):
            continue
        if len(found) >= MAX_ROWS:
            raise SheetUnreadable(
                _("The file has more than %(max)s people; split it into several files.")
                % {"max": MAX_ROWS}
            )
        values += [""] * (len(columns()) - len(values))
        found.append(
            ImportRow(number, dict(zip([key for key, _h in columns()], values, strict=True)))
        )
    return found


def read_people(upload, acting_user):
    """Every row of the upload, checked: each ImportRow has its errors (Vietnamese, naming
    the column) or its cleaned values and the person it updates (None for a new one)."""
    rows = _read_sheet(upload)
    headings = dict(columns())
    headings["roles"] = _("Roles")
    units = {unit.code.lower(): unit for unit in selectors.assignable_units(acting_user)}
    visible = selectors.people_for(acting_user)
    role_lookup = _role_lookup()
    seen_logins, seen_emails = {}, {}
    for row in rows:
        values = row.values
        login = values["username"].lower()
        unit = units.get(values["unit"].lower())
        if values["unit"] and unit is None:
            row.errors.append(
                _("Unit code: “%(code)s” does not exist or is not one of your units.")
                % {"code": values["unit"]}
            )
        role_codes, unknown = _roles_in(values["roles"], role_lookup)
        if unknown:
            row.errors.append(
                _("Roles: “%(roles)s” is not a role of the Lists sheet.")
                % {"roles": ", ".join(unknown)}
            )
        if login in seen_logins:
            row.errors.append(
                _("Login: “%(login)s” is also on row %(row)s.")
                % {"login": login, "row": seen_logins[login]}
            )
        seen_logins.setdefault(login, row.number)
        email = values["email"].lower()
        if email and email in seen_emails:
            row.errors.append(
                _("E-mail: “%(email)s” is also on row %(row)s.")
                % {"email": values["email"], "row": seen_emails[email]}
            )
        seen_emails.setdefault(email, row.number)
        person = (
            visible.filter(username__iexact=login).prefetch_related("roles").first()
            if login
            else None
        )
        data = {**values, "unit": unit, "role_codes": role_codes}
        try:
            cleaned = services.validate_person(acting_user=acting_user, data=data, person=person)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name == "unit" and (values["unit"] and unit is None):
                    continue  # said above, with the code
                if name == "roles" and unknown:
                    continue
                label = headings.get(name, name)
                row.errors.extend(f"{label}: {message}" for message in messages)
        else:
            if (
                person is not None
                and selectors.is_protected(person)
                and not acting_user.is_administrator
            ):
                row.errors.append(_("Only an administrator can change an administrator's account."))
            row.person, row.cleaned = person, cleaned
    return rows


def import_people(upload, acting_user):
    """Check every row, then save them all in one transaction, or none when any row has an
    error. Returns the ImportResult (counts of created, updated, unchanged)."""
    result = ImportResult(read_people(upload, acting_user))
    if result.errors:
        return result
    reason = _("Imported from Excel")
    with transaction.atomic():
        for row in result.rows:
            data = {
                **row.values,
                "unit": row.cleaned["unit"],
                "role_codes": row.cleaned["role_codes"],
            }
            if row.person is None:
                row.person = services.person_create(
                    acting_user=acting_user, data=data, reason=reason
                )
                row.action = "created"
            elif services.differs(row.person, row.cleaned):
                services.person_update(
                    acting_user=acting_user, person=row.person, data=data, reason=reason
                )
                row.action = "updated"
            else:
                row.action = "unchanged"
    result.saved = True
    return result
