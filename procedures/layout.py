"""The official periodic report's columns, shared by the entry page, the tables and Excel."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import INTAKE_TOTALS


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # A computed column is the sum of these input columns (never typed).
    parts: tuple = field(default=())

    @property
    def computed(self):
        return bool(self.parts)


INTAKE_LAYOUT = (
    Column("total", _("Total"), INTAKE_TOTALS["total"]),
    Column("carried_over", _("Carried over from last period")),
    Column("received_online", _("Online")),
    Column("received_counter", _("Directly at the counter")),
    Column("received_postal", _("By public postal service")),
    Column("resolved_total", _("Total"), INTAKE_TOTALS["resolved_total"]),
    Column("resolved_early", _("Early")),
    Column("resolved_on_time", _("On time")),
    Column("resolved_late", _("Late")),
    Column("pending_total", _("Total"), INTAKE_TOTALS["pending_total"]),
    Column("pending_within_deadline", _("Within deadline")),
    Column("pending_overdue", _("Overdue")),
    Column("processed_electronically", _("Processed on the electronic one-stop system")),
    Column("returned_by_postal", _("Results returned by public postal service")),
)
INTAKE_COLUMN_BY_KEY = {column.key: column for column in INTAKE_LAYOUT}

# Header groups of the official form: (label, first key, last key).
INTAKE_GROUPS = (
    (_("Dossiers to resolve"), "total", "received_postal"),
    (_("Results"), "resolved_total", "pending_overdue"),
)
INTAKE_SUBGROUPS = (
    (_("Newly received"), "received_online", "received_postal"),
    (_("Resolved"), "resolved_total", "resolved_late"),
    (_("Pending"), "pending_total", "pending_overdue"),
)

DIGITAL_LAYOUT = (
    Column("documents_total", _("Outgoing documents")),
    Column("documents_electronic", _("of which sent electronically")),
    Column("documents_signed", _("of which digitally signed")),
    Column("documents_interconnected", _("signed and sent interconnected")),
    Column("documents_internal", _("signed and sent internally")),
    Column("officials_in_post", _("Officials in post")),
    Column("officials_with_account", _("of whom with a one-stop account")),
    Column("web_posts", _("Posts on the unit's web page")),
)

REPORTED_RATE_LAYOUT = (
    Column("reported_online_rate", _("Online rate (%)")),
    Column("reported_on_time_rate", _("On-time rate (%)")),
    Column("reported_electronic_rate", _("Electronic-processing rate (%)")),
)
