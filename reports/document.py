"""A report as a Vietnamese administrative document, built once from the figures and the text.

`build` returns a `Document`: the header, a list of blocks (headings, paragraphs, tables), an
appendix and the signature. The web preview, the PDF, the .docx and the .xlsx all render that
same object, so the four can never disagree. Numbers and dates are formatted by
cchc_portal.figures.formatting ("1.234", "1,17 %", 01/11/2022), like every page.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cchc_portal.figures.formatting import (
    format_count,
    format_date,
    format_percent,
    format_score,
)
from cchc_portal.figures.months import month_end
from inspections import selectors as inspection_selectors
from reforms import selectors as reform_selectors

DASH = "—"
DOTS = "……"
# Below this share of dossiers received online, the suggested text names it a shortcoming.
LOW_ONLINE_RATE = Decimal("50")


# --- building blocks -----------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1
    kind: str = "heading"


@dataclass
class Paragraph:
    text: str
    bullet: bool = False
    italic: bool = False
    placeholder: bool = False
    kind: str = "paragraph"


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Column:
    key: str
    label: str
    # text, count, percent, date, score (PAR-index points, "23,50") or ratio ("8 / 682")
    type: str = "count"
    # A ratio's two numbers are two columns in the workbook, headed by these labels.
    parts: tuple = ()

    @property
    def numeric(self):
        return self.type in ("count", "percent", "ratio", "score")


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    total: list | None = None
    header: list | None = None
    landscape: bool = False
    # A short name for the table's sheet in the workbook (31 characters at most).
    sheet: str = ""
    kind: str = "table"

    def header_rows(self):
        return self.header or [[HeaderCell(column.label) for column in self.columns]]

    def formatted_rows(self):
        return [self._format(row) for row in self.rows]

    def formatted_total(self):
        return self._format(self.total) if self.total is not None else None

    def _format(self, row):
        return [
            {"text": format_value(value, column.type), "numeric": column.numeric}
            for value, column in zip(row, self.columns, strict=True)
        ]


@dataclass
class Document:
    authority: str
    issuer: str
    number: str
    place: str
    date: datetime.date | None
    subject: str
    blocks: list
    appendix: list
    recipients: list
    signer_title: str
    signer_name: str
    is_draft: bool
    is_rollup: bool = False

    @property
    def all_tables(self):
        return [block for block in self.blocks + self.appendix if isinstance(block, Table)]


def format_value(value, type_):
    if type_ == "text":
        return value if value not in (None, "") else DASH
    if value is None:
        return DASH
    if type_ == "count":
        return format_count(value)
    if type_ == "percent":
        return format_percent(Decimal(value))
    if type_ == "score":
        return format_score(value)
    if type_ == "date":
        return date_text(value)
    if type_ == "ratio":
        numerator, denominator = value
        return f"{format_count(numerator)} / {format_count(denominator)}"
    return str(value)


def parse_day(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None


def date_text(value):
    day = parse_day(value)
    return format_date(day) if day else DASH


def month_text(value):
    day = parse_day(value)
    return f"{day.month:02d}/{day.year}" if day else DASH


def n(value):
    return format_count(value)


def pct(value):
    return format_percent(Decimal(value) if value is not None else None)


# --- labels of stored codes ------------------------------------------------------------------


def document_kind_label(kind):
    return str(dict(reform_selectors.DOCUMENT_KINDS.choices).get(kind, kind))


def model_state_label(state):
    return str(dict(reform_selectors.MODEL_STATES.choices).get(state, state))


def model_effectiveness_label(value):
    return str(dict(reform_selectors.MODEL_EFFECTIVENESS.choices).get(value, value))


def inspection_kind_label(kind):
    return str(dict(inspection_selectors.INSPECTION_KINDS.choices).get(kind, kind))


def recommendation_status_label(item):
    label = str(
        dict(inspection_selectors.RECOMMENDATION_STATUSES.choices).get(
            item["status"], item["status"]
        )
    )
    if item.get("overdue"):
        return _("%(status)s, overdue") % {"status": label}
    return label


# --- suggested text --------------------------------------------------------------------------


def suggestions(figures, *, subject_name, period_label):
    """Text the portal proposes for the narrative sections, from the figures.

    Staff edit it; until they do, the report uses it as it stands.
    """
    plan, intake = figures["plan"], figures["intake"]
    parts = []
    if plan["total"]:
        if figures["scope"] == "rollup":
            text = _(
                "In %(period)s, the units below %(unit)s carried out their reform plans for "
                "%(year)s: %(done)s of %(total)s tasks done (%(rate)s)."
            )
        else:
            text = _(
                "In %(period)s, %(unit)s carried out its reform plan for %(year)s: %(done)s of "
                "%(total)s tasks done (%(rate)s)."
            )
        parts.append(
            text
            % {
                "period": period_label,
                "unit": subject_name,
                "year": figures["period"]["year"],
                "done": n(plan["done"]),
                "total": n(plan["total"]),
                "rate": pct(plan["rate"]),
            }
        )
    if intake["received_total"] or intake["total"]:
        parts.append(
            _(
                "%(received)s procedure dossiers were received and %(resolved)s resolved, "
                "%(on_time)s of them early or on time; %(online)s of the dossiers were received "
                "online and %(electronic)s were processed on the electronic one-stop system."
            )
            % {
                "received": n(intake["received_total"]),
                "resolved": n(intake["resolved_total"]),
                "on_time": pct(intake["on_time_rate"]),
                "online": pct(intake["online_rate"]),
                "electronic": pct(intake["electronic_rate"]),
            }
        )
    results = " ".join(parts)

    lines = []
    if plan["overdue"]:
        lines.append(
            _("- %(count)s tasks of the plan are overdue.") % {"count": n(plan["overdue"])}
        )
    if plan["done_late"]:
        lines.append(
            _("- %(count)s tasks were done after their deadline.") % {"count": n(plan["done_late"])}
        )
    online = intake["online_rate"]
    if intake["received_total"] and online is not None and Decimal(online) < LOW_ONLINE_RATE:
        lines.append(
            _("- The share of dossiers received online is still low (%(rate)s).")
            % {"rate": pct(online)}
        )
    if intake["resolved_late"]:
        lines.append(
            _("- %(count)s dossiers were resolved late.") % {"count": n(intake["resolved_late"])}
        )
    if intake["pending_overdue"]:
        lines.append(
            _("- %(count)s dossiers are pending past their deadline.")
            % {"count": n(intake["pending_overdue"])}
        )
    overdue_recommendations = figures["inspections"]["recommendations"]["overdue"]
    if overdue_recommendations:
        lines.append(
            _("- %(count)s recommendations of inspections are past their deadline.")
            % {"count": n(overdue_recommendations)}
        )
    flag_count = figures["flags"]["count"] + len(figures["flags"]["missing_months"])
    if flag_count:
        lines.append(_("- Some figures in the portal still need checking (listed below)."))
    proposals = []
    collected = figures.get("collected") if figures["scope"] == "collected" else None
    if collected is not None:
        results = "\n".join([results, *_from_below(collected, "results")]).strip()
        lines.extend(_from_below(collected, "shortcomings"))
        proposals.extend(_from_below(collected, "proposals"))
        if collected["missing"]:
            lines.append(
                _("- Not yet submitted their report: %(units)s.")
                % {"units": ", ".join(collected["missing"])}
            )
    return {
        "results": results,
        "shortcomings": "\n".join(lines),
        "proposals": "\n".join(proposals),
        "area_texts": {},
    }


def _from_below(collected, section):
    """One bullet per unit below that wrote `section` in its submitted report: its first
    paragraph, so the draft starts from what the units said."""
    bullets = []
    for report in collected["reports"]:
        paragraphs = [line.strip(" -+•") for line in report[section].splitlines() if line.strip()]
        if paragraphs:
            bullets.append(f"- {report['unit']}: {paragraphs[0]}")
    return bullets


# --- the document ----------------------------------------------------------------------------


def _narrative(text, blocks):
    """Staff's text as paragraphs: a line starting with "-" or "+" is a bullet."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        blocks.append(Paragraph(_("(Nothing written.)"), italic=True, placeholder=True))
        return
    for line in lines:
        blocks.append(Paragraph(line, bullet=line[:1] in "-+•"))


