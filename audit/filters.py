"""The audit log's filters: user, unit (and the units below), record type, action, dates."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc_portal.filters import SELECT_CLASS, UnitSubtreeFilter
from cchc_portal.inputs import MAX_INTEGER

from .models import AuditEvent
from .recording import tracked_models

INPUT_CLASS = "form-control form-control-sm"
# Days at the ends of the calendar have no neighbour in UTC: no bound is the same filter.
FIRST_DAY = datetime.date.min + datetime.timedelta(days=1)
LAST_DAY = datetime.date.max - datetime.timedelta(days=1)


def start_of(day):
    """Local midnight of `day`: a bound the time index can use (a `__date` lookup cannot)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def record_type_choices():
    return [(model._meta.label_lower, model._meta.verbose_name) for model in tracked_models()]


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": INPUT_CLASS, **(attrs or {})}, format="%Y-%m-%d")


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        label=_("User"),
        max_length=150,
        help_text=_("Username, as typed at sign-in."),
        widget=forms.TextInput(attrs={"class": INPUT_CLASS}),
    )
    unit = UnitSubtreeFilter(field_name="unit")
    record_type = django_filters.ChoiceFilter(
        label=_("Record type"),
        choices=record_type_choices,
        empty_label=pgettext_lazy("audit filter", "All record types"),
        widget=forms.Select(attrs={"class": SELECT_CLASS}),
    )
    object_id = django_filters.NumberFilter(
        label=_("Record number"),
        min_value=1,
        max_value=MAX_INTEGER,
        widget=forms.NumberInput(attrs={"class": INPUT_CLASS}),
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=AuditEvent.Action.choices,
        empty_label=pgettext_lazy("audit filter", "All actions"),
        widget=forms.Select(attrs={"class": SELECT_CLASS}),
    )
    since = django_filters.DateFilter(label=_("From"), method="filter_since", widget=DateInput())
    until = django_filters.DateFilter(label=_("To"), method="filter_until", widget=DateInput())

    class Meta:
        model = AuditEvent
        fields = ["username", "unit", "record_type", "object_id", "action", "since", "until"]

    def filter_since(self, queryset, name, value):
        if value <= FIRST_DAY:
            return queryset
        return queryset.filter(occurred_at__gte=start_of(value))

    def filter_until(self, queryset, name, value):
        if value >= LAST_DAY:
            return queryset
        return queryset.filter(occurred_at__lt=start_of(value + datetime.timedelta(days=1)))
