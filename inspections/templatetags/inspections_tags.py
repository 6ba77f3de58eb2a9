from django import template

register = template.Library()

STATUS_CLASSES = {
    # inspections
    "planned": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "concluded": "text-bg-warning",
    "closed": "text-bg-success",
    # recommendations
    "draft": "text-bg-light border",
    "open": "text-bg-warning",
    "submitted": "text-bg-info",
    "accepted": "text-bg-success",
    # reports and checklist marks
    "pending": "text-bg-info",
    "returned": "text-bg-danger",
    "met": "text-bg-success",
    "not_met": "text-bg-danger",
    "not_applicable": "text-bg-secondary",
}


@register.filter
def status_class(status):
    """Bootstrap badge colours for a status code."""
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.filter
def no_final_stop(text):
    """The text without its final full stop, so a clause can follow it."""
    return str(text).rstrip().rstrip(".;").rstrip()
