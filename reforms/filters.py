"""The reform lists' filters: year, a unit of the user's scope, and each list's own kind."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cchc_portal.figures.months import FIRST_YEAR, LAST_YEAR
from cchc_portal.filters import UnitSubtreeFilter, YearFilter
from cchc_portal.inputs import to_int

from .models import IssuedDocument, OutreachActivity, ReformModel, ReformPlan

SELECT = {"class": "form-select"}


def year_choices(years):
    """The years that have records, plus this year, newest first."""
    return sorted(set(years) | {timezone.localdate().year}, reverse=True)


def _is_year(value):
    return to_int(value, low=FIRST_YEAR, high=LAST_YEAR) is not None


class ReformListFilter(django_filters.FilterSet):
    """Year and unit. `one_year` lists show the year asked for, else the latest with records."""

    unit = UnitSubtreeFilter(
        empty_label=_("All units in my scope"), widget=forms.Select(attrs=SELECT)
    )
    one_year = True

    def __init__(self, data, *, queryset, request):
        recorded = self.record_years(queryset)
        self.years = year_choices(recorded)
        if self.one_year and not _is_year(data.get("year")):
            data = data.copy()
            data["year"] = str(max(recorded, default=self.years[0]))
        super().__init__(data, queryset=queryset, request=request)
        self.filters["year"].set_years(self.years, all_years=not self.one_year)
        self.filters["year"].extra["widget"].attrs = dict(SELECT)

    @classmethod
    def record_years(cls, queryset):
        """The years with records: of the year filter's field, a year or a date."""
        field = cls.base_filters["year"].field_name
        if field == "year":
            # order_by(): the model's ordering (by unit path) would make DISTINCT a row per plan.
            return list(queryset.order_by().values_list("year", flat=True).distinct())
        return [day.year for day in queryset.dates(field, "year")]

    @property
    def chosen_year(self):
        return self.cleaned().get("year")

    @property
    def chosen_unit(self):
        return self.cleaned().get("unit")

    def cleaned(self):
        """The valid values; an invalid one is left out (and shown with its error)."""
        self.form.is_valid()
        return self.form.cleaned_data

    def qs_without(self, name):
        """The rows every filter but `name` leaves: what that filter's counts are taken from."""
        queryset = self.queryset.all()
        for field, value in self.cleaned().items():
            if field != name:
                queryset = self.filters[field].filter(queryset, value)
        return queryset


class PlanFilter(ReformListFilter):
    year = YearFilter(lookup_expr="exact")
    one_year = False

    class Meta:
        model = ReformPlan
        fields = ["year", "unit"]


class DocumentFilter(ReformListFilter):
    year = YearFilter(field_name="issued_on")
    kind = django_filters.ChoiceFilter(
        label=_("Kind of document"),
        choices=[(value, capfirst(label)) for value, label in IssuedDocument.Kind.choices],
        empty_label=_("All kinds"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = IssuedDocument
        fields = ["year", "unit", "kind"]


class OutreachFilter(ReformListFilter):
    year = YearFilter(field_name="held_on")

    class Meta:
        model = OutreachActivity
        fields = ["year", "unit"]


class ModelFilter(ReformListFilter):
    year = YearFilter(lookup_expr="exact")
    effectiveness = django_filters.ChoiceFilter(
        label=_("Effectiveness"),
        choices=[(value, capfirst(label)) for value, label in ReformModel.Effectiveness.choices],
        empty_label=_("All"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = ReformModel
        fields = ["year", "unit", "effectiveness"]
