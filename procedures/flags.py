"""What a stored flag says to the reader, in the reader's language."""

from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_count as _number
from cchc_portal.figures.formatting import format_percent as _percent
from cchc_portal.figures.months import month_label, parse_month

RATE_NAMES = {
    "online_rate": lambda: _("online rate"),
    "on_time_rate": lambda: _("on-time rate"),
    "electronic_rate": lambda: _("electronic-processing rate"),
}


def flag_message(flag):
    from .models import DataFlag

    kind = flag.kind
    if kind == DataFlag.Kind.CARRY_OVER:
        previous = parse_month(flag.details.get("previous_month"))
        return _(
            "%(field)s: %(actual)s dossiers carried over, but %(previous)s ended with "
            "%(expected)s pending."
        ) % {
            "field": flag.field.name if flag.field_id else "",
            "actual": _number(flag.actual),
            "expected": _number(flag.expected),
            "previous": month_label(previous) if previous else "—",
        }
    if kind == DataFlag.Kind.MISSING_MONTH:
        return _("No figures were entered for %(month)s, although later months were.") % {
            "month": month_label(flag.month)
        }
    if kind == DataFlag.Kind.REPORTED_RATE:
        name = RATE_NAMES.get(flag.details.get("rate"), lambda: flag.details.get("rate", ""))()
        return _(
            "The unit reported %(rate)s %(actual)s for %(period)s; computed from its figures: "
            "%(expected)s."
        ) % {
            "rate": name,
            "actual": _percent(flag.actual),
            "expected": _percent(flag.expected),
            "period": flag.details.get("period", month_label(flag.month)),
        }
    if kind == DataFlag.Kind.UNACCOUNTED_DOCUMENTS:
        return _(
            "%(count)s of %(signed)s digitally signed documents were sent neither "
            "interconnected (%(interconnected)s) nor internally (%(internal)s)."
        ) % {
            "count": _number(flag.expected - flag.actual),
            "signed": _number(flag.expected),
            "interconnected": _number(flag.details.get("interconnected", 0)),
            "internal": _number(flag.details.get("internal", 0)),
        }
    return flag.get_kind_display()
