"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

Huyền Tụng's January–October 2022 as the inspection of 01/11/2022 found it (seeds/000):
764 dossiers, 244 processed on the one-stop system and 520 on paper, 9 online, 13 results
returned by postal service, all resolved on time, mostly civil status and culture–society;
598 digitally signed outgoing documents, 221 sent interconnected and 337 internally (the 40
others are flagged); its written report's "8,48 %" online rate, kept only to compare (the
figures give 1,18 %). The other wards' figures are invented but consistent, with a missing
month (Sông Cầu, 07/2022) and a carried-over mismatch (Nguyễn Thị Minh Khai, 04/2022).
Idempotent: a second run writes nothing, not even history.
"""

import datetime
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from cchc_portal import summaries
from cchc_portal.models import Unit, User

from .models import (
    DIGITAL_COLUMNS,
    INTAKE_COLUMNS,
    DigitalGovernmentReport,
    IntakeReport,
    MonthlyReport,
    ProcedureField,
)
from .reference import ensure_fields
from .services import flags_refresh

YEAR = 2022
MONTHS = [datetime.date(YEAR, m, 1) for m in range(1, 11)]
# How Huyền Tụng's work spreads over January–October (a quiet Tết month, then steady).
WEIGHTS = [7, 8, 11, 10, 10, 11, 10, 11, 11, 11]

# Huyền Tụng, January–October: field -> totals over the ten months.
HUYEN_TUNG = {
    "civil-status": {"received": 330, "online": 9, "electronic": 150, "postal": 8, "early": 60},
    "culture-society": {"received": 250, "online": 0, "electronic": 94, "postal": 5, "early": 0},
    "certification": {"received": 120, "online": 0, "electronic": 0, "postal": 0, "early": 120},
    "land": {"received": 40, "online": 0, "electronic": 0, "postal": 0, "early": 0},
    "labour-social": {"received": 24, "online": 0, "electronic": 0, "postal": 0, "early": 0},
}
HUYEN_TUNG_DOCUMENTS = {
    "total": 640,
    "signed": 598,
    "interconnected": 221,
    # The 40 signed documents neither interconnected nor internal, by month (Feb, May, Jul, Sep).
    "unaccounted": [0, 10, 0, 0, 10, 0, 10, 0, 10, 0],
}


def spread(total, weights=WEIGHTS):
    """Split `total` over the months in proportion to `weights` (largest remainder)."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    remainders = sorted(
        range(len(weights)), key=lambda i: (total * weights[i] % whole, -i), reverse=True
    )
    for index in remainders[: total - sum(shares)]:
        shares[index] += 1
    return shares


def _zero_intake():
    return dict.fromkeys(INTAKE_COLUMNS, 0)


def huyen_tung_intake():
    """{(month, field code): counts} summing to the report's figures."""
    rows = {}
    for code, totals in HUYEN_TUNG.items():
        received = spread(totals["received"])
        parts = {key: spread(totals[key]) for key in ("online", "electronic", "postal", "early")}
        for index, month in enumerate(MONTHS):
            values = _zero_intake()
            values["received_online"] = parts["online"][index]
            values["received_counter"] = received[index] - parts["online"][index]
            values["resolved_early"] = parts["early"][index]
            values["resolved_on_time"] = received[index] - parts["early"][index]
            values["processed_electronically"] = parts["electronic"][index]
            values["returned_by_postal"] = parts["postal"][index]
            rows[(month, code)] = values
    return rows


def huyen_tung_documents(officials=12):
    signed = spread(HUYEN_TUNG_DOCUMENTS["signed"])
    total = spread(HUYEN_TUNG_DOCUMENTS["total"])
    interconnected = spread(HUYEN_TUNG_DOCUMENTS["interconnected"])
    posts = [2, 2, 3, 2, 3, 2, 3, 3, 2, 3]
    sheets = {}
    for index, month in enumerate(MONTHS):
        gap = HUYEN_TUNG_DOCUMENTS["unaccounted"][index]
        sheets[month] = {
            "documents_total": max(total[index], signed[index]),
            "documents_electronic": signed[index],
            "documents_signed": signed[index],
            "documents_interconnected": interconnected[index],
            "documents_internal": signed[index] - interconnected[index] - gap,
            "officials_in_post": officials,
            "officials_with_account": officials,
            "web_posts": posts[index],
        }
    return sheets


