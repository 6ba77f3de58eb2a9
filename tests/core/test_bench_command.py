"""`manage.py bench` against a live server: every page's row, its budget, the results file.

The timings themselves are measured by `make bench` (PostgreSQL, gunicorn), never by a test;
these tests check what the command records and that a missed budget fails it.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from .test_bench_queries import PAGES

# The live server reads committed rows; the reference rows of the data migrations (roles,
# reform areas, procedure fields) are restored after each test for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True)

PROVINCE_PAGES = PAGES - {
    "country overview (national user)",
    "province overview (national user)",
    "province overview (province user)",
}


@pytest.fixture
def country():
    call_command("generate_scale_data", provinces=2, wards=2, departments=1, years=1, verbosity=0)


def run(live_server, tmp_path, **options):
    output = tmp_path / "results.json"
    call_command(
        "bench",
        base_url=live_server.url,
        requests=2,
        output=str(output),
        scale_args="--provinces 2",
        stdout=open(tmp_path / "out.txt", "w"),  # noqa: SIM115
        **options,
    )
    return json.loads(output.read_text())


def test_province_rows_carry_the_floor_the_ratio_and_the_budget(live_server, country, tmp_path):
    result = run(
        live_server,
        tmp_path,
        overview_budget=1e9,
        page_budget=1e9,
        pdf_budget=1e9,
        sql_floor_budget=1e9,
    )
    assert result["scale"] == "province"
    assert result["scale_args"] == "--provinces 2"
    assert result["machine"]["cpu_count"] >= 1
    assert set(result["machine"]) == {
        "cpu_count",
        "cpu_model",
        "python",
        "database_version",
        "date",
        "git_commit",
    }
    rows = {row["page"]: row for row in result["pages"]}
    assert set(rows) == PROVINCE_PAGES
    trivial = result["trivial_p50_ms"]
    for row in rows.values():
        assert row["scale"] == "province"
        assert row["sql_floor_ms"] >= 0
        assert row["ratio"] == pytest.approx(row["p95_ms"] / trivial, rel=0.06)
        assert row["misses"] == []
    budgets = {page: row["budget"] for page, row in rows.items() if row["budget"] != "page"}
    assert budgets == {
        "home": "overview",
        "city overview (120 units)": "overview",
        "PAR ranking": "overview",
        "Survey results": "overview",
        "conclusion notice PDF": "pdf",
        "unit summary PDF": "pdf",
    }
    assert result["budgets"] == {
        "p95_ratio": {"overview": 1e9, "page": 1e9, "pdf": 1e9, "national-overview": 48.0},
        "sql_floor_ratio": 1e9,
    }


def test_a_missed_budget_fails_the_command_and_names_the_page(live_server, country, tmp_path):
    with pytest.raises(CommandError) as error:
        run(live_server, tmp_path, overview_budget=1e9, page_budget=0, pdf_budget=1e9)
    message = str(error.value)
    assert message.startswith("Budgets missed: ")
    assert "units (p95" in message
    assert "home (" not in message
    # The results are written all the same, each miss marked.
    result = json.loads((tmp_path / "results.json").read_text())
    missed = {row["page"] for row in result["pages"] if "p95" in row["misses"]}
    assert missed == PROVINCE_PAGES - {
        "home",
        "city overview (120 units)",
        "PAR ranking",
        "Survey results",
        "conclusion notice PDF",
        "unit summary PDF",
    }


def test_national_pages_as_the_national_and_the_province_user(live_server, country, tmp_path):
    result = run(live_server, tmp_path, scale="national", national_overview_budget=1e9)
    rows = {row["page"]: row for row in result["pages"]}
    assert {page: (row["user"], row["path"].split("?")[0]) for page, row in rows.items()} == {
        "country overview (national user)": ("quocgia.bench", "/dashboards/overview/"),
        "province overview (national user)": ("quocgia.bench", "/dashboards/overview/"),
        "province overview (province user)": ("noivu.bench", "/dashboards/overview/"),
    }
    assert rows["province overview (national user)"]["path"].startswith(
        "/dashboards/overview/?within="
    )
    assert {row["budget"] for row in rows.values()} == {"national-overview"}
    assert {row["sql_floor_budget_ratio"] for row in rows.values()} == {None}
    assert result["scale"] == "national"
