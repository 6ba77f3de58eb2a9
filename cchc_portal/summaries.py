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

import hashlib
import secrets
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save

from cchc_portal.models import FiguresVersion, Unit

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
        _connect(summary, model)
    return summary


def _connect(summary, model):
    uid = f"summary-{summary.name}-{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_saved, sender=model, dispatch_uid=uid + "-delete", weak=False)
    if model in summary.track_previous:
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre", weak=False)


# --- figures versions: what a cache of a unit's figures is checked against ----------------

VERSION = "figures.version"


def add_version_sources(sources):
    """Records that figures read without a summary of their own (a data flag, an
    inspection's own unit): a write of one gives the units `sources[model](row)` a new
    figures version, as a summary rebuild does (`FiguresVersion`)."""
    summary = _registry.get(VERSION) or register(Summary(name=VERSION, rebuild=stamp_only))
    for model, units in sources.items():
        if model not in summary.sources:
            summary.sources[model] = units
            _connect(summary, model)


def stamp_only(unit_ids):
    """The rebuild of a summary that keeps no table of its own (figures versions only):
    `_rebuild` stamps its units after every rebuild, `rebuild_all` every unit."""
    if unit_ids is None:
        stamp_units(None)


def stamp_units(unit_ids):
    """Give these units (None: every unit) a new random figures version."""
    stamp = secrets.randbits(62)
    ids = Unit.objects.values_list("pk", flat=True) if unit_ids is None else unit_ids
    FiguresVersion.objects.bulk_create(
        [FiguresVersion(unit_id=pk, stamp=stamp) for pk in ids],
        update_conflicts=True,
        unique_fields=["unit"],
        update_fields=["stamp"],
        batch_size=2000,
    )


def cached_for_units(name, units, compute, *, parts=(), timeout=24 * 60 * 60, versions=None):
    """`compute()`, kept in the shared cache while the figures versions of `units` (a Unit
    queryset) are those it was computed under; `parts` (the period, today...) complete
    the key. Only for values computed from records whose every write gives their units a
    new version: the registered summaries' sources and `add_version_sources` models. The
    versions are read before `compute()` runs, so a cached value is never older than the
    versions it is filed under. `versions`: those of `units`, already read in this request
    by `figures_versions(units)` (one query less for a second value of the same units)."""
    if versions is None:
        versions = figures_versions(units)
    signature = hashlib.sha256(repr((parts, sorted(versions.items()))).encode()).hexdigest()
    key = f"figures:{name}:{signature}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def figures_versions(units):
    """{unit id: version} of the units of a queryset (0: never stamped), one query."""
    return dict(units.order_by().values_list("pk", Coalesce("figures_version__stamp", Value(0))))


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
    # Rebuilt after the save (post_save): rebuilt now, they would still hold the row.
    instance._summary_previous_units = {
        summary.name: _units_of(summary, previous)
        for summary in summaries_of(sender)
        if sender in summary.track_previous
    }


def _saved(sender, instance, raw=False, **kwargs):
    previous = instance.__dict__.pop("_summary_previous_units", {})
    if raw:
        return
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
    _rebuild({name: unit_ids})


def _rebuild(pending):
    """Rebuild {summary name: unit ids}, in the caller's transaction.

    Two transactions rebuilding the same unit at once would each delete the rows they see
    and insert their own, leaving both sets (or a duplicate-key error): the units' rows in
    `Unit` are locked first (SELECT ... FOR NO KEY UPDATE: new rows that refer to a unit can
    still be written; in id order and all the summaries' units at once, so that two writers
    never wait for each other crosswise); the second rebuild
    then starts once the first has committed, and sees its rows. SQLite takes no row
    locks: it runs one writer at a time anyway.
    """
    units = sorted(set().union(*pending.values()))
    if not units:
        return
    with transaction.atomic():
        for start in range(0, len(units), LOCK_CHUNK):
            list(
                Unit.objects.select_for_update(no_key=True)
                .filter(pk__in=units[start : start + LOCK_CHUNK])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        for name, unit_ids in pending.items():
            if unit_ids:
                _registry[name].rebuild(sorted(unit_ids))
        stamp_units(units)


LOCK_CHUNK = 5_000


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
    _rebuild(pending)


def flush(name=None):
    """Inside `batch()`: rebuild now the units touched so far (of summary `name`, or of
    every summary), for a write that reads its own summary before the block ends."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        return
    _rebuild({key: pending.pop(key, set()) for key in ([name] if name else list(pending))})


def rebuild_all(names=None):
    """Recompute every summary (or those named) for every unit from the raw rows."""
    with transaction.atomic():
        for name, summary in _registry.items():
            if names is None or name in names:
                summary.rebuild(None)
        stamp_units(None)


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

    def _moves_units(self, kwargs):
        """Whether an update of `kwargs` may give rows another unit (it sets a unit lookup)."""
        heads = {lookup.split("__")[0] for lookup in self.summary_unit_fields}
        heads |= {head.removesuffix("_id") for head in heads}
        heads |= {f"{head}_id" for head in heads}
        return not heads.isdisjoint(kwargs)

    def update(self, **kwargs):
        with self._atomic():
            before = self._summary_units()
            # Re-running this queryset after the update would miss rows that no longer match
            # its filter (filter(unit=a).update(unit=b)): follow the rows by pk instead.
            pks = (
                list(self.order_by().values_list("pk", flat=True))
                if self._moves_units(kwargs)
                else []
            )
            count = super().update(**kwargs)
            if count:
                after = set()
                for start in range(0, len(pks), 10_000):
                    moved = self.model._base_manager.filter(pk__in=pks[start : start + 10_000])
                    for lookup in self.summary_unit_fields:
                        after |= set(moved.order_by().values_list(lookup, flat=True).distinct())
                # Rows whose unit the update changed: their previous and their new units.
                self._touch(before | after)
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
