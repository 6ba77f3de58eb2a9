"""The shared change history, with dates as dd/mm/yyyy and stored files by their name.

`cchc_portal.history` prints a date field as 2022-10-20 and a file as its storage path;
until it formats them itself, reform pages tidy the two here.
"""

import datetime
import re

from django.utils import formats

from cchc_portal.history import history_entries

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STORED_FILE = re.compile(r"^reforms/(evidence|documents)/.+/([^/]+)$")


def _tidy(value):
    if not isinstance(value, str):
        return value
    if ISO_DATE.match(value):
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    stored = STORED_FILE.match(value)
    return stored.group(2) if stored else value


def readable_history(obj):
    entries = history_entries(obj)
    for entry in entries:
        for change in entry["changes"]:
            change["old"], change["new"] = _tidy(change["old"]), _tidy(change["new"])
    return entries
