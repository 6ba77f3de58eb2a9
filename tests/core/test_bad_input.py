"""Bad input, property-based (issue 13): random text, huge and negative numbers, malformed
dates and months, NUL and control characters, bidirectional controls, HTML and script, thrown
at every GET parameter of every page and at every form. The answer is a page (200), a
redirect (302, a safe save), a 400 or a 404: never a 500. Stored text renders escaped.

Nothing here is a hand-kept list of pages. The pages come from the access matrix
(tests/core/access_matrix.py): every URL some role may GET is asked with random query
parameters, as that role; every URL whose permitted empty POST re-shows a form (200) is a
form, and gets random values in the fields its page offers. The parameter names come from
the code: every `request.GET.get("…")`, `query_int/query_month(request.GET, "…")`, and the
fields of every form or FilterSet built from `request.GET` (the period's too), so a new
parameter is thrown at every page as soon as it is written.

The records are access_world.World's, built once for the module; each request runs in a
savepoint that is rolled back, so every example sees the same records.
"""

import ast
import contextlib
import copy
import html
import importlib
import inspect
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cchc_portal.figures.periods import PeriodForm

from .access_matrix import ROWS
from .access_world import PRINCIPALS, World

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cchc_portal", "reforms", "procedures", "inspections", "reports", "notifications",
        "par_index", "dashboards", "audit")  # fmt: skip
