"""`cchc_portal.bulk.insert`: the scale generators' fast insert (COPY on PostgreSQL)."""

import datetime

import pytest

from cchc_portal import bulk
from cchc_portal.models import Unit
from reforms.models import IssuedDocument

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_written_and_the_instances_get_their_keys():
    units = bulk.insert(
        Unit(
            name=f"Phường {n}",
            code=f"bulk-{n}",
            kind=Unit.Kind.WARD,
            path=f"bulk-{n}.",
            is_active=n != 2,
        )
        for n in range(3)
    )
    assert [u.pk for u in units] == sorted({u.pk for u in units})
    assert all(u.pk for u in units)
    # Rows built next can point at the keys just set, as after bulk_create.
    title = "Kế hoạch\tsố 1\nback\\slash"
    documents = bulk.insert(
        IssuedDocument(
            unit=unit,
            kind=IssuedDocument.Kind.PLAN,
            number=f"{n}/KH-UBND",
            issued_on=datetime.date(2025, 1, n + 1),
            title=title,
        )
        for n, unit in enumerate(units)
    )
    stored = IssuedDocument.objects.order_by("pk")
    assert [(d.pk, d.unit_id, d.number, d.issued_on) for d in stored] == [
        (documents[n].pk, units[n].pk, f"{n}/KH-UBND", datetime.date(2025, 1, n + 1))
        for n in range(3)
    ]
    assert {d.title for d in stored} == {title}
    assert all(d.created_at is not None and d.updated_at is not None for d in stored)
    assert list(
        Unit.objects.filter(code__startswith="bulk-").values_list("is_active", "parent_id", "kind")
    ) == [(True, None, "ward"), (True, None, "ward"), (False, None, "ward")]
    assert not documents[0]._state.adding


def test_nothing_to_insert():
    assert bulk.insert([]) == []
