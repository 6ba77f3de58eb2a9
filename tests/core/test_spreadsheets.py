"""No export or template ever carries a live formula made of text a user typed."""

import csv
import datetime
import io
import pathlib
import re

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal import spreadsheets
from procedures.factories import DataFlagFactory, ProcedureFieldFactory, intake
from procedures.models import DataFlag
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformArea, ReformTask
from reports.factories import ReportRoundFactory, UnitReportFactory

D = datetime.date
HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "-2+3", "\t=1", "+1", "\r=2"]
# The formulas the procedures template writes itself: sums of its own cells, nothing else.
TEMPLATE_FORMULA = re.compile(r"^=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+(\+[A-Z]+\d+)+)$")


def _cells(content):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_safe(content, expected):
    """No formula but the template's own; every risky text is quoted and reads as typed."""
    texts = set()
    for cell in _cells(content):
        if cell.data_type == "f":
            assert TEMPLATE_FORMULA.match(cell.value), (cell.parent.title, cell.coordinate)
            continue
        if spreadsheets.is_risky(cell.value):
            assert cell.data_type == "s", (cell.parent.title, cell.coordinate, cell.value)
            assert cell.quotePrefix, (cell.parent.title, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            texts.add(cell.value)
    for text in expected:
        assert any(text in value for value in texts), text


def test_every_workbook_keeps_hostile_text_as_text(
    client_for, city, ward, staff_user, internal_affairs_user
):
    ward.name = "@SUM(A1)"
    ward.save()
    reform_area = area("procedures")
    ReformArea.objects.filter(pk=reform_area.pk).update(name="=1+1")
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(
        plan=plan, area=reform_area, title='=HYPERLINK("http://x","y")', position=1
    )
    ReformTaskFactory(
        parent=general,
        title="=1+1",
        expected_output="-2+3",
        responsible="\t=1",
        note="+1",
        deadline=D(2022, 3, 31),
        status=ReformTask.Status.DONE,
        completed_on=D(2022, 3, 1),
        position=1,
    )
    hostile_field = ProcedureFieldFactory(code="hostile", name="-2+3")
    intake(ward, D(2022, 1, 1), code="hostile", received_counter=4, resolved_on_time=4)
    DataFlagFactory(unit=ward, month=D(2022, 1, 1), kind=DataFlag.Kind.MISSING_MONTH, key="=1+1")
    report = UnitReportFactory(round=ReportRoundFactory(unit=city, year=2022), unit=ward)
    staff = client_for(staff_user)
    period = {"period": "custom", "first": "2022-01", "last": "2022-03"}
    workbooks = {
        "plan export": (
            staff.get(reverse("reforms:plan-export", args=[plan.pk])),
            ['=HYPERLINK("http://x","y")', "=1+1", "-2+3", "\t=1", "+1", "@SUM(A1)"],
        ),
        "plan template": (staff.get(reverse("reforms:plan-import-template")), ["=1+1"]),
        "figures export": (
            staff.get(reverse("procedures:unit-export", args=[ward.pk]), period),
            ["@SUM(A1)", "-2+3"],
        ),
        "figures template": (
            staff.get(
                reverse("procedures:import-template", args=[ward.pk]),
                {"first": "2022-01", "last": "2022-02"},
            ),
            ["@SUM(A1)", "-2+3"],
        ),
        "report": (
            staff.get(reverse("reports:report-download", args=[report.pk, "xlsx"])),
            ["@SUM(A1)"],
        ),
    }
    leader = client_for(internal_affairs_user)
    workbooks["overview"] = (
        leader.get(reverse("dashboards:overview-export"), {"period": "year", "year": 2022}),
        ["@SUM(A1)"],
    )
    workbooks["round roll-up"] = (
        leader.get(reverse("reports:round-rollup-download", args=[report.round.pk, "xlsx"])),
        ["@SUM(A1)"],
    )
    for name, (response, expected) in workbooks.items():
        assert response.status_code == 200, name
        _assert_safe(response.content, expected)
    # The template still sums its own cells: its formulas survive.
    template = _cells(workbooks["figures template"][0].content)
    assert sum(cell.data_type == "f" for cell in template) > 0
    assert hostile_field.name == "-2+3"


def test_a_formula_the_code_did_not_write_becomes_text():
    book = spreadsheets.workbook()
    sheet = book.active
    sheet["A1"] = "=1+1"
    sheet["A2"] = -2
    sheet["A3"] = "#N/A"
    spreadsheets.formula(sheet["A4"], "=SUM(A2:A2)")
    spreadsheets.formula(sheet["A5"], "=A2")
    sheet["A5"] = "=A2+1"  # overwritten after: no longer the trusted formula
    buffer = io.BytesIO()
    book.save(buffer)
    cells = load_workbook(io.BytesIO(buffer.getvalue())).active["A"]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in cells] == [
        ("=1+1", "s", True),
        (-2, "n", False),
        ("#N/A", "s", True),
        ("=SUM(A2:A2)", "f", False),
        ("=A2+1", "s", True),
    ]


def test_csv_fields_are_never_formulas():
    stream = io.StringIO()
    spreadsheets.csv_writer(stream).writerows([["=1+1", "-2+3", -2, "@SUM(A1)", "text"]])
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [
        ["'=1+1", "'-2+3", "-2", "'@SUM(A1)", "text"]
    ]


def test_no_module_builds_a_workbook_or_csv_outside_the_helper():
    """A new export that bypasses cchc_portal/spreadsheets.py fails here."""
    root = pathlib.Path(settings.BASE_DIR)
    apps = ["cchc_portal", "reforms", "procedures", "inspections", "reports", "dashboards"]
    apps += ["notifications"]
    pattern = re.compile(
        r"openpyxl\s+import\s+[^\n]*\bWorkbook\b(?!\w)|openpyxl\.Workbook\(|"
        r"csv\.(writer|DictWriter)\(|xlsxwriter"
    )
    helper = root / "cchc_portal" / "spreadsheets.py"
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if path != helper and pattern.search(path.read_text())
    ]
    assert offenders == []