# The period every figures page reads (cchc_portal/figures/periods.py).
PERIOD_READERS = {"resolve_period", "requested_period"}
# Not pages: signing out, switching the language.
NOT_FUZZED = {"logout", "set_language"}

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
NASTY = (
    "",
    " ",
    "0",
    "-1",
    "-0",
    "-99999999999999999999",
    "1" + "0" * 40,
    "10000",
    "9999",
    "0001",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "1,5",
    "²",
    "١٢",
    "0x1F",
    "2022-13",
    "2022-00",
    "9999-12",
    "0001-01",
    "10000-01",
    "2022-02-30",
    "31/12/2022",
    "2022-1",
    "-2022-01",
    "2022-10-01",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "1900-02-29",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\u202eevil",
    "\u2066x\u2069",
    "\u200f",
    SCRIPT,
    IMAGE,
    "' OR '1'='1",
    "{{ 7|add:1 }}",
    "%(x)s%n",
    "x" * 3000,
)
nasty = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: f"{day.year}-{day.month:02d}"),
)
# A few examples per page keep the module near a minute; BAD_INPUT_EXAMPLES=200 digs deeper.
EXAMPLES = hypothesis_settings(
    max_examples=int(os.environ.get("BAD_INPUT_EXAMPLES", "6")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Django's messages that its Vietnamese catalogue leaves untranslated: a form error must not
# be one of them (cchc_portal/inputs.py DJANGO_MESSAGES translates those a form can show).
UNTRANSLATED = (
    "Null characters are not allowed",
    "valid “slug”",
    "is not a valid value",
    "value has an invalid",
    "value has the correct format",
    "must be a decimal number",
    "Allowed extensions are",
    "valid JSON",
)


# --- the parameters, from the code --------------------------------------------------------

GET_CALL = re.compile(r"request\.GET\.get\(\s*\"(\w+)\"")
HELPER_CALL = re.compile(r"query_\w+\(\s*request\.GET\s*,\s*\"(\w+)\"")
BUILT_FROM_GET = re.compile(r"(\w+)\(\s*request\.GET\b")
NAME_LOOPS = re.compile(r"for name in \(([^)]*)\):\s*\n\s*if query_int\(request\.GET, name\)")
PARAM_HELPERS = {"int_param": re.compile(r"int_param\(\s*request\s*,\s*\"(\w+)\"")}


def _view_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            text = path.read_text()
            if "request" in text:
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                yield module, text


def _fields_of(obj):
    """The query-parameter names a form class or FilterSet class reads."""
    if inspect.isclass(obj) and issubclass(obj, django_filters.FilterSet):
        return set(obj.base_filters)
    if inspect.isclass(obj) and issubclass(obj, forms.BaseForm):
        return set(obj.base_fields)
    return set()


def _lookup(module_name, name):
    """The object `name` as the module sees it, or among the apps' forms and filters."""
    module = importlib.import_module(module_name)
    if hasattr(module, name):
        return getattr(module, name)
    for app in APPS:
        for suffix in ("forms", "filters"):
            with contextlib.suppress(ImportError):
                other = importlib.import_module(f"{app}.{suffix}")
                if hasattr(other, name):
                    return getattr(other, name)
    return None


def query_parameters():
    """Every query-parameter name a view reads, found in the source."""
    names = {"year"}  # query_year(request.GET) reads "year" by default
    for module, text in _view_sources():
        names |= set(GET_CALL.findall(text)) | set(HELPER_CALL.findall(text))
        for pattern in PARAM_HELPERS.values():
            names |= set(pattern.findall(text))
        for loop in NAME_LOOPS.findall(text):
            names |= {ast.literal_eval(item.strip()) for item in loop.split(",") if item.strip()}
        for called in BUILT_FROM_GET.findall(text):
            if called in PERIOD_READERS:
                names |= set(PeriodForm.base_fields)
            elif not called.startswith("query_"):
                names |= _fields_of(_lookup(module, called))
    return sorted(names)


PARAMETERS = query_parameters()


def test_the_parameters_are_found_in_the_code():
    """The scan finds what the issue names, so it can be trusted to find the next one."""
    expected = {"period", "year", "first", "last", "quarter", "month", "page", "sort", "unit",
                "within", "state", "kind", "status", "area", "scope", "show", "queue_page",
                "units_page", "q", "parent", "finding", "plan", "effectiveness", "overdue",
                "username", "record_type", "object_id", "action", "since", "until", "unread",
                "download", "inline"}  # fmt: skip
    assert expected <= set(PARAMETERS), sorted(expected - set(PARAMETERS))


# How a view may read the query string so that the scan above sees the name.
UNDERSTOOD = re.compile(
    r"request\.GET\.get\(\s*\"\w+\""  # request.GET.get("name")
    r"|query_\w+\(\s*request\.GET\s*(,\s*\"\w+\"|\))"  # query_int(request.GET, "name")
    r"|\w+\(\s*request\.GET( or None)?\s*[,)]"  # SomeForm(request.GET, ...)
    r"|^\s*request\.GET( or None)?,"  # the same, its arguments on their own lines
    r"|query_int\(request\.GET, name\)"  # int_param and the loops NAME_LOOPS reads
)


def test_every_read_of_the_query_string_is_one_the_scan_understands():
    """A view reading `request.GET["x"]` or `getlist("x")` would escape the scan: write
    it as one of the UNDERSTOOD forms (or teach query_parameters the new one)."""
    unknown = [
        f"{module}: {line.strip()}"
        for module, text in _view_sources()
        for line in text.splitlines()
        if "request.GET" in line and not UNDERSTOOD.search(line)
    ]
    assert not unknown, unknown


# --- the pages, from the access matrix ----------------------------------------------------


def _first_permitted(row, method, answer):
    """The first principal whose answer for the row's inside record is `answer`."""
    answers = row.expected(method)
    for principal in (*PRINCIPALS[1:], PRINCIPALS[0]):  # anonymous last: the login page
        if answers[principal][0] == answer:
            return principal
    return None


def pages():
    """(url name, principal) of every URL some principal may GET (200)."""
    found = []
    for name, row in sorted(ROWS.items()):
        principal = _first_permitted(row, "GET", "200")
        if principal and name not in NOT_FUZZED:
            found.append((name, principal))
    return found


def form_pages():
    """(url name, principal) of every form: a permitted empty POST re-shows it (200)."""
    found = []
    for name, row in sorted(ROWS.items()):
        principal = _first_permitted(row, "POST", "200")
        if principal and name not in NOT_FUZZED:
            found.append((name, principal))
    return found


@contextlib.contextmanager
def rolled_back():
    """A savepoint undone afterwards, marked as a test's own so that the services' durable
    atomic blocks still run inside it (as in test_access_matrix)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        yield
        transaction.set_rollback(True)


class Portal:
    def __init__(self, world, clients, blocker, media):
        self.world = world
        self.clients = clients
        self.blocker = blocker
        self.media = media
        self.forms = {}

    def url(self, name, principal):
        kind = ROWS[name].kind
        if kind is None:
            return reverse(name)
        return reverse(name, kwargs=self.world.kwargs(kind, principal, True))

    @contextlib.contextmanager
    def session(self, principal):
        client = self.clients[principal]
        cookies = client.cookies
        client.cookies = copy.deepcopy(cookies)
        try:
            with self.blocker.unblock(), override_settings(MEDIA_ROOT=self.media), rolled_back():
                yield client
        finally:
            client.cookies = cookies


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    test_settings = override_settings(
        MEDIA_ROOT=media,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        world = World()
        clients = {principal: Client(raise_request_exception=False) for principal in PRINCIPALS}
        for principal, user in world.users.items():
            clients[principal].force_login(user)
        yield Portal(world, clients, django_db_blocker, media)
        transaction.set_rollback(True)


def assert_safe(response, method, url, data):
    assert response.status_code < 500, (
        f"{method} {url} answered {response.status_code} with {data!r}"
    )
    assert response.status_code in (200, 302, 400, 404), (
        f"{method} {url} answered {response.status_code} with {data!r}"
    )


# --- (a) every GET parameter of every page ------------------------------------------------


@pytest.mark.parametrize(("name", "principal"), pages())
@EXAMPLES
# The cases of issue 13, on every page, besides the random ones.
@example(query={"year": "10000", "page": "-1", "sort": SCRIPT, "q": "a\x00b"})
@example(query={"year": "9" * 20, "period": "month", "month": "13", "unit": "1" * 40})
@example(query={"first": "9999-12", "last": "0001-01", "period": "custom"})
@example(query={"first": "0001-01", "last": "9999-12", "period": "custom", "within": "-1"})
@given(query=st.dictionaries(st.sampled_from(PARAMETERS), nasty, min_size=1, max_size=6))
def test_no_query_string_breaks_a_page(portal, name, principal, query):
    with portal.session(principal) as client:
        url = portal.url(name, principal)
        response = client.get(url, query)
        assert_safe(response, "GET", url, query)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            body = response.content.decode()
            for value in query.values():
                assert SCRIPT not in value or SCRIPT not in body, f"GET {url} {query!r}"
                assert IMAGE not in value or IMAGE not in body, f"GET {url} {query!r}"


# --- (b) every form -----------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the page's POST forms that submit to the page itself: {name: field},
    a field being {"tag", "type", "value", "options"} (options of a select, values of radio
    buttons and checkboxes)."""

    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.fields = {}
        self.in_form = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or "").path
            self.in_form = (attrs.get("method") or "").lower() == "post" and action in (
                "",
                self.path,
            )
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            field = self.fields.setdefault(
                name, {"tag": tag, "type": kind, "value": None, "options": []}
            )
            if kind in ("checkbox", "radio"):
                field["options"].append(attrs.get("value") or "on")
                if "checked" in attrs:
                    field["value"] = attrs.get("value") or "on"
            else:
                field["value"] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = self.fields.setdefault(
                name, {"tag": tag, "type": "select", "value": None, "options": []}
            )
            self.select["multiple"] = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["value"] = value
        elif tag == "textarea" and name:
            self.textarea = self.fields.setdefault(
                name, {"tag": tag, "type": "textarea", "value": "", "options": []}
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def page_fields(portal, name, principal):
    """(url, fields) of a form page, read once for the module (every request is rolled
    back, so the page, its version fields included, stays what it was)."""
    key = (name, principal)
    if key not in portal.forms:
        portal.forms[key] = _read_fields(portal, name, principal)
    return portal.forms[key]


def _read_fields(portal, name, principal):
    with portal.session(principal) as client:
        url = portal.url(name, principal)
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} as {principal}: {response.status_code}"
        parser = FormFields(urlsplit(url).path)
        parser.feed(response.content.decode())
        return url, parser.fields


def page_values(fields):
    """What the page would send as it stands: its own values, a select's first real choice."""
    data = {}
    for name, field in fields.items():
        if field["type"] == "file":
            continue
        value = field["value"]
        if not value and field["type"] == "select":
            choices = [option for option in field["options"] if option]
            value = choices[0] if choices else ""
        if value is not None:
            data[name] = value
    return data


TEXT_TYPES = ("text", "textarea", "search", "email", "url", "tel")
# What a user types in an empty field of each kind.
TYPED = {"number": "1", "date": "2030-06-15", "month": "2022-06", "email": "a@example.com",
         "url": "https://example.com/", **dict.fromkeys(TEXT_TYPES[:2], "Nội dung thử")}  # fmt: skip


def filled_in(fields):
    """The page's own values, an empty field filled as a user would."""
    data = page_values(fields)
    for name, field in fields.items():
        if field["type"] in TYPED and not str(data.get(name) or "").strip():
            data[name] = TYPED[field["type"]]
    return data


CRAFTED_NAMES = ("a.pdf", "setup.pdf", "evil.png", "x.svg", "b.xlsx", "\u202egpj.exe",
                 "a\x00.pdf", "x" * 300 + ".pdf", "../../etc/passwd.pdf", ".pdf",
                 f"{SCRIPT}.pdf", "con.pdf", "tên tệp.pdf")  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def random_upload():
    body = st.sampled_from(
        [b"%PDF-1.4\n%\xe2\xe3\n", b"MZ\x90\x00", b"<html><script>x</script></html>", b"", b"\x00"]
    )
    names = st.sampled_from(CRAFTED_NAMES)
    return st.builds(
        lambda content, name: SimpleUploadedFile(name, content),
        st.binary(max_size=64) | body,
        names,
    )


@pytest.mark.parametrize(("name", "principal"), form_pages())
@EXAMPLES
@given(data=st.data())
def test_no_posted_value_breaks_a_form(portal, name, principal, data):
    """The form as a user would fill it, with one to three fields replaced by bad values
    (or left out): the bad value reaches the form's validation, the model's and the
    service's, not only the first field check."""
    url, fields = page_fields(portal, name, principal)
    if not fields:
        return  # the page shows no form in this record's state (a draft cannot be reopened)
    posted = filled_in(fields)
    bad = data.draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3), label="bad")
    for field_name in sorted(bad):
        if fields[field_name]["type"] == "file":
            value = data.draw(st.none() | random_upload(), label=field_name)
        else:
            options = fields[field_name]["options"]
            other = st.sampled_from(options) if options else st.nothing()
            value = data.draw(nasty | other | st.none(), label=field_name)
        posted.pop(field_name, None)
        if value is not None:
            posted[field_name] = value
    with portal.session(principal) as client:
        response = client.post(url, posted)
        assert_safe(response, "POST", url, posted)
        if response.status_code == 302:
            # What was saved must show too: a date of year 9999 on the record's page.
            response = client.get(response["Location"])
            assert_safe(response, "GET after POST", url, posted)
        if response.status_code == 200:
            body = response.content.decode()
            assert SCRIPT not in body and IMAGE not in body, f"POST {url} {posted!r}"
            english = [message for message in UNTRANSLATED if message in body]
            assert not english, f"POST {url} {posted!r} answered in English: {english}"


