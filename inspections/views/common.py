from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from ..models import Inspection


def add_service_errors(form, error):
    """Show a service's ValidationError on the form: field errors where the field is shown."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def scoped_inspection(request, pk, *, for_update=False):
    """The inspection if the user may see it (404 otherwise), with its team loaded."""
    queryset = (
        Inspection.objects.for_user(request.user)
        .select_related("unit", "plan__unit", "lead__unit", "checklist_template")
        .prefetch_related("members")
    )
    return get_object_or_404(queryset, pk=pk)


__all__ = ["ValidationError", "add_service_errors", "scoped_inspection"]
