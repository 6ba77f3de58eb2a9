"""Numbers the way the reader's language writes them: "1.234" and "1,18 %" in Vietnamese."""

from django.utils import formats

DASH = "—"


def format_count(value):
    if value is None:
        return DASH
    return formats.number_format(int(value), use_l10n=True, force_grouping=True)


def format_percent(value):
    """A computed rate with up to two decimals ("1,18 %", "100 %"), or a dash when undefined."""
    if value is None:
        return DASH
    text = formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return f"{text} %"
