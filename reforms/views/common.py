"""Small helpers the reform views share."""

from django.core.paginator import Paginator

from cchc_portal.inputs import query_int
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
    return query_int(request.GET, name)


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def sees_several_units(user):
    """A ward's staff see one unit; a city's users see many (and get unit columns)."""
    return user.sees_everything or Unit.objects.for_user(user).count() > 1
