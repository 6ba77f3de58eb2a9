"""The criteria-set pages: the list, a set's tree, its header, its criteria, Excel in and out,
the copy to another year. Everyone in scope reads; internal affairs over the issuing unit
write (`permissions.can_manage_sets`); a set in use refuses every change (`criteria`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal.inputs import query_int
from cchc_portal.models import Unit

from .. import criteria, criteria_excel, permissions, rules, scoring
from ..forms_criteria import CopyForm, CriteriaSetForm, CriterionForm, ImportForm, NewSetForm
from ..models import CriteriaSet, Criterion, ScoringRound


def _sets(request):
    return CriteriaSet.objects.for_user(request.user).select_related("unit")


def _set_or_404(request, pk):
    return get_object_or_404(_sets(request), pk=pk)


def _criterion_or_404(request, pk):
    return get_object_or_404(
        Criterion.objects.filter(criteria_set__in=_sets(request)).select_related(
            "criteria_set__unit", "parent"
        ),
        pk=pk,
    )


def _require_manager(request, criteria_set):
    permissions.require(permissions.can_manage_sets(request.user, criteria_set.unit))


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def set_list(request):
    sets = list(
        _sets(request).annotate(
            in_use=Exists(ScoringRound.objects.filter(criteria_set=OuterRef("pk")))
        )
    )
    areas = {}
    for area in Criterion.objects.filter(criteria_set__in=sets, parent__isnull=True):
        areas.setdefault(area.criteria_set_id, []).append(area)
    rows = [(s, scoring.tree(s, areas.get(s.pk, [])).max_total) for s in sets]
    return render(
        request,
        "par_index/criteria/set_list.html",
        {"rows": rows, "can_import": permissions.can_manage_sets(request.user)},
    )


@require_GET
def set_detail(request, pk):
    criteria_set = _set_or_404(request, pk)
    t = scoring.tree(criteria_set)
    rows = [
        {
            "criterion": node.criterion,
            "is_leaf": node.is_leaf,
            "rule": rules.REGISTRY.get(node.criterion.rule),
            "unknown_rule": bool(node.criterion.rule) and node.criterion.rule not in rules.REGISTRY,
            "settings": criteria.rule_settings(node.criterion),
        }
        for node in t.walk()
    ]
    can_manage = permissions.can_manage_sets(request.user, criteria_set.unit)
    in_use = criteria_set.is_in_use
    by_kind = {}
    for area in t.areas:
        kind = area.criterion.kind
        by_kind[kind] = by_kind.get(kind, scoring.ZERO) + area.criterion.max_points
    return render(
        request,
        "par_index/criteria/set_detail.html",
        {
            "set": criteria_set,
            "rows": rows,
            "max_total": t.max_total,
            "bonus_max": by_kind.get(Criterion.Kind.BONUS),
            "penalty_max": by_kind.get(Criterion.Kind.PENALTY),
            "problems": scoring.set_problems(criteria_set),
            "can_manage": can_manage,
            "can_edit": can_manage and not in_use,
            "in_use": in_use,
            "rounds": criteria_set.rounds.all() if in_use else [],
        },
    )


@require_http_methods(["GET", "POST"])
def set_edit(request, pk):
    criteria_set = _set_or_404(request, pk)
    _require_manager(request, criteria_set)
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    if request.method == "POST" and form.is_valid():
        try:
            criteria.set_update(
                acting_user=request.user,
                criteria_set=CriteriaSet.objects.get(pk=criteria_set.pk),
                version=form.version,
                **form.model_data(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The criteria set is saved."))
            return redirect(criteria_set)
    return render(
        request,
        "par_index/criteria/set_edit.html",
        {"set": criteria_set, "form": form, "in_use": criteria_set.is_in_use},
    )


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=criteria_excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def set_export(request, pk):
    criteria_set = _set_or_404(request, pk)
    name = slugify(f"bo-tieu-chi-{criteria_set.year}-{criteria_set.level}") or "bo-tieu-chi"
    return _xlsx_response(criteria_excel.export_set(criteria_set), f"{name}.xlsx")


@require_http_methods(["GET", "POST"])
def set_import(request):
    """A new set from an Excel sheet, or (`?set=<pk>`) a set's tree replaced by one."""
    target_pk = query_int(request.GET, "set")
    target = _set_or_404(request, target_pk) if target_pk is not None else None
    if target is not None:
        _require_manager(request, target)
        unit = target.unit
    else:
        unit = request.user.unit
        permissions.require(permissions.can_manage_sets(request.user, unit))
    form = ImportForm(request.POST or None, request.FILES or None)
    header = None
    if target is None:
        issuers = Unit.objects.for_user(request.user).filter(
            kind__in=[Unit.Kind.PROVINCE, Unit.Kind.CITY]
        )
        header = NewSetForm(request.POST or None, unit=unit, units=issuers)
    row_errors = []
    valid = form.is_valid() if request.method == "POST" else False
    if request.method == "POST" and header is not None:
        valid = header.is_valid() and valid
    if valid:
        try:
            rows, row_errors = criteria_excel.read_rows(form.cleaned_data["file"])
            if not row_errors:
                done = _import(request, target, unit, header, rows)
                messages.success(
                    request,
                    _("%(count)s criteria imported into the set.") % {"count": len(rows)},
                )
                return redirect(done)
        except criteria_excel.SheetUnreadable as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            _add_errors(header if header is not None else form, exc)
    return render(
        request,
        "par_index/criteria/set_import.html",
        {
            "set": target,
            "form": form,
            "header": header,
            "row_errors": row_errors,
            "rules": rules.choices(),
            "in_use": target is not None and target.is_in_use,
        },
    )