def build(
    figures,
    *,
    rnd,
    narrative,
    header,
    is_draft,
    submitted_on=None,
    unit_rows=None,
):
    """The document for a unit's report (`figures["scope"] == "unit"`) or a roll-up.

    `narrative`: results, shortcomings, proposals; `header`: authority, issuer, number, place,
    signer_title, signer_name, requester, recipients; `unit_rows`: the roll-up's per-unit table.
    """
    rollup = figures["scope"] in ("rollup", "collected")
    collected = figures.get("collected") if figures["scope"] == "collected" else None
    period = str(rnd.period_label)
    year = figures["period"]["year"]
    as_of = date_text(figures["period"]["as_of"])
    blocks = []
    if collected is not None:
        blocks.append(
            Paragraph(
                _(
                    "As requested by %(requester)s, %(unit)s reports on the administrative "
                    "reform work of its %(count)s units in %(period)s, from their figures in the "
                    "CCHC Portal and the reports they submitted, as follows:"
                )
                % {
                    "requester": header["requester"],
                    "unit": figures["unit"]["name"],
                    "count": n(figures["units"]),
                    "period": period,
                }
            )
        )
        _collected_blocks(collected, blocks)
    elif rollup:
        blocks.append(
            Paragraph(
                _(
                    "%(unit)s sums up the administrative reform work of the %(count)s units "
                    "owing this report in %(period)s, from their figures in the CCHC Portal, as "
                    "follows:"
                )
                % {"unit": figures["unit"]["name"], "count": n(figures["units"]), "period": period}
            )
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "As requested by %(requester)s, %(unit)s reports on its administrative "
                    "reform work in %(period)s as follows:"
                )
                % {
                    "requester": header["requester"],
                    "unit": figures["unit"]["name"],
                    "period": period,
                }
            )
        )
    blocks.append(
        Paragraph(
            _("Figures taken from the CCHC Portal, counted as of %(date)s.") % {"date": as_of},
            italic=True,
        )
    )
    blocks.append(Heading(_("I. RESULTS OF ADMINISTRATIVE REFORM WORK")))
    _narrative(narrative["results"], blocks)
    areas = {area["code"]: area for area in figures["plan"]["areas"]}
    own_text = narrative.get("area_texts") or {}
    for code, title in AREA_OUTLINE:
        blocks.append(Heading(str(title), level=2))
        if code == "direction":
            _plan_blocks(figures, blocks, year=year, as_of=as_of, rollup=rollup)
            _document_blocks(figures, blocks, rollup=rollup)
            _outreach_blocks(figures, blocks, year=year)
            _inspection_blocks(figures, blocks, rollup=rollup)
            _model_blocks(figures, blocks, year=year, rollup=rollup)
        elif code == "indices":
            _index_blocks(figures, blocks)
        else:
            _area_tasks(areas.get(code), blocks)
            if code == "procedures":
                _intake_blocks(figures, blocks)
            elif code == "digital-government":
                _digital_blocks(figures, blocks)
        text = (own_text.get(code) or "").strip()
        if text:
            _narrative(text, blocks)
        elif is_draft:
            blocks.append(
                Paragraph(
                    _("(The unit's own assessment of this area.)"), italic=True, placeholder=True
                )
            )
    blocks.append(Heading(_("II. SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES")))
    _narrative(narrative["shortcomings"], blocks)
    _flag_blocks(figures, blocks, rollup=rollup)
    blocks.append(Heading(_("III. PROPOSALS AND RECOMMENDATIONS")))
    _narrative(narrative["proposals"], blocks)

    appendix = [_intake_table(figures)]
    if collected is not None and unit_rows is None and collected["rows"]:
        unit_rows = collected["rows"]
    if rollup and unit_rows is not None:
        appendix.append(_unit_table(unit_rows))
    subject = (
        _("Summary of administrative reform work in %(period)s")
        if rollup and collected is None
        else _("Results of administrative reform work in %(period)s")
    ) % {"period": period}
    return Document(
        authority=header["authority"],
        issuer=header["issuer"],
        number=header["number"],
        place=header["place"],
        date=submitted_on,
        subject=subject,
        blocks=blocks,
        appendix=appendix,
        recipients=header["recipients"],
        signer_title=header["signer_title"],
        signer_name=header["signer_name"],
        is_draft=is_draft,
        is_rollup=rollup,
    )


