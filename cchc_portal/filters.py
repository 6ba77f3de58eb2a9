"""Filters the lists share: a unit of the user's scope (and the units below it), a year."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .figures.months import FIRST_YEAR, LAST_YEAR
from .models import Unit

SELECT_CLASS = "form-select form-select-sm"


def scoped_units(request):
    """The units a filter may offer: the user's scope, in tree order."""
    return Unit.objects.for_user(request.user).only("pk", "name", "short_name", "path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """A unit of the user's scope and every unit below it; a unit outside it is refused."""

    field_class = UnitChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("empty_label", pgettext_lazy("list filter", "All units"))
        kwargs.setdefault("queryset", scoped_units)
        kwargs.setdefault("widget", forms.Select(attrs={"class": SELECT_CLASS}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class YearFilter(django_filters.Filter):
    """A calendar year of `field_name` (a date), offered from `years` set by the FilterSet."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        message = _("Choose a year from the list.")
        kwargs.setdefault(
            "error_messages", {"invalid": message, "min_value": message, "max_value": message}
        )
        super().__init__(*args, **kwargs)

    def set_years(self, years, *, all_years=True):
        choices = [(year, year) for year in years]
        if all_years:
            choices.insert(0, ("", _("All years")))
        self.extra["widget"] = forms.Select(choices=choices, attrs={"class": SELECT_CLASS})
