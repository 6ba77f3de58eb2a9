"""Summary tables: the per-unit aggregates every page reads, kept exactly right on every write.

The choice (issue 12): plain tables owned by the app that owns the raw rows, recomputed from
those rows for the units a write touched, in the same transaction as the write. Not
PostgreSQL materialised views: they refresh whole, cannot be refreshed inside the writing
transaction cheaply, and SQLite (the embedded default) has none. The raw rows stay the
source of truth: a summary can always be rebuilt from them (`manage.py rebuild_summaries`),
and `tests/summaries/` checks after every kind of write that it equals a fresh aggregate.

How a write reaches the summary:
- `Model.save()` / `Model.delete()` (forms, admin, services, demo): post_save / post_delete
  signals of every registered source model;
- `QuerySet.update()`, `.delete()`, `.bulk_create()`, `.bulk_update()` on a source model: its
  queryset mixes in `SummarisedQuerySet`, which names the units it changes;
- anything else (raw SQL, a generator writing in bulk): it calls `touch(...)` or
  `rebuild_all()` itself.
Inside `batch()` the units touched are collected and rebuilt once when the block ends (an
Excel import of 200 rows rebuilds each unit once); outside it, at once.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

_state = threading.local()


@dataclass
class Summary:
    """One summary table.

    `rebuild(unit_ids)` recomputes the summary rows of those units from the raw rows
    (`unit_ids=None`: every unit). `sources` maps each raw model to a function
    instance -> unit ids whose summary a change of that instance alters;
    `track_previous` lists the source models whose unit can change on save (the previous
    unit's summary is rebuilt too). `verify(unit_ids)` returns the differences between the
    stored rows and a fresh aggregate (empty when exact), for tests and the command.
    """

    name: str
    rebuild: object
    sources: dict = field(default_factory=dict)
    verify: object = None
    track_previous: tuple = ()


_registry: dict[str, Summary] = {}


def register(summary):
    """Register `summary` and connect its source models' signals (once per name)."""
    if summary.name in _registry:
        return _registry[summary.name]
    _registry[summary.name] = summary
    for model in summary.sources:
        uid = f"summary-{summary.name}-{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_saved, sender=model, dispatch_uid=uid + "-delete", weak=False)
        if model in summary.track_previous:
            pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre", weak=False)
    return summary


def registered():
    return dict(_registry)


def summaries_of(model):
    return [s for s in _registry.values() if model in s.sources or _is_source(s, model)]


def _is_source(summary, model):
    return any(issubclass(model, source) for source in summary.sources)


def _units_of(summary, instance):
    for source, units in summary.sources.items():
        if isinstance(instance, source):
            return {u for u in units(instance) if u is not None}
    return set()


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    if previous is None:
        return
    # Remembered, not rebuilt now: before the save the previous unit's rows are still right;
    # they go stale only when the row leaves it, so post_save rebuilds both units.
    instance.__dict__["_summary_previous_units"] = {
        summary.name: _units_of(summary, previous)
        for summary in summaries_of(sender)
        if sender in summary.track_previous
    }


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = instance.__dict__.pop("_summary_previous_units", {})
    for summary in summaries_of(sender):
        touch(summary.name, _units_of(summary, instance) | previous.get(summary.name, set()))


def touch(name, unit_ids):
    """The summary `name` of these units is stale: rebuild it now, or when `batch()` ends."""
    unit_ids = {u for u in unit_ids if u is not None}
    if not unit_ids:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending[name] |= unit_ids
        return
    with transaction.atomic():
        _registry[name].rebuild(sorted(unit_ids))


def touch_model(model, unit_ids):
    """Every summary fed by `model` is stale for these units."""
    for summary in summaries_of(model):
        touch(summary.name, unit_ids)


@contextmanager
def batch():
    """Collect the units touched inside the block; rebuild each summary once at its end.

    Nested blocks share the outermost one. The rebuild runs inside the caller's transaction
    (wrap the block in `transaction.atomic()` for all-or-nothing)."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    _state.pending = defaultdict(set)
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    with transaction.atomic():
        for name, unit_ids in pending.items():
            if unit_ids:
                _registry[name].rebuild(sorted(unit_ids))


def rebuild_all(names=None):
    """Recompute every summary (or those named) for every unit from the raw rows."""
    with transaction.atomic():
        for name, summary in _registry.items():
            if names is None or name in names:
                summary.rebuild(None)


def verify_all(unit_ids=None):
    """{summary name: differences} for every summary that does not equal its raw rows."""
    problems = {}
    for name, summary in _registry.items():
        if summary.verify is None:
            continue
        differences = summary.verify(unit_ids)
        if differences:
            problems[name] = differences
    return problems


class SummarisedQuerySet(models.QuerySet):
    """A source model's queryset: bulk writes name the units whose summaries they change.

    `summary_unit_fields`: the lookups from a row to the units its summaries are keyed by
    (e.g. ("unit_id",) or ("plan__unit_id",)).
    """

    summary_unit_fields = ("unit_id",)

    def _summary_units(self):
        units = set()
        for lookup in self.summary_unit_fields:
            units |= set(self.order_by().values_list(lookup, flat=True).distinct())
        return units

    def _touch(self, units):
        touch_model(self.model, units)

    def _atomic(self):
        # The write and its summary rebuild commit together, also for a caller without a
        # transaction of its own (Django's bulk writes commit on their own otherwise).
        return transaction.atomic(using=self.db, savepoint=False)

    def update(self, **kwargs):
        with self._atomic():
            before = self._summary_units()
            count = super().update(**kwargs)
            if count:
                # Rows whose unit the update changed: their previous and their new units.
                self._touch(before | self._summary_units())
        return count

    update.alters_data = True

    def delete(self):
        # Collector.delete sends post_delete per object while receivers are connected
        # (Django disables fast deletes then), so every deleted row is already touched;
        # the units are read first anyway, for a delete that skips signals.
        with self._atomic():
            units = self._summary_units()
            with batch():
                result = super().delete()
                self._touch(units)
        return result

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        with self._atomic():
            objs = super().bulk_create(objs, *args, **kwargs)
            self._touch(self._units_of_objects(objs))
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with self._atomic():
            before = self.filter(pk__in=[o.pk for o in objs])._summary_units()
            count = super().bulk_update(objs, fields, *args, **kwargs)
            self._touch(before | self._units_of_objects(objs))
        return count

    def _units_of_objects(self, objs):
        units = set()
        for summary in summaries_of(self.model):
            for obj in objs:
                units |= _units_of(summary, obj)
        return units
