"""The recommendation list's filters: status, responsible unit, year of the inspection, overdue."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.filters import SELECT_CLASS, UnitSubtreeFilter, YearFilter

from .models import Recommendation


class RecommendationFilter(django_filters.FilterSet):
    """Filters `selectors.recommendation_rows`; a value that is not offered is ignored."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Recommendation.Status.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs={"class": SELECT_CLASS}),
    )
    unit = UnitSubtreeFilter(
        field_name="responsible_unit", widget=forms.Select(attrs={"class": SELECT_CLASS})
    )
    year = YearFilter(field_name="inspection__start_on")
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "value": "1"}),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        year = self.filters["year"]
        year.set_years(years)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