# Other wards: (code, monthly dossiers by field, online share, electronic share, officials).
OTHER_WARDS = [
    (
        "duc-xuan",
        {"civil-status": 42, "certification": 20, "culture-society": 25, "land": 6},
        0.04,
        0.45,
        14,
    ),
    (
        "song-cau",
        {"civil-status": 30, "certification": 14, "culture-society": 18, "land": 4},
        0.02,
        0.30,
        11,
    ),
    (
        "nguyen-thi-minh-khai",
        {"civil-status": 36, "certification": 16, "culture-society": 20, "labour-social": 5},
        0.03,
        0.38,
        13,
    ),
    (
        "an-loc",
        {"civil-status": 48, "certification": 30, "land": 12, "business": 6},
        0.22,
        0.85,
        15,
    ),
    (
        "an-thanh",
        {"civil-status": 40, "certification": 24, "land": 10, "construction": 4},
        0.18,
        0.80,
        14,
    ),
    (
        "an-binh-a",
        {"civil-status": 34, "certification": 18, "land": 9, "labour-social": 6},
        0.15,
        0.76,
        13,
    ),
    (
        "tan-hoi",
        {"civil-status": 28, "certification": 12, "land": 14, "labour-social": 5},
        0.12,
        0.70,
        12,
    ),
]
MISSING = {("song-cau", datetime.date(YEAR, 7, 1))}
# A carried-over figure typed wrong: two more than March left pending.
CARRY_OVER_SLIP = {("nguyen-thi-minh-khai", datetime.date(YEAR, 4, 1), "civil-status"): 2}


def ward_figures(code, fields, online_share, electronic_share, officials):
    """Plausible months for a ward: pending dossiers carry over, a few resolved late."""
    rng = random.Random(f"cchc-demo-{code}")
    intake, documents = {}, {}
    pending = dict.fromkeys(fields, (0, 0))
    for month in MONTHS:
        if (code, month) in MISSING:
            continue
        for field, average in fields.items():
            within, overdue = pending[field]
            values = _zero_intake()
            values["carried_over"] = within + overdue + CARRY_OVER_SLIP.get((code, month, field), 0)
            received = max(0, round(average * rng.uniform(0.75, 1.25)))
            online = round(received * online_share * rng.uniform(0.6, 1.4))
            postal = 1 if rng.random() < 0.25 and received > online else 0
            values["received_online"] = online
            values["received_postal"] = postal
            values["received_counter"] = received - online - postal
            total = values["carried_over"] + received
            slow = field in ("land", "construction")
            new_within = min(total, rng.randint(1, 4) if slow else rng.randint(0, 2))
            new_overdue = min(total - new_within, 1 if slow and rng.random() < 0.3 else 0)
            resolved = total - new_within - new_overdue
            late = min(resolved, 1 if rng.random() < (0.3 if slow else 0.08) else 0)
            early = round((resolved - late) * rng.uniform(0.1, 0.4))
            values["resolved_late"] = late
            values["resolved_early"] = early
            values["resolved_on_time"] = resolved - late - early
            values["pending_within_deadline"] = new_within
            values["pending_overdue"] = new_overdue
            values["processed_electronically"] = min(total, round(total * electronic_share))
            values["returned_by_postal"] = min(resolved, postal + (1 if rng.random() < 0.2 else 0))
            intake[(month, field)] = values
            pending[field] = (new_within, new_overdue)
        signed = rng.randint(35, 60)
        interconnected = round(signed * rng.uniform(0.3, 0.45))
        documents[month] = {
            "documents_total": signed + rng.randint(0, 6),
            "documents_electronic": signed,
            "documents_signed": signed,
            "documents_interconnected": interconnected,
            "documents_internal": signed - interconnected,
            "officials_in_post": officials,
            "officials_with_account": officials - (1 if rng.random() < 0.3 else 0),
            "web_posts": rng.randint(1, 6),
        }
    return intake, documents


