"""Numbers that arrive as text (query strings, hidden fields, ids of a choice): parsed once.

`str.isdigit()` is no check: "²" is a digit to it and `int("²")` fails, and an id of 40 digits
overflows the database's integers (SQLite raises). So a year is one of the portal's years
(`FIRST_YEAR`..`LAST_YEAR`), an id or a version a whole number of at most 64 bits, checked
here; a value that is not one is ignored with a message, refused as a form error, or answered
with a 400 (`BadParameter`) where nothing sensible can be done without it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .figures.months import FIRST_YEAR, LAST_YEAR, month_label, parse_month

# The largest id or version any database of the portal stores (a signed 64-bit integer).
MAX_INTEGER = 2**63 - 1
DIGITS = re.compile(r"^[0-9]{1,19}$")
YEAR_MESSAGE = gettext_lazy("Choose a year from the list.")
# A code (of a unit, a shortcoming type) is a slug: Django's own message for it has no
# Vietnamese in Django's catalogue, so a form shows this one (`error_messages={"code": ...}`).
CODE_MESSAGES = {
    "invalid": gettext_lazy(
        "A code has only letters without accents, digits, hyphens and underscores "
        "(for example phuong-ben-nghe)."
    )
}

# Django's own messages that its Vietnamese catalogue leaves untranslated and a form shows
# (a NUL pasted into any text field): named here so that the portal's catalogue, which
# comes first, translates them.
DJANGO_MESSAGES = (gettext_noop("Null characters are not allowed."),)


class BadParameter(BadRequest):
    """A request the page cannot answer without a parameter it sent malformed: a 400 that
    shows this message (written for the user) on the error page."""


def to_int(value, *, low=0, high=MAX_INTEGER):
    """`value` as an int when it is a whole number written in ASCII digits within
    [low, high]; otherwise None."""
    text = str(value).strip() if value is not None else ""
    if not DIGITS.match(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def query_int(data, name, **bounds):
    """The whole number `data[name]` (a QueryDict), or None when absent or not one."""
    return to_int(data.get(name), **bounds)


def query_text(data, name, *, max_length=100):
    """The search text `data[name]`, stripped, without control characters (a NUL is refused
    by PostgreSQL in any query: a 500, not an empty result) and at most `max_length` long."""
    text = "".join(char for char in str(data.get(name) or "") if unicodedata.category(char) != "Cc")
    return text.strip()[:max_length]


def query_year(data, name="year"):
    """(year, error): the year asked for, or None and the message to show beside the year
    selector when the value sent is not one of the portal's years (the list then shows
    every year)."""
    value = data.get(name, "")
    if value in ("", None):
        return None, None
    year = to_int(value, low=FIRST_YEAR, high=LAST_YEAR)
    return (year, None) if year is not None else (None, str(YEAR_MESSAGE))


def query_month(data, name):
    """The month `data[name]` ("2022-10"), None when absent; a malformed one is a 400."""
    value = data.get(name, "")
    if value in ("", None):
        return None
    month = parse_month(value)
    if month is None:
        raise BadParameter(
            _("“%(value)s” is not a month: write it as YYYY-MM, from %(first)s to %(last)s.")
            % {
                "value": str(value)[:20],
                "first": month_label(parse_month(f"{FIRST_YEAR}-01")),
                "last": month_label(parse_month(f"{LAST_YEAR}-12")),
            }
        )
    return month


def posted_int(data, name, *, default=None):
    """The whole number a form sent in a hidden field (a version), `default` when it sent
    none; a malformed one is a 400."""
    value = data.get(name)
    if value in ("", None) and default is not None:
        return default
    number = to_int(value)
    if number is None:
        raise BadParameter(
            _("The form was sent incomplete or altered. Reload the page and try again.")
        )
    return number


class YearField(forms.IntegerField):
    """A year of the portal's years, refused in Vietnamese outside them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        message = gettext_lazy("The year must be between 2000 and 2100.")
        kwargs.setdefault(
            "error_messages", {"invalid": message, "min_value": message, "max_value": message}
        )
        super().__init__(**kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice whose integer ids are checked before any query: an id of 40 digits
    is a refused choice, not a database overflow. Its messages are the portal's: Django's
    Vietnamese catalogue has none for them."""

    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "Choose from the list: %(value)s is not one of the choices offered."
        ),
        "invalid_pk_value": gettext_lazy(
            "Choose from the list: “%(pk)s” is not one of the choices offered."
        ),
    }

    def _check_values(self, value):
        meta = self.queryset.model._meta
        pk = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(pk, models.IntegerField | models.AutoField):
            for item in value:
                if to_int(item) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:20]},
                    )
        return super()._check_values(value)
