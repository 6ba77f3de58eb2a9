"""The Excel pages of the people list: template, import, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import people_excel, selectors
from .forms import PeopleFilterForm, PeopleImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _manager_only(request):
    if not selectors.can_manage_people(request.user):
        raise PermissionDenied


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def people_template(request):
    _manager_only(request)
    return _xlsx(people_excel.import_template(request.user), "mau-nhap-nguoi-dung.xlsx")


@require_GET
def people_export(request):
    _manager_only(request)
    form = PeopleFilterForm(request.GET, acting_user=request.user)
    filters = form.filters()
    if filters is None:
        people = selectors.people_for(request.user).none()
    else:
        people = selectors.people_list(request.user, **filters)
    return _xlsx(people_excel.export_people(request.user, people), "nguoi-dung.xlsx")


@require_http_methods(["GET", "POST"])
def people_import(request):
    _manager_only(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = people_excel.import_people(form.cleaned_data["file"], request.user)
        except people_excel.SheetUnreadable as error:
            form.add_error("file", str(error))
        else:
            if result.saved:
                messages.success(
                    request,
                    _(
                        "Import done: %(created)s account(s) created, %(updated)s updated, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": result.count("created"),
                        "updated": result.count("updated"),
                        "unchanged": result.count("unchanged"),
                    },
                )
                return redirect("accounts:people-list")
    return render(request, "accounts/people_import.html", {"form": form, "result": result})
