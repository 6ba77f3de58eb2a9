"""Every URL of the portal, asked by every role, anonymous, inside and outside the scope, GET
and POST: the answer is the one tests/core/access_matrix.py gives (issue 13).

The URLs come from the resolver, so a new URL without a row fails here until someone says
who may open it. Every request runs in a savepoint that is rolled back, so each one sees the
same records (a permitted POST that starts an inspection does not change the next answer).
"""

import contextlib
import copy

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access_matrix import ADMIN, KINDS, ROWS
from .access_world import PRINCIPALS, World

pytestmark = pytest.mark.django_db

ADMIN_NAMESPACE = "admin"
METHODS = ("GET", "POST")
# Kinds with no record outside the scope: a year, and the catalogue every city shares.
# The survey's public pages have no scope: a counter's valid token opens them for anyone
# (a wrong or rotated token is a 404: tests/feedback/test_public.py). A new account's
# password link is the same: its signed token opens it for whoever has it.
NO_OUTSIDE = (None, "year", "shortcoming_type", "survey_token", "kiosk_token", "password_link")


def url_patterns(resolver=None, namespace=(), prefix=""):
    """(namespace, name, route, pattern) of every URL pattern, admin included, walking the
    includes recursively; a pattern without a name is named after its route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from url_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespace, entry.name)) if entry.name else f"<unnamed {route}>"
            yield namespace, name, route, entry


def portal_patterns():
    """{name: (route, pattern)} of every pattern outside the Django admin."""
    found = {}
    for namespace, name, route, entry in url_patterns():
        if namespace[:1] == (ADMIN_NAMESPACE,):
            continue
        if name in found:
            # Two routes, one name: the matrix could only ever test the one reverse() picks.
            name = f"<second {name} {route}>"
        found[name] = (route, entry)
    return found


def answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return "admin-login"
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return "login"
    return str(response.status_code)


@contextlib.contextmanager
def rolled_back():
    """A savepoint undone afterwards; marked as a test's own, so the services' durable
    atomic blocks still run inside it (as inside a TestCase)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        yield
        transaction.set_rollback(True)


def ask(clients, principal, method, url):
    client = clients[principal]
    cookies = client.cookies
    client.cookies = copy.deepcopy(cookies)
    try:
        with rolled_back():
            response = client.get(url) if method == "GET" else client.post(url, {})
            # Close a streamed file without `close_old_connections`, as the test client does
            # for other responses: inside the module's transaction it would drop PostgreSQL's
            # connection (its autocommit is off there).
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
            return answer(response)
    finally:
        # A POST to logout/ or to the language switch must not change the next request.
        client.cookies = cookies


def observe(world, clients, name, kind):
    """{method: {principal: (inside, outside)}} for one URL name."""
    observed = {}
    for method in METHODS:
        observed[method] = {}
        for principal in PRINCIPALS:
            if kind is None:
                url = reverse(name)
                both = ask(clients, principal, method, url)
                observed[method][principal] = (both, both)
                continue
            sides = []
            for inside in (True, False):
                url = reverse(name, kwargs=world.kwargs(kind, principal, inside))
                sides.append(ask(clients, principal, method, url))
            observed[method][principal] = tuple(sides)
    return observed


def row_text(name, kind, observed):
    """The matrix row that says what `observed` is, to paste into access_matrix.ROWS."""

    def tokens(method):
        return " ".join(
            inside if inside == outside else f"{inside}/{outside}"
            for inside, outside in (observed[method][p] for p in PRINCIPALS)
        )

    kind = f'"{kind}"' if kind else "None"
    return f'    "{name}": Row({kind}, get="{tokens("GET")}", post="{tokens("POST")}"),'


