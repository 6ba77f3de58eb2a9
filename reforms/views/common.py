"""Small helpers the reform views share."""

from django.core.paginator import Paginator
from django.utils import timezone

from cchc_portal.models import Unit

PAGE_SIZE = 50


def add_errors(form, error):
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def year_param(request, default=None):
    year = int_param(request, "year")
    if year is not None and 2000 <= year <= 2100:
        return year
    return default


def year_choices(years):
    """The years that have records, plus this year, newest first."""
    return sorted(set(years) | {timezone.localdate().year}, reverse=True)


def pick_year(request, data_years):
    """(year, choices): ?year= if valid, else the latest year with records, else this year."""
    data_years = set(data_years)
    default = max(data_years) if data_years else timezone.localdate().year
    return year_param(request, default), year_choices(data_years)


def scope_units(user):
    """Units a filter may offer: the user's scope, in tree order."""
    return Unit.objects.for_user(user).only("pk", "name", "short_name", "depth", "path")


def unit_filter(request, queryset, field="unit"):
    """Narrow `queryset` to a unit chosen in ?unit= (and the units below it), if in scope."""
    unit_id = int_param(request, "unit")
    if unit_id is None:
        return queryset, None
    unit = Unit.objects.for_user(request.user).filter(pk=unit_id).first()
    if unit is None:
        return queryset.none(), None
    return queryset.filter(**{f"{field}__path__startswith": unit.path}), unit


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def sees_several_units(user):
    """A ward's staff see one unit; a city's users see many (and get unit columns)."""
    return user.sees_everything or Unit.objects.for_user(user).count() > 1
