"""Insert many unsaved model instances fast, for the scale generators (`make bench`).

On PostgreSQL `insert(objs)` takes the primary keys from the table's sequence in one query,
sets them on the instances (so rows built next can point at them, as after bulk_create), and
sends the rows with COPY: no SQL compiled per value, which is what makes Django's
bulk_create slow for millions of rows (the national shape's ~2.9 million intake rows).
Elsewhere (SQLite) it is bulk_create. Like bulk_create it sends no signals and writes no
history rows; a summarised model's summaries are touched as its queryset's bulk_create does
(`cchc_portal.summaries`), so they stay exact.
"""

import datetime
import io

from django.db import connections, router
from django.utils import timezone


def insert(objs, *, batch_size=2000):
    """Insert `objs` (unsaved instances of one model) and set their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        for start in range(0, len(objs), 50_000):
            buffer = io.StringIO()
            attnames = [f.attname for f in fields]
            for obj in objs[start : start + 50_000]:
                buffer.write("\t".join([_text(getattr(obj, name)) for name in attnames]))
                buffer.write("\n")
            buffer.seek(0)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN", buffer
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    queryset = model._default_manager.get_queryset()
    if hasattr(queryset, "_units_of_objects"):  # a summarised model: as its bulk_create does
        queryset._touch(queryset._units_of_objects(objs))
    return objs


def _escaped(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


_FORMATS = {
    type(None): lambda value: r"\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    float: repr,
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
    str: _escaped,
}


def _text(value):
    """A value in COPY's text format (None is NULL; text escaped)."""
    return _FORMATS.get(type(value), _escaped)(value)
