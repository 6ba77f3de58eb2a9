"""What the results page and its export show: one builder, so both read the same numbers."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cchc_portal.figures.periods import resolve_period
from cchc_portal.figures.rates import percent
from cchc_portal.models import Unit
from procedures import selectors as procedure_selectors

from . import selectors
from .models import Counter, Question

KINDS = [kind for kind in Question.Kind if kind != Question.Kind.OTHER]


@dataclass
class Line:
    label: str
    figures: selectors.Satisfaction
    unit: Unit | None = None

    @property
    def means(self):
        return [self.figures.means.get(kind) for kind in KINDS]


def period_of(data, units):
    return resolve_period(
        data, latest_reported=lambda year=None: selectors.latest_answer_month(units, year)
    )


def build(*, unit, period):
    """Everything the page shows for `unit`'s subtree in `period`."""
    subtree = unit.subtree()
    first, last = period.starts_on, period.ends_on
    total = selectors.satisfaction(subtree, first, last)
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    by_unit = []
    if children:
        branches = selectors.satisfaction_by_branch(unit, first, last)
        own = branches.get(unit.path)
        if own is not None:
            by_unit.append(Line(unit.name, own, unit))
        by_unit += [
            Line(child.name, branches.get(child.path, selectors.Satisfaction()), child)
            for child in children
        ]
    per_counter = selectors.satisfaction_by_counter(subtree, first, last)
    counters = (
        Counter.objects.in_subtree(unit).select_related("unit").order_by("unit__path", "name")
    )
    by_counter = [
        Line(f"{c.name} – {c.unit.name}" if c.unit_id != unit.pk else c.name, per_counter[c.pk])
        for c in counters
        if c.pk in per_counter
    ]
    per_field = selectors.satisfaction_by_field(subtree, first, last)
    fields = {f.pk: f.name for f in procedure_selectors.active_fields()}
    by_field = [
        Line(fields.get(pk, str(_("(field not given)"))) if pk else str(_("(field not given)")), s)
        for pk, s in sorted(per_field.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]
    by_month = [
        Line(f"{month:%m/%Y}", s)
        for month, s in sorted(selectors.satisfaction_by_month(subtree, first, last).items())
    ]
    reasons = [
        (text, count, percent(count, total.responses))
        for text, count in selectors.reason_counts(subtree, first, last)
    ]
    return {
        "unit": unit,
        "period": period,
        "total": total,
        "kinds": [(kind, kind.label) for kind in KINDS],
        "by_unit": by_unit,
        "by_counter": by_counter,
        "by_field": by_field,
        "by_month": by_month,
        "reasons": reasons,
        "flagged": selectors.flagged_count(subtree, first, last),
        "min_responses": selectors.min_responses(),
    }
