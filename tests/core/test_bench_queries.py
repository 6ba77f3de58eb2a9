"""Every page `make bench` measures runs the same number of SQL queries whatever the size.

The pages are the ones the apps' `bench.py` modules list (province pages as the province's
internal affairs, national pages as the national and the province user). Each is requested
on a small country built by `generate_scale_data` (2 provinces of 2 wards and a department,
two years: every list has rows), then again after the same generators added wards,
departments and two earlier years to every province: a page whose query count grew loops over units or rows, and at national
scale (4,000 units, 5 years) that is thousands of round trips.
"""

import datetime
import random

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cchc_portal import summaries
from cchc_portal.management.commands.bench import SCALES, Command, page_entries
from cchc_portal.management.commands.generate_scale_data import Command as Generate
from cchc_portal.models import Unit, User

# The module's fixture writes to the test database (the mark has it set up).
pytestmark = pytest.mark.django_db

# Every page the bench modules list; a page added to a bench.py must be added here.
PAGES = {
    "home",
    "units",
    "reform plans",
    "reform plan (30 tasks)",
    "procedure figures, all units",
    "unit figures (subtree)",
    "unit figures (ward)",
    "settlement form 06 (subtree)",
    "report rounds",
    "reporting calendar",
    "inspections",
    "inspection detail",
    "conclusion notice PDF",
    "recommendations",
    "review queue",
    "city overview (120 units)",
    "unit dashboard",
    "unit summary",
    "unit summary PDF",
    "remediation board",
    "audit log",
    "people",
    "people export",
    "PAR index rounds",
    "PAR scorecard",
    "PAR appraisal",
    "PAR ranking",
    "Survey results",
    "Survey counters",
    "Survey phone page",
    "Survey tablet page",
    "country overview (national user)",
    "province overview (national user)",
    "province overview (province user)",
}

# Pages whose query count still grows with the data, {label: why}: each is an xfail that
# names the page (strict: it fails once fixed, so the entry is removed). None at present.
GROWING = {}


def bench_pages():
    """{label: (username, path)} of every page the bench measures, at both scales."""
    modules = Command.modules()
    found = {}
    for scale in SCALES.values():
        for username in scale["users"]:
            user = User.objects.get(username=username)
            for module in modules:
                for label, path, _budget in page_entries(module, scale["hook"], user):
                    assert label not in found, f"two bench pages are labelled {label!r}"
                    found[label] = (username, path)
    return found


def grow():
    """More of everything: 3 wards and a department more per province, two earlier years."""
    last_year = datetime.date.today().year
    years = [last_year - 3, last_year - 2]
    for province in Unit.objects.filter(parent=None).order_by("path"):
        number = province.code.rsplit("-", 1)[-1]
        for n in range(1, 5):
            Unit.objects.create(
                name=f"Đơn vị thêm {number}-{n}",
                code=f"bench-extra-{number}-{n}",
                kind=Unit.Kind.DEPARTMENT if n == 4 else Unit.Kind.WARD,
                parent=province,
            )
        units = list(Unit.objects.filter(parent=province).order_by("path"))
        for _name, module in Generate.generators():
            module.generate(units=units, years=years, rng=random.Random(7))
    summaries.rebuild_all()


def query_counts(client):
    """{label: number of queries} of every bench page, as its account."""
    counts = {}
    for label, (username, path) in bench_pages().items():
        client.force_login(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[label] = len(queries.captured_queries)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page's query count on the small country and after it grew, measured once for
    the module (in a transaction rolled back at the end)."""
    # What tests/conftest.py sets per test: the pages need plain static files and a fast hasher.
    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        call_command(
            "generate_scale_data", provinces=2, wards=2, departments=1, years=2, verbosity=0
        )
        labels = set(bench_pages())
        small = query_counts(Client())
        grow()
        large = query_counts(Client())
        transaction.set_rollback(True)
    return {"labels": labels, "small": small, "large": large}


def test_the_list_names_every_bench_page(counts):
    assert counts["labels"] == PAGES


@pytest.mark.parametrize(
    "label",
    [
        pytest.param(label, marks=pytest.mark.xfail(reason=GROWING[label], strict=True))
        if label in GROWING
        else label
        for label in sorted(PAGES)
    ],
)
def test_query_count_does_not_grow_with_the_data(counts, label):
    assert (label, counts["large"][label]) == (label, counts["small"][label])