# The CCHC report's outline: the areas of the state administrative reform programme as the
# Ministry of Home Affairs' report outline (đề cương báo cáo CCHC, Văn bản 581/BNV-CCHC) lists
# them, each filled from the portal's figures, then the results of the PAR and satisfaction
# indices. The codes are the reform plan's areas (reforms/reference.py).
AREA_OUTLINE = (
    ("direction", gettext_lazy("1. Direction and management")),
    ("institutions", gettext_lazy("2. Institutional reform")),
    ("procedures", gettext_lazy("3. Administrative procedure reform")),
    ("apparatus", gettext_lazy("4. Reform of the administrative apparatus")),
    ("civil-service", gettext_lazy("5. Civil service reform")),
    ("public-finance", gettext_lazy("6. Public finance reform")),
    ("digital-government", gettext_lazy("7. E-government and digital government")),
    ("indices", gettext_lazy("8. Results of the PAR index and the satisfaction index")),
)
AREA_CODES = tuple(code for code, _title in AREA_OUTLINE)


def _collected_blocks(collected, blocks):
    """Which units below reported to this unit for the period, and which have not."""
    if collected["round"] is None:
        blocks.append(
            Paragraph(
                _("The unit did not ask the units below it for this report in the portal."),
                italic=True,
            )
        )
        return
    submitted = ", ".join(report["unit"] for report in collected["reports"])
    blocks.append(
        Paragraph(
            _("Reports received from %(count)s units: %(units)s.")
            % {"count": n(len(collected["reports"])), "units": submitted or "—"}
        )
    )
    if collected["missing"]:
        blocks.append(
            Paragraph(
                _("Not yet submitted (%(count)s units): %(units)s.")
                % {"count": n(len(collected["missing"])), "units": ", ".join(collected["missing"])}
            )
        )


