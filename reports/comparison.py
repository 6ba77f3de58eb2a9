"""Every figure of a report as a labelled row, and what changed between two generations.

`figure_rows` flattens the figures dict (reports/figures.py) into rows with a stable key; the
.xlsx lists them and `differences` compares a frozen submission with a fresh generation.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext

from .document import (
    document_kind_label,
    format_value,
    model_effectiveness_label,
    recommendation_status_label,
)


@dataclass
class FigureRow:
    key: str
    section: str
    label: str
    value: object
    type: str = "count"

    @property
    def text(self):
        return format_value(self.value, self.type)


@dataclass
class Difference:
    section: str
    label: str
    old: str
    new: str


TASK_LABELS = (
    ("total", lambda: pgettext("report figure", "tasks counted")),
    ("done", lambda: pgettext("report figure", "tasks done")),
    ("done_on_time", lambda: pgettext("report figure", "tasks done on time")),
    ("done_late", lambda: pgettext("report figure", "tasks done late")),
    ("overdue", lambda: pgettext("report figure", "tasks overdue")),
    ("cancelled", lambda: pgettext("report figure", "tasks cancelled")),
)
INTAKE_LABELS = (
    ("total", lambda: pgettext("report figure", "dossiers to resolve")),
    ("carried_over", lambda: pgettext("report figure", "carried over from last period")),
    ("received_total", lambda: pgettext("report figure", "dossiers received")),
    ("received_online", lambda: pgettext("report figure", "received online")),
    ("received_counter", lambda: pgettext("report figure", "received at the counter")),
    ("received_postal", lambda: pgettext("report figure", "received by postal service")),
    ("resolved_total", lambda: pgettext("report figure", "dossiers resolved")),
    ("resolved_early", lambda: pgettext("report figure", "resolved early")),
    ("resolved_on_time", lambda: pgettext("report figure", "resolved on time")),
    ("resolved_late", lambda: pgettext("report figure", "resolved late")),
    ("pending_total", lambda: pgettext("report figure", "pending at the end")),
    ("pending_within_deadline", lambda: pgettext("report figure", "pending, within deadline")),
    ("pending_overdue", lambda: pgettext("report figure", "pending, overdue")),
    (
        "processed_electronically",
        lambda: pgettext("report figure", "processed on the electronic one-stop system"),
    ),
    ("processed_on_paper", lambda: pgettext("report figure", "processed on paper")),
    ("returned_by_postal", lambda: pgettext("report figure", "results returned by postal service")),
)
INTAKE_RATE_LABELS = (
    ("online_rate", lambda: pgettext("report figure", "online rate")),
    ("on_time_rate", lambda: pgettext("report figure", "on-time rate")),
    ("electronic_rate", lambda: pgettext("report figure", "electronic-processing rate")),
    ("postal_return_rate", lambda: pgettext("report figure", "postal-return rate")),
)
FIELD_KEYS = ("received_total", "resolved_total", "pending_total", "processed_electronically")
DIGITAL_LABELS = (
    ("documents_total", lambda: pgettext("report figure", "outgoing documents"), "count"),
    ("documents_electronic", lambda: pgettext("report figure", "sent electronically"), "count"),
    ("documents_signed", lambda: pgettext("report figure", "digitally signed"), "count"),
    (
        "documents_interconnected",
        lambda: pgettext("report figure", "signed and sent interconnected"),
        "count",
    ),
    (
        "documents_internal",
        lambda: pgettext("report figure", "signed and sent internally"),
        "count",
    ),
    (
        "documents_unaccounted",
        lambda: pgettext("report figure", "signed, sent neither way"),
        "count",
    ),
    ("officials_in_post", lambda: pgettext("report figure", "officials in post"), "count"),
    (
        "officials_with_account",
        lambda: pgettext("report figure", "officials with a one-stop account"),
        "count",
    ),
    ("web_posts", lambda: pgettext("report figure", "posts on the web page"), "count"),
    ("signed_share", lambda: pgettext("report figure", "share digitally signed"), "percent"),
    (
        "electronic_document_share",
        lambda: pgettext("report figure", "share sent electronically"),
        "percent",
    ),
    (
        "account_share",
        lambda: pgettext("report figure", "share of officials with an account"),
        "percent",
    ),
)
EFFECTIVENESS = ("effective", "partly", "not_effective", "not_evaluated")
RECOMMENDATION_LABELS = (
    ("total", lambda: pgettext("report figure", "recommendations")),
    ("accepted", lambda: pgettext("report figure", "recommendations accepted")),
    ("submitted", lambda: pgettext("report figure", "recommendations awaiting review")),
    ("open", lambda: pgettext("report figure", "recommendations to remediate")),
    ("overdue", lambda: pgettext("report figure", "recommendations overdue")),
)


def figure_rows(figures):
    """Every figure of the report, in the document's order."""
    rows = []

    def add(key, section, label, value, type_="count"):
        rows.append(FigureRow(key, section, label, value, type_))

    plan = figures["plan"]
    section = pgettext("report figure", "Reform plan")
    if figures["scope"] == "rollup":
        add("plan.plans", section, pgettext("report figure", "units with a plan"), plan["plans"])
    for key, label in TASK_LABELS:
        add(f"plan.{key}", section, label(), plan[key])
    add("plan.rate", section, pgettext("report figure", "completion rate"), plan["rate"], "percent")
    for area in plan["areas"]:
        for key in ("total", "done", "done_late", "overdue"):
            label = dict(TASK_LABELS)[key]()
            add(f"plan.area.{area['code']}.{key}", section, f"{area['name']}: {label}", area[key])
        add(
            f"plan.area.{area['code']}.rate",
            section,
            f"{area['name']}: {pgettext('report figure', 'completion rate')}",
            area["rate"],
            "percent",
        )

    section = pgettext("report figure", "Documents issued")
    add(
        "documents.total",
        section,
        pgettext("report figure", "documents issued"),
        figures["documents"]["total"],
    )
    for item in figures["documents"]["by_kind"]:
        add(
            f"documents.{item['kind']}",
            section,
            document_kind_label(item["kind"]),
            item["count"],
        )

    outreach = figures["outreach"]
    section = pgettext("report figure", "Outreach")
    add(
        "outreach.meetings",
        section,
        pgettext("report figure", "meetings with reform content"),
        outreach["meetings_with_reform"],
    )
    add(
        "outreach.held",
        section,
        pgettext("report figure", "meetings held in the year"),
        outreach["meetings_held"],
    )
    add(
        "outreach.other",
        section,
        pgettext("report figure", "other outreach activities"),
        outreach["other_activities"],
    )
    add(
        "outreach.participants",
        section,
        pgettext("report figure", "participants"),
        outreach["participants"],
    )

    intake = figures["intake"]
    section = pgettext("report figure", "Administrative procedures")
    for key, label in INTAKE_LABELS:
        add(f"intake.{key}", section, label(), intake[key])
    for key, label in INTAKE_RATE_LABELS:
        add(f"intake.{key}", section, label(), intake[key], "percent")
    labels = dict(INTAKE_LABELS)
    for field in figures["intake_fields"]:
        for key in FIELD_KEYS:
            add(
                f"intake.field.{field['code']}.{key}",
                section,
                f"{field['name']}: {labels[key]()}",
                field[key],
            )

    section = pgettext("report figure", "E-government")
    for key, label, type_ in DIGITAL_LABELS:
        add(f"digital.{key}", section, label(), figures["digital"][key], type_)

    models = figures["models"]
    section = pgettext("report figure", "Reform models")
    add("models.total", section, pgettext("report figure", "reform models"), models["total"])
    for value in EFFECTIVENESS:
        add(f"models.{value}", section, model_effectiveness_label(value), models.get(value, 0))
    for item in models["items"]:
        add(
            f"models.item.{item['unit']}.{item['name']}",
            section,
            f"{item['name']} ({item['unit']})",
            model_effectiveness_label(item["effectiveness"]),
            "text",
        )

    inspections = figures["inspections"]
    section = pgettext("report figure", "Inspections")
    add(
        "inspections.count",
        section,
        pgettext("report figure", "inspections in the period"),
        inspections["count"],
    )
    for key, label in RECOMMENDATION_LABELS:
        add(f"inspections.{key}", section, label(), inspections["recommendations"][key])
    for item in inspections["items"]:
        for rec in item["recommendation_items"]:
            add(
                f"inspections.{item['date']}.{rec['number']}",
                section,
                pgettext("report figure", "Recommendation %(number)s of the inspection of %(date)s")
                % {"number": rec["number"], "date": format_value(item["date"], "date")},
                recommendation_status_label(rec),
                "text",
            )

    flags = figures["flags"]
    section = pgettext("report figure", "Figures to check")
    add("flags.count", section, pgettext("report figure", "open data flags"), flags["count"])
    add(
        "flags.missing",
        section,
        pgettext("report figure", "months without procedure figures"),
        sum(len(item["months"]) for item in flags["missing_months"]),
    )
    return rows


def differences(old, new):
    """Rows whose value differs between two generations (a row missing on one side too)."""
    before = {row.key: row for row in figure_rows(old)}
    after = {row.key: row for row in figure_rows(new)}
    changed = []
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.value == b.value:
            continue
        row = b or a
        changed.append(
            Difference(
                section=row.section,
                label=row.label,
                old=a.text if a is not None else "—",
                new=b.text if b is not None else "—",
            )
        )
    return changed
