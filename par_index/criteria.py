"""Every write to a criteria set (bộ tiêu chí): its header, its tree, its copy to another year.

A set some round scores on is in use: every change is refused with a message (its rounds'
scores rest on it); copying it to another year is how it is "changed" for the next round.
The tree's codes give its shape: an area is "1", its criteria "1.1", their sub-criteria
"1.1.2", so a set exported to Excel reads back as the same tree. Whether the maxima add up
is `scoring.set_problems` (shown on the set's page; an import must pass it).
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc_portal.versioning import claim

from . import permissions, rules, scoring
from .models import MAX_DEPTH, CriteriaSet, Criterion

Kind = Criterion.Kind
CODE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
HEADER_FIELDS = ("name", "decision", "decimal_places", "is_sample", "note")
CRITERION_FIELDS = ("code", "text", "max_points", "guidance", "kind", "rule", "rule_params")


class SetInUse(ValidationError):
    """A change to a set that a scoring round scores on."""


def require_editable(criteria_set):
    if criteria_set.is_in_use:
        raise SetInUse(
            _(
                "This criteria set is used by a scoring round and can no longer be changed. "
                "Copy it to make a new version."
            ),
            code="in_use",
        )


def _require_manager(user, criteria_set):
    permissions.require(permissions.can_manage_sets(user, criteria_set.unit))


def _save(obj, user, **kwargs):
    obj._history_user = user
    obj.save(**kwargs)
    return obj


# --- codes and rule settings -------------------------------------------------------------


def parent_code(code):
    """ "1.2.3" → "1.2"; an area's code has no parent (None)."""
    return code.rsplit(".", 1)[0] if "." in code else None


def check_code(code, parent=None):
    """The code's shape for its place in the tree, or a ValidationError."""
    if not CODE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "“%(code)s” is not a code such as 1 (area), 1.2 (criterion) or 1.2.3 "
                    "(sub-criterion)."
                )
                % {"code": code}
            }
        )
    expected = parent.code if parent is not None else None
    if parent_code(code) != expected:
        raise ValidationError(
            {
                "code": _("The code of a criterion under %(parent)s begins with “%(parent)s.”.")
                % {"parent": parent.code}
                if parent is not None
                else _("An area's code is a number without a dot, such as 3.")
            }
        )


def clean_rule(rule_key, params):
    """(key, settings) checked against the registry: each setting of the rule, its default
    where none is given; a key not registered is refused."""
    if not rule_key:
        return "", {}
    rule = rules.REGISTRY.get(rule_key)
    if rule is None:
        raise ValidationError({"rule": _("“%(rule)s” is not a known rule.") % {"rule": rule_key}})
    params = params or {}
    unknown = sorted(set(params) - {p.name for p in rule.params})
    if unknown:
        raise ValidationError(
            {
                "rule_params": _("The rule %(rule)s has no setting %(names)s.")
                % {"rule": rule.label, "names": ", ".join(unknown)}
            }
        )
    return rule_key, rules.validate_params(rule, params)


def rule_settings(criterion):
    """[(label, value)] of a criterion's rule settings, as the set's page shows them."""
    rule = rules.REGISTRY.get(criterion.rule)
    if rule is None:
        return []
    values = rule.settings(criterion.rule_params)
    return [(p.label, rules.param_display(p, values[p.name])) for p in rule.params]


# --- the set's header --------------------------------------------------------------------


@transaction.atomic
def set_create(*, acting_user, unit, year, level, name, **fields):
    """A new, empty set issued by `unit`."""
    permissions.require(permissions.can_manage_sets(acting_user, unit))
    criteria_set = CriteriaSet(unit=unit, year=year, level=level, name=name)
    for key, value in fields.items():
        if key not in HEADER_FIELDS:
            raise ValueError(key)
        setattr(criteria_set, key, value)
    criteria_set.full_clean()
    return _save(criteria_set, acting_user)


@transaction.atomic
def set_update(*, acting_user, criteria_set, version, **fields):
    """Change a set's name, decision, decimals, sample mark or note (not its year or level:
    copy it for another year)."""
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    for key, value in fields.items():
        if key not in HEADER_FIELDS:
            raise ValueError(key)
        setattr(criteria_set, key, value)
    criteria_set.full_clean()
    claim(criteria_set, version=version)
    return _save(criteria_set, acting_user)


@transaction.atomic
def set_delete(*, acting_user, criteria_set):
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    criteria_set._history_user = acting_user
    criteria_set.delete()


# --- the tree ----------------------------------------------------------------------------


def _renumber(criteria_set):
    """Positions 1, 2, … in the tree's order (depth first), so a list by position is the
    tree read top to bottom."""
    changed = []
    for index, node in enumerate(scoring.tree(criteria_set).walk(), start=1):
        if node.criterion.position != index:
            node.criterion.position = index
            changed.append(node.criterion)
    Criterion.objects.bulk_update(changed, ["position"])


def _check_node(criterion, parent):
    if parent is not None:
        if parent.depth + 1 >= MAX_DEPTH:
            raise ValidationError(
                {"parent": _("A set has three levels: area, criterion, sub-criterion.")}
            )
        if parent.rule:
            raise ValidationError(
                {
                    "parent": _(
                        "%(code)s is computed by a rule: a criterion with a rule has no "
                        "sub-criteria."
                    )
                    % {"code": parent.code}
                }
            )
    check_code(criterion.code, parent)