def _area_tasks(area, blocks):
    """The reform plan's tasks of one area, as the area's first paragraph."""
    if not area or not area["total"]:
        blocks.append(Paragraph(_("The reform plan has no task in this area.")))
        return
    blocks.append(
        Paragraph(
            _(
                "Reform plan: %(done)s of %(total)s tasks of this area done (%(rate)s), "
                "%(late)s of them after their deadline; %(overdue)s overdue."
            )
            % {
                "done": n(area["done"]),
                "total": n(area["total"]),
                "rate": pct(area["rate"]),
                "late": n(area["done_late"]),
                "overdue": n(area["overdue"]),
            }
        )
    )


def points(value):
    """ "99,00": a PAR index total as the scorecards write it."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def _index_blocks(figures, blocks):
    """The PAR index of the previous year (when one is finalised) and the counter survey."""
    index = figures.get("par_index")
    if index:
        blocks.append(
            Paragraph(
                _(
                    "PAR index %(year)s: %(total)s points of %(max)s, ranked %(rank)s of "
                    "%(count)s units."
                )
                % {
                    "year": index["year"],
                    "total": points(index["total"]),
                    "max": points(index["max"]),
                    "rank": index["rank"] or "—",
                    "count": n(index["count"]),
                }
            )
        )
    else:
        blocks.append(Paragraph(_("No PAR index has been finalised for the unit yet.")))
    text = satisfaction_text(figures.get("satisfaction"))
    blocks.append(
        Paragraph(text or _("No satisfaction survey at the one-stop counter in the period."))
    )


def _plan_blocks(figures, blocks, *, year, as_of, rollup):
    plan = figures["plan"]
    blocks.append(Heading(_("a) Reform plan of %(year)s") % {"year": year}, level=3))
    values = {
        "year": year,
        "total": n(plan["total"]),
        "as_of": as_of,
        "done": n(plan["done"]),
        "rate": pct(plan["rate"]),
        "late": n(plan["done_late"]),
        "overdue": n(plan["overdue"]),
    }
    if rollup:
        blocks.append(
            Paragraph(
                _(
                    "%(plans)s of %(units)s units have a reform plan for %(year)s, with %(total)s "
                    "tasks in all; by %(as_of)s, %(done)s were done (%(rate)s), %(late)s of them "
                    "after their deadline; %(overdue)s tasks are overdue."
                )
                % {**values, "plans": n(plan["plans"]), "units": n(figures["units"])}
            )
        )
    elif not plan["plans"]:
        blocks.append(
            Paragraph(_("The unit has no reform plan for %(year)s in the portal.") % values)
        )
        return
    else:
        issued = (
            _(" (document %(number)s of %(date)s)")
            % {"number": plan["document"], "date": date_text(plan["document_date"])}
            if plan["document"]
            else ""
        )
        blocks.append(
            Paragraph(
                _(
                    "The reform plan for %(year)s%(issued)s has %(total)s tasks; by %(as_of)s, "
                    "%(done)s were done (%(rate)s), %(late)s of them after their deadline; "
                    "%(overdue)s tasks are overdue."
                )
                % {**values, "issued": issued}
            )
        )
    if plan["areas"]:
        blocks.append(
            Table(
                key="plan_areas",
                title=_("Tasks by reform area"),
                sheet=_("Plan by area"),
                columns=[
                    Column("area", _("Reform area"), "text"),
                    Column("total", _("Tasks")),
                    Column("done", _("Done")),
                    Column("done_late", _("of which late")),
                    Column("overdue", _("Overdue")),
                    Column("rate", _("Completion rate"), "percent"),
                ],
                rows=[
                    [a["name"], a["total"], a["done"], a["done_late"], a["overdue"], a["rate"]]
                    for a in plan["areas"]
                ],
                total=[
                    _("Total"),
                    plan["total"],
                    plan["done"],
                    plan["done_late"],
                    plan["overdue"],
                    plan["rate"],
                ],
            )
        )
    if plan["overdue_tasks"]:
        blocks.append(Paragraph(_("Overdue tasks:")))
        for task in plan["overdue_tasks"]:
            blocks.append(
                Paragraph(
                    _("- %(title)s (%(area)s; deadline %(deadline)s).")
                    % {
                        "title": task["title"],
                        "area": task["area"],
                        "deadline": date_text(task["deadline"]),
                    },
                    bullet=True,
                )
            )


def _document_blocks(figures, blocks, *, rollup):
    documents = figures["documents"]
    blocks.append(Heading(_("b) Documents issued"), level=3))
    if not documents["total"]:
        blocks.append(Paragraph(_("No document issued in the period is recorded in the portal.")))
        return
    kinds = ", ".join(
        f"{n(item['count'])} {document_kind_label(item['kind'])}" for item in documents["by_kind"]
    )
    text = (
        _("In the period the units issued %(total)s documents: %(kinds)s.")
        if rollup
        else _("In the period the unit issued %(total)s documents: %(kinds)s.")
    )
    blocks.append(Paragraph(text % {"total": n(documents["total"]), "kinds": kinds}))
    for item in documents["items"]:
        blocks.append(
            Paragraph(
                _("- %(number)s of %(date)s: %(title)s")
                % {
                    "number": item["number"],
                    "date": date_text(item["issued_on"]),
                    "title": item["title"],
                },
                bullet=True,
            )
        )


def _outreach_blocks(figures, blocks, *, year):
    outreach = figures["outreach"]
    blocks.append(Heading(_("c) Outreach on administrative reform"), level=3))
    values = {
        "meetings": n(outreach["meetings_with_reform"]),
        "held": n(outreach["meetings_held"]),
        "year": year,
        "participants": n(outreach["participants"]),
        "other": n(outreach["other_activities"]),
    }
    if outreach["meetings_held"] is not None:
        text = _(
            "Reform content was carried in %(meetings)s meetings (of the %(held)s meetings held "
            "in %(year)s); %(other)s other outreach activities (web page, social networks, "
            "loudspeakers…); %(participants)s participants in all."
        )
    else:
        text = _(
            "Reform content was carried in %(meetings)s meetings (the number of meetings held "
            "in %(year)s is not recorded); %(other)s other outreach activities (web page, social "
            "networks, loudspeakers…); %(participants)s participants in all."
        )
    blocks.append(Paragraph(text % values))


def _intake_blocks(figures, blocks):
    intake = figures["intake"]
    blocks.append(
        Paragraph(
            _(
                "Dossiers to resolve: %(total)s (%(carried)s carried over, %(received)s newly "
                "received: %(online)s online, %(counter)s at the counter, %(postal)s by postal "
                "service). Resolved: %(resolved)s (%(early)s early, %(on_time)s on time, %(late)s "
                "late); pending at the end of the period: %(pending)s (%(overdue)s overdue). "
                "Processed on the electronic one-stop system: %(electronic)s, on paper: "
                "%(paper)s; results returned by public postal service: %(returned)s."
            )
            % {
                "total": n(intake["total"]),
                "carried": n(intake["carried_over"]),
                "received": n(intake["received_total"]),
                "online": n(intake["received_online"]),
                "counter": n(intake["received_counter"]),
                "postal": n(intake["received_postal"]),
                "resolved": n(intake["resolved_total"]),
                "early": n(intake["resolved_early"]),
                "on_time": n(intake["resolved_on_time"]),
                "late": n(intake["resolved_late"]),
                "pending": n(intake["pending_total"]),
                "overdue": n(intake["pending_overdue"]),
                "electronic": n(intake["processed_electronically"]),
                "paper": n(intake["processed_on_paper"]),
                "returned": n(intake["returned_by_postal"]),
            }
        )
    )
    blocks.append(
        Table(
            key="intake_rates",
            title=_("Rates computed from the figures"),
            sheet=_("Procedure rates"),
            columns=[
                Column("rate", _("Rate"), "text"),
                Column(
                    "parts",
                    _("Computed from"),
                    "ratio",
                    parts=(_("Dossiers counted"), _("Out of dossiers")),
                ),
                Column("value", _("Value"), "percent"),
            ],
            rows=[
                [
                    _("Online rate (received online ÷ received)"),
                    (intake["received_online"], intake["received_total"]),
                    intake["online_rate"],
                ],
                [
                    _("On-time rate (early and on time ÷ resolved)"),
                    (intake["resolved_on_time_or_early"], intake["resolved_total"]),
                    intake["on_time_rate"],
                ],
                [
                    _("Electronic-processing rate (on the one-stop system ÷ all dossiers)"),
                    (intake["processed_electronically"], intake["total"]),
                    intake["electronic_rate"],
                ],
                [
                    _("Postal-return rate (returned by post ÷ resolved)"),
                    (intake["returned_by_postal"], intake["resolved_total"]),
                    intake["postal_return_rate"],
                ],
            ],
        )
    )
    blocks.append(Paragraph(_("Figures by procedure field: see Appendix 1."), italic=True))


def satisfaction_text(survey):
    """The paragraph on the counter survey, or "" when there is nothing to say."""
    if not survey or (not survey["responses"] and not survey["counters"]):
        return ""
    if not survey["responses"]:
        return _("No citizen took the satisfaction survey at the one-stop counter in the period.")
    if survey["rate"] is None:
        return _(
            "In the period, %(count)s organisations and citizens took the satisfaction survey "
            "at the one-stop counter: too few answers for the satisfaction rate to be computed."
        ) % {"count": n(survey["responses"])}
    text = _(
        "In the period, %(count)s organisations and citizens took the satisfaction survey at "
        "the one-stop counter; the share satisfied and very satisfied was %(rate)s."
    ) % {"count": n(survey["responses"]), "rate": pct(Decimal(survey["rate"]))}
    if survey["reasons"]:
        reasons = "; ".join(f"{reason} ({n(count)})" for reason, count in survey["reasons"])
        text += " " + _("The main reasons for dissatisfaction: %(reasons)s.") % {"reasons": reasons}
    return text


def _digital_blocks(figures, blocks):
    digital = figures["digital"]
    blocks.append(
        Table(
            key="digital",
            title=_("E-government figures"),
            sheet=_("E-government"),
            columns=[
                Column("indicator", _("Indicator"), "text"),
                Column("value", pgettext("figure", "Number")),
                Column("share", _("Share"), "percent"),
            ],
            rows=[
                [_("Outgoing documents"), digital["documents_total"], None],
                [
                    _("of which sent electronically"),
                    digital["documents_electronic"],
                    digital["electronic_document_share"],
                ],
                [
                    _("of which digitally signed"),
                    digital["documents_signed"],
                    digital["signed_share"],
                ],
                [_("signed and sent interconnected"), digital["documents_interconnected"], None],
                [_("signed and sent internally"), digital["documents_internal"], None],
                [
                    _("signed, sent neither interconnected nor internally"),
                    digital["documents_unaccounted"],
                    None,
                ],
                [_("Officials in post"), digital["officials_in_post"], None],
                [
                    _("of whom with a one-stop account"),
                    digital["officials_with_account"],
                    digital["account_share"],
                ],
                [_("Posts on the unit's web page"), digital["web_posts"], None],
            ],
        )
    )


def _model_blocks(figures, blocks, *, year, rollup):
    models = figures["models"]
    blocks.append(Heading(_("đ) Reform models and initiatives"), level=3))
    if not models["total"]:
        blocks.append(Paragraph(_("No reform model is recorded for %(year)s.") % {"year": year}))
        return
    blocks.append(
        Paragraph(
            _(
                "%(total)s reform models in %(year)s: %(effective)s evaluated effective, "
                "%(partly)s partly effective, %(not_effective)s not effective, %(not_evaluated)s "
                "not yet evaluated."
            )
            % {
                "total": n(models["total"]),
                "year": year,
                "effective": n(models.get("effective", 0)),
                "partly": n(models.get("partly", 0)),
                "not_effective": n(models.get("not_effective", 0)),
                "not_evaluated": n(models.get("not_evaluated", 0)),
            }
        )
    )
    columns = [
        Column("number", _("No."), "text"),
        Column("name", _("Model"), "text"),
    ]
    if rollup:
        columns.append(Column("unit", _("Unit"), "text"))
    columns += [
        Column("state", _("State"), "text"),
        Column("effectiveness", _("Evaluation"), "text"),
        Column("reason", _("Reasons"), "text"),
    ]
    rows = []
    for index, item in enumerate(models["items"], start=1):
        row = [str(index), item["name"]]
        if rollup:
            row.append(item["unit"])
        row += [
            model_state_label(item["state"]),
            model_effectiveness_label(item["effectiveness"]),
            item["reason"],
        ]
        rows.append(row)
    blocks.append(
        Table(
            key="models",
            title=_("Reform models"),
            sheet=_("Reform models"),
            columns=columns,
            rows=rows,
        )
    )


def _recommendation_counts(totals):
    """The recommendation totals as the sentences of section 7 write them."""
    keys = ("total", "accepted", "submitted", "open", "overdue")
    return {key: n(totals[key]) for key in keys}


def _inspection_blocks(figures, blocks, *, rollup):
    inspections = figures["inspections"]
    blocks.append(Heading(_("d) Inspections and remediation"), level=3))
    totals = inspections["recommendations"]
    if not inspections["count"]:
        blocks.append(Paragraph(_("No inspection with an issued conclusion in the period.")))
        if totals["total"]:
            # Addressed to the unit by another unit's inspection (e.g. the city's).
            blocks.append(
                Paragraph(
                    _(
                        "Recommendations addressed by the inspections held in the period: "
                        "%(total)s: %(accepted)s remediated and accepted, %(submitted)s "
                        "awaiting review, %(open)s still to remediate; %(overdue)s past "
                        "their deadline."
                    )
                    % _recommendation_counts(totals)
                )
            )
        return
    summary = _(
        "%(count)s inspections in the period, with %(total)s recommendations: %(accepted)s "
        "remediated and accepted, %(submitted)s awaiting review, %(open)s still to remediate; "
        "%(overdue)s past their deadline."
    ) % {"count": n(inspections["count"]), **_recommendation_counts(totals)}
    blocks.append(Paragraph(summary))
    if rollup:
        blocks.append(
            Table(
                key="inspections",
                title=_("Inspections in the period"),
                sheet=_("Inspections"),
                columns=[
                    Column("unit", _("Unit inspected"), "text"),
                    Column("date", _("Visit date"), "date"),
                    Column("kind", _("Kind"), "text"),
                    Column("total", _("Recommendations")),
                    Column("accepted", _("Accepted")),
                    Column("submitted", _("Awaiting review")),
                    Column("open", pgettext("recommendations", "To remediate")),
                    Column("overdue", _("Overdue")),
                ],
                rows=[
                    [
                        item["unit"],
                        item["date"],
                        inspection_kind_label(item["kind"]),
                        item["recommendations"]["total"],
                        item["recommendations"]["accepted"],
                        item["recommendations"]["submitted"],
                        item["recommendations"]["open"],
                        item["recommendations"]["overdue"],
                    ]
                    for item in inspections["items"]
                ],
                total=[
                    _("Total"),
                    None,
                    "",
                    totals["total"],
                    totals["accepted"],
                    totals["submitted"],
                    totals["open"],
                    totals["overdue"],
                ],
            )
        )
        return
    for index, item in enumerate(inspections["items"], start=1):
        notice = (
            _(", conclusion notice %(number)s of %(date)s")
            % {"number": item["notice_number"], "date": date_text(item["notice_date"])}
            if item["notice_number"]
            else ""
        )
        blocks.append(
            Paragraph(
                _("Inspection of %(date)s (%(kind)s)%(notice)s:")
                % {
                    "date": date_text(item["date"]),
                    "kind": inspection_kind_label(item["kind"]),
                    "notice": notice,
                }
            )
        )
        if item["recommendation_items"]:
            blocks.append(
                Table(
                    key=f"recommendations_{index}",
                    sheet=_("Recommendations %(date)s")
                    % {"date": date_text(item["date"]).replace("/", "-")},
                    title=_("Recommendations of the inspection of %(date)s")
                    % {"date": date_text(item["date"])},
                    columns=[
                        Column("number", _("No."), "text"),
                        Column("text", _("Recommendation"), "text"),
                        Column("due_on", _("Deadline"), "date"),
                        Column("status", _("Remediation"), "text"),
                    ],
                    rows=[
                        [
                            str(rec["number"]),
                            rec["text"],
                            rec["due_on"],
                            recommendation_status_label(rec),
                        ]
                        for rec in item["recommendation_items"]
                    ],
                )
            )


def _flag_blocks(figures, blocks, *, rollup):
    flags = figures["flags"]
    if not flags["items"] and not flags["missing_months"]:
        return
    blocks.append(Paragraph(_("Figures in the portal still to check:")))
    for item in flags["missing_months"]:
        months = ", ".join(month_text(month) for month in item["months"])
        text = (
            _("- %(unit)s: no procedure figures entered for %(months)s.")
            if rollup
            else _("- No procedure figures entered for %(months)s.")
        )
        blocks.append(Paragraph(text % {"unit": item["unit"], "months": months}, bullet=True))
    for item in flags["items"]:
        text = _("- %(unit)s, %(month)s: %(message)s") if rollup else _("- %(month)s: %(message)s")
        blocks.append(
            Paragraph(
                text
                % {
                    "unit": item["unit"],
                    "month": month_text(item["month"]),
                    "message": item["message"],
                },
                bullet=True,
            )
        )


INTAKE_COLUMNS = (
    ("total", "count"),
    ("carried_over", "count"),
    ("received_online", "count"),
    ("received_counter", "count"),
    ("received_postal", "count"),
    ("resolved_total", "count"),
    ("resolved_early", "count"),
    ("resolved_on_time", "count"),
    ("resolved_late", "count"),
    ("pending_total", "count"),
    ("pending_within_deadline", "count"),
    ("pending_overdue", "count"),
    ("processed_electronically", "count"),
    ("returned_by_postal", "count"),
)


def period_days_text(period):
    """ "15/12/2021 – 14/09/2022": the days a report's figures cover. Reports frozen before
    the data windows (no `first_day`) covered calendar months."""
    if period.get("first_day"):
        return f"{date_text(period['first_day'])} – {date_text(period['last_day'])}"
    first, last = parse_day(period["first_month"]), parse_day(period["last_month"])
    return f"{date_text(first)} – {date_text(month_end(last))}"


def _intake_table(figures):
    """Appendix 1: the official periodic report's columns, one row per procedure field."""
    period = figures["period"]
    labels = {
        "total": _("Total"),
        "carried_over": _("Carried over from last period"),
        "received_online": _("Online"),
        "received_counter": _("Directly at the counter"),
        "received_postal": _("By public postal service"),
        "resolved_total": _("Total resolved"),
        "resolved_early": _("Early"),
        "resolved_on_time": _("On time"),
        "resolved_late": _("Late"),
        "pending_total": _("Total pending"),
        "pending_within_deadline": _("Within deadline"),
        "pending_overdue": _("Overdue"),
        "processed_electronically": _("Processed on the electronic one-stop system"),
        "returned_by_postal": _("Results returned by public postal service"),
    }
    columns = [Column("field", _("Procedure field"), "text")] + [
        Column(key, labels[key], type_) for key, type_ in INTAKE_COLUMNS
    ]
    header = [
        [
            HeaderCell(_("Procedure field"), rowspan=3),
            HeaderCell(_("Dossiers to resolve"), colspan=5),
            HeaderCell(_("Results"), colspan=7),
            HeaderCell(labels["processed_electronically"], rowspan=3),
            HeaderCell(labels["returned_by_postal"], rowspan=3),
        ],
        [
            HeaderCell(_("Total"), rowspan=2),
            HeaderCell(labels["carried_over"], rowspan=2),
            HeaderCell(_("Newly received"), colspan=3),
            HeaderCell(_("Resolved"), colspan=4),
            HeaderCell(_("Pending"), colspan=3),
        ],
        [
            HeaderCell(labels["received_online"]),
            HeaderCell(labels["received_counter"]),
            HeaderCell(labels["received_postal"]),
            HeaderCell(_("Total")),
            HeaderCell(labels["resolved_early"]),
            HeaderCell(labels["resolved_on_time"]),
            HeaderCell(labels["resolved_late"]),
            HeaderCell(_("Total")),
            HeaderCell(labels["pending_within_deadline"]),
            HeaderCell(labels["pending_overdue"]),
        ],
    ]
    intake = figures["intake"]
    return Table(
        key="intake_fields",
        sheet=_("Appendix 1 - Procedures"),
        title=_("Appendix 1. Procedure dossiers received and resolved (%(range)s)")
        % {"range": period_days_text(period)},
        columns=columns,
        header=header,
        rows=[
            [row["name"], *(row[key] for key, _type in INTAKE_COLUMNS)]
            for row in figures["intake_fields"]
        ],
        total=[_("Total"), *(intake[key] for key, _type in INTAKE_COLUMNS)],
        landscape=True,
    )


def _unit_table(unit_rows):
    """Appendix 2 of a roll-up: each unit's report and its main figures."""
    return Table(
        key="units",
        title=_("Appendix 2. Reports and main figures by unit"),
        sheet=_("Appendix 2 - Units"),
        columns=[
            Column("unit", _("Unit"), "text"),
            Column("report", _("Report"), "text"),
            Column("submitted_on", _("Submitted on"), "date"),
            Column("tasks", _("Tasks done"), "ratio", parts=(_("Tasks done"), _("Tasks"))),
            Column("completion", _("Completion rate"), "percent"),
            Column("overdue", _("Overdue tasks")),
            Column("received", _("Dossiers received")),
            Column("online_rate", _("Online rate"), "percent"),
            Column("on_time_rate", _("On-time rate"), "percent"),
            Column("electronic_rate", _("Electronic-processing rate"), "percent"),
        ],
        rows=unit_rows,
        landscape=True,
    )


def timeliness_label(report):
    """What a roll-up's unit table says about a unit's report."""
    state = report.timeliness
    if state == "on_time":
        return pgettext("report", "on time")
    if state == "late":
        return pgettext("report", "late")
    return _("not submitted")