def admin_sample_urls(world):
    """The admin's index, one list per application and one change page."""
    urls = [reverse("admin:index")]
    seen = set()
    for model in admin.site._registry:
        label = model._meta.app_label
        if label not in seen:
            seen.add(label)
            urls.append(reverse(f"admin:{label}_{model._meta.model_name}_changelist"))
    unit = world.record("unit", "admin", True)
    urls.append(reverse("admin:cchc_portal_unit_change", args=[unit.pk]))
    return urls


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every answer of every URL, asked once for the whole module."""
    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        world = World()
        clients = {principal: Client() for principal in PRINCIPALS}
        for principal, user in world.users.items():
            clients[principal].force_login(user)
        portal = {}
        for name, (_route, entry) in portal_patterns().items():
            row = ROWS.get(name)
            if row is not None:
                portal[name] = observe(world, clients, name, row.kind)
            elif entry.name and not entry.pattern.converters:
                portal[name] = observe(world, clients, name, None)
        admin_answers = {
            url: {
                method: {
                    principal: ask(clients, principal, method, url) for principal in PRINCIPALS
                }
                for method in METHODS
            }
            for url in admin_sample_urls(world)
        }
        transaction.set_rollback(True)
    return {"portal": portal, "admin": admin_answers}


def _unclassified_message(name, route, entry, row, observed):
    where = "tests/core/access_matrix.py ROWS"
    if name.startswith("<"):
        return (
            f"URL /{route} has no name of its own ({name}): give it a unique name in its "
            f"urls.py, then a row in {where}."
        )
    if observed is None:
        arguments = ", ".join(entry.pattern.converters)
        return (
            f"URL {name!r} (/{route}) is not in {where}. Add\n"
            f'    "{name}": Row("<kind>", get="?", post="?"),\n'
            f"with the kind of object its arguments ({arguments}) point at, one of KINDS "
            f"{KINDS} (add one to access_world.World if none fits), and run this test again: "
            f"it prints the answers it gets today, to check and paste."
        )
    return (
        f"URL {name!r} (/{route}) is not classified in {where}. Check these answers "
        f"(today's) against who should get what, and paste the row:\n"
        f"{row_text(name, row.kind if row else None, observed)}"
    )


@pytest.mark.parametrize("name", sorted(portal_patterns()))
def test_url_answers_as_the_matrix_says(readings, name):
    route, entry = portal_patterns()[name]
    observed = readings["portal"].get(name)
    row = ROWS.get(name)
    if row is None or "?" in (row.get, row.post):
        pytest.fail(_unclassified_message(name, route, entry, row, observed))
    mismatches = []
    for method in METHODS:
        expected = row.expected(method)
        for principal in PRINCIPALS:
            if observed[method][principal] != expected[principal]:
                mismatches.append(
                    f"{method} as {principal}: expected {'/'.join(expected[principal])}, "
                    f"got {'/'.join(observed[method][principal])}"
                )
    assert not mismatches, (
        f"{name} (/{route}):\n  "
        + "\n  ".join(mismatches)
        + f"\nToday's row would be (check it before pasting):\n{row_text(name, row.kind, observed)}"
    )


def test_every_row_names_a_url_and_a_known_kind():
    names = set(portal_patterns())
    stale = sorted(set(ROWS) - names)
    assert not stale, f"rows in access_matrix.ROWS for URLs that no longer exist: {stale}"
    unknown = {name: row.kind for name, row in ROWS.items() if row.kind not in (None, *KINDS)}
    assert not unknown, f"unknown object kinds: {unknown}"


def test_outside_the_scope_is_404_for_everyone_but_the_administrator():
    """The matrix itself may not promise a 403 (or a page) for a record out of scope."""
    wrong = []
    for name, row in ROWS.items():
        if row.kind in NO_OUTSIDE:
            continue
        for method in METHODS:
            for principal, (_inside, outside) in row.expected(method).items():
                if principal in ("anonymous", "admin"):
                    continue
                if outside not in ("404", "405"):
                    wrong.append(f"{name} {method} as {principal}: {outside}")
    assert not wrong, "out of scope must be 404:\n" + "\n".join(wrong)


def test_the_administrator_sees_both_sides_alike():
    """The administrator's scope is everything; only notifications are each user's own."""
    wrong = [
        f"{name} {method}"
        for name, row in ROWS.items()
        for method in METHODS
        if row.kind != "notification" and len(set(row.expected(method)["admin"])) != 1
    ]
    assert not wrong, wrong


def test_anonymous_is_sent_to_the_login_page_everywhere_but_the_public_pages():
    public = {
        "login",
        "healthz",
        "set_language",
        "accounts:set-password",
        "accounts:set-password-done",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    } | {name for name in ROWS if name.startswith("survey:")}
    wrong = [
        f"{name} {method}"
        for name, row in ROWS.items()
        if name not in public
        for method in METHODS
        if row.expected(method)["anonymous"] != ("login", "login")
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("method", METHODS)
def test_the_admin_is_the_administrators(readings, method):
    expected = dict(
        zip(PRINCIPALS, (ADMIN.get if method == "GET" else ADMIN.post).split(), strict=True)
    )
    wrong = {}
    for url, answers in readings["admin"].items():
        got = dict(answers[method])
        if got["anonymous"] == "admin-login":
            got["anonymous"] = "login"  # the admin's index sends to its own login page
        if got != expected:
            wrong[url] = answers[method]
    assert not wrong, f"expected {expected}, got {wrong}"


def test_the_admin_sample_covers_every_application(readings):
    labels = {model._meta.app_label for model in admin.site._registry}
    assert len(readings["admin"]) == len(labels) + 2  # the index, one list each, a change page
