"""Validators the models share: plausible counts and names without hidden control characters.

They sit on the model fields, so the entry forms, the Excel imports (which run the same
forms or `full_clean`) and the admin all refuse the same values with the same message.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .figures.formatting import format_count

# Bounds no real unit reaches; a larger number is a typing error (or a pasted ID number).
# One unit, one procedure field, one month: a province's whole public-administration service
# centre receives well under 100 000 dossiers a month in all fields together, and a province
# employs well under 100 000 officials and sends fewer documents than that a month.
MAX_MONTHLY_COUNT = 1_000_000
# Figures over a period (an inspection's snapshot): at most MAX_MONTHLY_COUNT for each month
# of the longest period the portal offers (periods.MAX_MONTHS = 120).
MAX_PERIOD_COUNT = 120 * MAX_MONTHLY_COUNT
# The people one outreach activity reaches: a web page or Zalo post of a city is read by
# fewer than a million; a ward's meeting holds a few hundred.
MAX_PARTICIPANTS = 1_000_000
# Meetings a unit holds in a year: 10 000 would be more than 27 every day of the year.
MAX_MEETINGS_A_YEAR = 10_000
# Tasks of one reform plan: plans list tens to a few hundred; the import takes 1 000 a file.
MAX_PLAN_TASKS = 10_000


@deconstructible
class MaxCountValidator(MaxValueValidator):
    """A count of at most `limit_value`, refused in words a user acts on."""

    message = _("%(value)s is more than any unit could have (at most %(limit)s): check the figure.")

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            raise ValidationError(
                self.message,
                code="max_value",
                params={
                    "value": format_count(value),
                    "limit": format_count(self.limit_value),
                    "limit_value": self.limit_value,
                },
            )


# Bidirectional controls reorder what is shown (a name "‮fdp.exe" reads "exe.pdf"), marks and
# other control characters are invisible: none belongs in a name, a title or a number.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
CONTROLS = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI}]")
CONTROLS_EXCEPT_LINES = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI}]")


@deconstructible
class PlainTextValidator:
    """Text without bidirectional or other control characters; `multiline` lets tabs and
    line breaks through (a note), otherwise the text is one line (a name, a title)."""

    message = _(
        "Remove the hidden control character (%(character)s) from this text: it can "
        "change how the text is shown."
    )
    code = "control_character"

    def __init__(self, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        pattern = CONTROLS_EXCEPT_LINES if self.multiline else CONTROLS
        found = pattern.search(str(value or ""))
        if found:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": f"U+{ord(found.group()):04X}"},
            )

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline

    def __hash__(self):
        return hash((PlainTextValidator, self.multiline))


plain_line = PlainTextValidator()