@transaction.atomic
def _import(request, target, unit, header, rows):
    """Create the set (unless replacing `target`'s tree) and its tree: both or neither."""
    if target is None:
        target = criteria.set_create(
            acting_user=request.user,
            unit=unit or header.cleaned_data["unit"],
            **{
                key: header.cleaned_data[key]
                for key in ("year", "level", "name", "decision", "decimal_places", "is_sample")
            },
        )
    criteria.set_replace_tree(
        acting_user=request.user, criteria_set=target, rows=[row.as_dict() for row in rows]
    )
    return target


@require_http_methods(["GET", "POST"])
def set_copy(request, pk):
    criteria_set = _set_or_404(request, pk)
    _require_manager(request, criteria_set)
    form = CopyForm(request.POST or None, initial={"year": criteria_set.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            copy = criteria.set_copy(
                acting_user=request.user,
                criteria_set=criteria_set,
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            form.add_error("year" if not hasattr(exc, "error_dict") else None, exc.messages)
        else:
            messages.success(
                request,
                _("The %(year)s set is created with %(count)s criteria; edit it as needed.")
                % {"year": copy.year, "count": copy.criteria.count()},
            )
            return redirect(copy)
    return render(request, "par_index/criteria/set_copy.html", {"set": criteria_set, "form": form})


@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    criteria_set = _set_or_404(request, pk)
    _require_manager(request, criteria_set)
    parent_pk = query_int(request.GET, "parent")
    parent = (
        get_object_or_404(criteria_set.criteria.all(), pk=parent_pk)
        if parent_pk is not None
        else None
    )
    form = CriterionForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            criteria.criterion_add(
                acting_user=request.user,
                criteria_set=criteria_set,
                parent=parent,
                **form.service_data(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The criterion is added."))
            return redirect(criteria_set)
    return render(
        request,
        "par_index/criteria/criterion_form.html",
        {
            "set": criteria_set,
            "parent": parent,
            "criterion": None,
            "form": form,
            "in_use": criteria_set.is_in_use,
        },
    )


@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = _criterion_or_404(request, pk)
    criteria_set = criterion.criteria_set
    _require_manager(request, criteria_set)
    form = CriterionForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            criteria.criterion_update(
                acting_user=request.user,
                criterion=Criterion.objects.get(pk=criterion.pk),
                **form.service_data(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect(criteria_set)
    return render(
        request,
        "par_index/criteria/criterion_form.html",
        {
            "set": criteria_set,
            "parent": criterion.parent,
            "criterion": criterion,
            "form": form,
            "in_use": criteria_set.is_in_use,
        },
    )


@require_http_methods(["GET", "POST"])
def criterion_delete(request, pk):
    criterion = _criterion_or_404(request, pk)
    criteria_set = criterion.criteria_set
    _require_manager(request, criteria_set)
    error = None
    if request.method == "POST":
        try:
            criteria.criterion_delete(acting_user=request.user, criterion=criterion)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, _("Criterion %(code)s is deleted.") % {"code": criterion.code}
            )
            return redirect(criteria_set)
    below = Criterion.objects.filter(Q(parent=criterion) | Q(parent__parent=criterion))
    return render(
        request,
        "par_index/criteria/criterion_delete.html",
        {
            "set": criteria_set,
            "criterion": criterion,
            "below": list(below),
            "error": error,
            "in_use": criteria_set.is_in_use,
        },
        status=400 if error else 200,
    )


@require_POST
def criterion_move(request, pk):
    criterion = _criterion_or_404(request, pk)
    _require_manager(request, criterion.criteria_set)
    try:
        criteria.criterion_move(
            acting_user=request.user, criterion=criterion, up=request.POST.get("direction") == "up"
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(criterion.criteria_set)