def test_every_kind_of_form_is_fuzzed():
    """The matrix finds the forms: create and edit pages of every app are among them."""
    names = {name for name, _principal in form_pages()}
    for expected in ("unit-create", "unit-edit", "reforms:plan-create", "reforms:task-edit",
                     "reforms:document-create", "reforms:outreach-edit", "reforms:model-create",
                     "procedures:month-edit", "inspections:inspection-create",
                     "inspections:finding-create", "inspections:plan-edit",
                     "inspections:checklist-create", "reports:round-edit",
                     "reports:report-edit"):  # fmt: skip
        assert expected in names


# --- stored text renders escaped ----------------------------------------------------------


@pytest.mark.parametrize("payload", [SCRIPT, IMAGE])
def test_stored_markup_renders_escaped(portal, payload):
    """Every form, saved with its own values and `payload` in every text field: where it
    saves, the page it leads to shows the text escaped, never the tag."""
    saved, shown = [], []
    for name, principal in form_pages():
        url, fields = page_fields(portal, name, principal)
        posted = filled_in(fields)
        for field_name, field in fields.items():
            if field["type"] in TEXT_TYPES and field_name not in ("version",):
                posted[field_name] = payload
        with portal.session(principal) as client:
            response = client.post(url, posted)
            assert_safe(response, "POST", url, posted)
            body = response.content.decode()
            if response.status_code == 302:
                saved.append(name)
                target = response["Location"]
                response = client.get(target)
                assert_safe(response, "GET", target, {})
                body = response.content.decode()
                if html.escape(payload) in body or html.escape(payload, quote=False) in body:
                    shown.append(name)
            assert payload not in body, f"{name}: {payload!r} rendered raw after POST {url}"
    # The test must be able to fail: enough forms save the markup and show it again.
    assert len(saved) >= 20, saved
    assert len(shown) >= 20, (saved, shown)


@pytest.mark.parametrize("file_name", CRAFTED_NAMES)
def test_a_crafted_file_name_is_stored_safely_or_refused(portal, file_name):
    """A real PDF under a crafted name, sent to every form that takes a file: a form error
    or a safe save, and the name never renders as markup."""
    sent = []
    for name, principal in form_pages():
        url, fields = page_fields(portal, name, principal)
        files = [field for field, value in fields.items() if value["type"] == "file"]
        if not files:
            continue
        posted = filled_in(fields)
        for field in files:
            posted[field] = SimpleUploadedFile(file_name, PDF, "application/pdf")
        with portal.session(principal) as client:
            response = client.post(url, posted)
            assert_safe(response, "POST", url, posted)
            if response.status_code == 302:
                response = client.get(response["Location"])
                assert_safe(response, "GET", url, posted)
            assert SCRIPT not in response.content.decode(), f"POST {url} {posted!r}"
        sent.append(name)
    assert len(sent) >= 4, sent