def _sync(model, existing, wanted, columns, build):
    """Create what is missing, save what differs (recording history), leave the rest."""
    to_create = []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(build(key, values))
            continue
        changed = [c for c in columns if getattr(obj, c) != values.get(c)]
        if changed:
            for column in changed:
                setattr(obj, column, values.get(column))
            obj.full_clean()
            obj.save()
    if to_create:
        # The database's CheckConstraints refuse any row that does not add up.
        bulk_create_with_history(to_create, model)
    return len(to_create)


def load_unit(unit, intake, documents, *, user=None, reported=None):
    """Bring one unit's months in line with `intake` {(month, field code): counts} and
    `documents` {month: counts}; every active field gets a row for each month entered.
    The bulk inserts go through the summarising queryset; the unit's summary is rebuilt
    once, before its flags are refreshed."""
    with summaries.batch():
        created = _load_rows(unit, intake, documents, user=user, reported=reported)
    flags_refresh(unit=unit)
    return created


def _load_rows(unit, intake, documents, *, user, reported):
    fields = {f.code: f for f in ProcedureField.objects.filter(is_active=True)}
    months = sorted(documents)
    wanted = {}
    for month in months:
        for code, field in fields.items():
            wanted[(month, field.pk)] = intake.get((month, code), _zero_intake())
    existing = {
        (row.month, row.field_id): row
        for row in IntakeReport.objects.filter(unit=unit, month__in=months)
    }
    created = _sync(
        IntakeReport,
        existing,
        wanted,
        INTAKE_COLUMNS,
        lambda key, values: IntakeReport(unit=unit, month=key[0], field_id=key[1], **values),
    )
    existing = {
        sheet.month: sheet
        for sheet in DigitalGovernmentReport.objects.filter(unit=unit, month__in=months)
    }
    created += _sync(
        DigitalGovernmentReport,
        existing,
        documents,
        DIGITAL_COLUMNS,
        lambda month, values: DigitalGovernmentReport(unit=unit, month=month, **values),
    )
    reported = reported or {}
    headers = {
        month: {
            "reported_online_rate": reported.get(month, {}).get("online"),
            "note": reported.get(month, {}).get("note", ""),
            "submitted_by": user,
        }
        for month in months
    }
    existing = {r.month: r for r in MonthlyReport.objects.filter(unit=unit, month__in=months)}
    created += _sync(
        MonthlyReport,
        existing,
        headers,
        ("reported_online_rate", "note", "submitted_by"),
        lambda month, values: MonthlyReport(unit=unit, month=month, **values),
    )
    return created


def load(stdout=None):
    ensure_fields(ProcedureField)
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=["huyen-tung", *(w[0] for w in OTHER_WARDS)])
    }
    if "huyen-tung" not in units:
        return
    staff = User.objects.filter(username="huyentung").first()
    created = load_unit(
        units["huyen-tung"],
        huyen_tung_intake(),
        huyen_tung_documents(),
        user=staff,
        reported={
            datetime.date(YEAR, 10, 1): {
                "online": Decimal("8.48"),
                "note": "Báo cáo 10 tháng đầu năm 2022 ghi: 9/764 thủ tục phát sinh trực "
                "tuyến đạt 8,48%.",
            }
        },
    )
    for code, fields, online_share, electronic_share, officials in OTHER_WARDS:
        if code not in units:
            continue
        intake, documents = ward_figures(code, fields, online_share, electronic_share, officials)
        created += load_unit(units[code], intake, documents)
    if stdout is not None and created:
        stdout.write(f"procedures: {created} monthly rows created.\n")