@transaction.atomic
def criterion_add(
    *,
    acting_user,
    criteria_set,
    code,
    text,
    max_points,
    parent=None,
    guidance="",
    kind=Kind.REGULAR,
    rule="",
    rule_params=None,
):
    """A criterion at the end of `parent`'s (or, without one, a new area at the end)."""
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    rule, rule_params = clean_rule(rule, rule_params)
    criterion = Criterion(
        criteria_set=criteria_set,
        parent=parent,
        code=code.strip(),
        text=text.strip(),
        max_points=max_points,
        guidance=(guidance or "").strip(),
        kind=parent.kind if parent is not None else kind,
        rule=rule,
        rule_params=rule_params,
        position=criteria_set.criteria.count() + 1_000_000,
    )
    _check_node(criterion, parent)
    criterion.full_clean(exclude=["area"])
    _save(criterion, acting_user)
    _renumber(criteria_set)
    return criterion


@transaction.atomic
def criterion_update(*, acting_user, criterion, **fields):
    """Change a criterion's code, text, maximum, guidance, rule and settings; an area's kind
    (its criteria take it too)."""
    criteria_set = criterion.criteria_set
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    for key in fields:
        if key not in CRITERION_FIELDS:
            raise ValueError(key)
    if "rule" in fields or "rule_params" in fields:
        fields["rule"], fields["rule_params"] = clean_rule(
            fields.get("rule", criterion.rule), fields.get("rule_params", criterion.rule_params)
        )
    has_children = criterion.children.exists()
    if fields.get("rule") and has_children:
        raise ValidationError(
            {"rule": _("Only a criterion without sub-criteria can be computed by a rule.")}
        )
    old_code = criterion.code
    for key, value in fields.items():
        setattr(criterion, key, value.strip() if isinstance(value, str) else value)
    _check_node(criterion, criterion.parent)
    if criterion.code != old_code and has_children:
        raise ValidationError(
            {"code": _("Change the code of a criterion that has sub-criteria in Excel.")}
        )
    criterion.full_clean(exclude=["area"])
    _save(criterion, acting_user)
    if criterion.is_area and "kind" in fields:
        descendants = Criterion.objects.filter(area=criterion).exclude(pk=criterion.pk)
        for child in descendants:
            if child.kind != criterion.kind:
                child.kind = criterion.kind
                _save(child, acting_user, update_fields=["kind"])
    return criterion


@transaction.atomic
def criterion_delete(*, acting_user, criterion):
    """Delete a criterion with its sub-criteria."""
    criteria_set = criterion.criteria_set
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    criterion._history_user = acting_user
    criterion.delete()
    _renumber(criteria_set)


@transaction.atomic
def criterion_move(*, acting_user, criterion, up):
    """Swap a criterion with the sibling before it (`up`) or after it."""
    criteria_set = criterion.criteria_set
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    t = scoring.tree(criteria_set)
    siblings = t.nodes[criterion.parent_id].children if criterion.parent_id is not None else t.areas
    ids = [node.criterion.pk for node in siblings]
    index = ids.index(criterion.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return criterion
    a, b = siblings[index].criterion, siblings[other].criterion
    a.position, b.position = b.position, a.position
    Criterion.objects.bulk_update([a, b], ["position"])
    _renumber(criteria_set)
    return criterion


# --- a whole tree at once: a copy, an import ------------------------------------------------


def _create_tree(criteria_set, rows, user):
    """Create `rows` (dicts with code, text, max_points, guidance, kind, rule, rule_params,
    parents before their children) in `criteria_set`."""
    made = {}
    for position, row in enumerate(rows, start=1):
        parent = made.get(parent_code(row["code"]))
        criterion = Criterion(
            criteria_set=criteria_set,
            parent=parent,
            code=row["code"],
            text=row["text"],
            max_points=row["max_points"],
            guidance=row.get("guidance", ""),
            kind=row.get("kind") or Kind.REGULAR,
            rule=row.get("rule", ""),
            rule_params=row.get("rule_params") or {},
            position=position,
        )
        made[row["code"]] = _save(criterion, user)
    return made


def tree_rows(criteria_set):
    """The set's criteria as rows in the tree's order (what a copy or an export takes)."""
    return [
        {
            "code": c.code,
            "text": c.text,
            "max_points": c.max_points,
            "guidance": c.guidance,
            "kind": c.kind,
            "rule": c.rule,
            # Every setting as the rule computes with it (a default left unsaved included).
            "rule_params": rules.REGISTRY[c.rule].settings(c.rule_params)
            if c.rule in rules.REGISTRY
            else dict(c.rule_params or {}),
            "depth": c.depth,
        }
        for c in (node.criterion for node in scoring.tree(criteria_set).walk())
    ]


@transaction.atomic
def set_copy(*, acting_user, criteria_set, year, unit=None):
    """The set for another year: every criterion, rule and setting; `copied_from` kept.
    The source may be in use (it is not changed)."""
    unit = unit or criteria_set.unit
    permissions.require(permissions.can_manage_sets(acting_user, unit))
    name = criteria_set.name
    if str(criteria_set.year) in name:
        name = name.replace(str(criteria_set.year), str(year))
    copy = CriteriaSet(
        unit=unit,
        year=year,
        level=criteria_set.level,
        name=name,
        decision="",
        decimal_places=criteria_set.decimal_places,
        is_sample=criteria_set.is_sample,
        note=criteria_set.note,
        copied_from=criteria_set,
    )
    copy.full_clean()
    copy._change_reason = _("Copied from the %(year)s set") % {"year": criteria_set.year}
    _save(copy, acting_user)
    _create_tree(copy, tree_rows(criteria_set), acting_user)
    return copy


@transaction.atomic
def set_replace_tree(*, acting_user, criteria_set, rows):
    """Replace the set's whole tree by `rows` (an import, already checked)."""
    _require_manager(acting_user, criteria_set)
    require_editable(criteria_set)
    for node in criteria_set.criteria.order_by("-depth"):
        node._history_user = acting_user
        node.delete()
    return _create_tree(criteria_set, rows, acting_user)
