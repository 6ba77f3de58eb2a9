"""Every figure of a report as a labelled row, and what changed between two generations.

`figure_rows` flattens the figures dict (reports/figures.py) into rows with a stable key; the
.xlsx lists them and `differences` compares a frozen submission with a fresh generation.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

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
    ("total", lambda: _("tasks counted")),
    ("done", lambda: _("tasks done")),
    ("done_on_time", lambda: _("tasks done on time")),
    ("done_late", lambda: _("tasks done late")),
    ("overdue", lambda: _("tasks overdue")),
    ("cancelled", lambda: _("tasks cancelled")),
)
INTAKE_LABELS = (
    ("total", lambda: _("dossiers to resolve")),
    ("carried_over", lambda: _("carried over from last period")),
    ("received_total", lambda: _("dossiers received")),
    ("received_online", lambda: _("received online")),
    ("received_counter", lambda: _("received at the counter")),
    ("received_postal", lambda: _("received by postal service")),
    ("resolved_total", lambda: _("dossiers resolved")),
    ("resolved_early", lambda: _("resolved early")),
    ("resolved_on_time", lambda: _("resolved on time")),
    ("resolved_late", lambda: _("resolved late")),
    ("pending_total", lambda: _("pending at the end")),
    ("pending_within_deadline", lambda: _("pending, within deadline")),
    ("pending_overdue", lambda: _("pending, overdue")),
    ("processed_electronically", lambda: _("processed on the electronic one-stop system")),
    ("processed_on_paper", lambda: _("processed on paper")),
    ("returned_by_postal", lambda: _("results returned by postal service")),
)
INTAKE_RATE_LABELS = (
    ("online_rate", lambda: _("online rate")),
    ("on_time_rate", lambda: _("on-time rate")),
    ("electronic_rate", lambda: _("electronic-processing rate")),
    ("postal_return_rate", lambda: _("postal-return rate")),
)
FIELD_KEYS = ("received_total", "resolved_total", "pending_total", "processed_electronically")
DIGITAL_LABELS = (
    ("documents_total", lambda: _("outgoing documents"), "count"),
    ("documents_electronic", lambda: _("sent electronically"), "count"),
    ("documents_signed", lambda: _("digitally signed"), "count"),
    ("documents_interconnected", lambda: _("signed and sent interconnected"), "count"),
    ("documents_internal", lambda: _("signed and sent internally"), "count"),
    ("documents_unaccounted", lambda: _("signed, sent neither way"), "count"),
    ("officials_in_post", lambda: _("officials in post"), "count"),
    ("officials_with_account", lambda: _("officials with a one-stop account"), "count"),
    ("web_posts", lambda: _("posts on the web page"), "count"),
    ("signed_share", lambda: _("share digitally signed"), "percent"),
    ("electronic_document_share", lambda: _("share sent electronically"), "percent"),
    ("account_share", lambda: _("share of officials with an account"), "percent"),
)
EFFECTIVENESS = ("effective", "partly", "not_effective", "not_evaluated")
RECOMMENDATION_LABELS = (
    ("total", lambda: _("recommendations")),
    ("accepted", lambda: _("recommendations accepted")),
    ("submitted", lambda: _("recommendations awaiting review")),
    ("open", lambda: _("recommendations to remediate")),
    ("overdue", lambda: _("recommendations overdue")),
)


def figure_rows(figures):
    """Every figure of the report, in the document's order."""
    rows = []

    def add(key, section, label, value, type_="count"):
        rows.append(FigureRow(key, section, label, value, type_))

    plan = figures["plan"]
    section = _("Reform plan")
    if figures["scope"] == "rollup":
        add("plan.plans", section, _("units with a plan"), plan["plans"])
    for key, label in TASK_LABELS:
        add(f"plan.{key}", section, label(), plan[key])
    add("plan.rate", section, _("completion rate"), plan["rate"], "percent")
    for area in plan["areas"]:
        for key in ("total", "done", "done_late", "overdue"):
            label = dict(TASK_LABELS)[key]()
            add(f"plan.area.{area['code']}.{key}", section, f"{area['name']}: {label}", area[key])
        add(
            f"plan.area.{area['code']}.rate",
            section,
            f"{area['name']}: {_('completion rate')}",
            area["rate"],
            "percent",
        )

    section = _("Documents issued")
    add("documents.total", section, _("documents issued"), figures["documents"]["total"])
    for item in figures["documents"]["by_kind"]:
        add(
            f"documents.{item['kind']}",
            section,
            document_kind_label(item["kind"]),
            item["count"],
        )

    outreach = figures["outreach"]
    section = _("Outreach")
    add(
        "outreach.meetings",
        section,
        _("meetings with reform content"),
        outreach["meetings_with_reform"],
    )
    add("outreach.held", section, _("meetings held in the year"), outreach["meetings_held"])
    add("outreach.other", section, _("other outreach activities"), outreach["other_activities"])
    add("outreach.participants", section, _("participants"), outreach["participants"])

    intake = figures["intake"]
    section = _("Administrative procedures")
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

    section = _("E-government")
    for key, label, type_ in DIGITAL_LABELS:
        add(f"digital.{key}", section, label(), figures["digital"][key], type_)

    models = figures["models"]
    section = _("Reform models")
    add("models.total", section, _("reform models"), models["total"])
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
    section = _("Inspections")
    add("inspections.count", section, _("inspections in the period"), inspections["count"])
    for key, label in RECOMMENDATION_LABELS:
        add(f"inspections.{key}", section, label(), inspections["recommendations"][key])
    for item in inspections["items"]:
        for rec in item["recommendation_items"]:
            add(
                f"inspections.{item['date']}.{rec['number']}",
                section,
                _("Recommendation %(number)s of the inspection of %(date)s")
                % {"number": rec["number"], "date": format_value(item["date"], "date")},
                recommendation_status_label(rec),
                "text",
            )

    flags = figures["flags"]
    section = _("Figures to check")
    add("flags.count", section, _("open data flags"), flags["count"])
    add(
        "flags.missing",
        section,
        _("months without procedure figures"),
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
