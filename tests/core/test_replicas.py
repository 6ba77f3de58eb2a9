"""The read-replica router: which database a request reads from and writes to.

The "replica" alias is a test mirror of the default database (tests/conftest.py), so these
tests run on SQLite and PostgreSQL alike; they are transactional because a mirror connection
only sees what the default connection committed.
"""

import time

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from cchc_portal import replicas
from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit, User

BOTH = ["default", "replica"]


@pytest.fixture
def replica_reads(settings):
    settings.DATABASE_REPLICA_READS = True
    settings.DATABASE_REPLICA_PIN_SECONDS = 5


def url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif pattern.name:
            names.add(namespace + pattern.name)
    return names


def get_with_queries(client, path):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(path)
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def test_every_replica_view_is_a_url_name():
    assert replicas.REPLICA_VIEWS - url_names() == set()


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_list_reads_from_the_replica(replica_reads, client_for, internal_affairs_user, ward):
    client = client_for(internal_affairs_user)

    response, primary, replica = get_with_queries(client, reverse("unit-list"))

    assert response.status_code == 200
    assert "Phường Một" in response.content.decode()
    assert any('"cchc_portal_unit"' in sql for sql in replica)
    # Only the session and the signed-in user stay on the primary: the middlewares that check
    # the session's user (idle expiry, two-factor) load it before the view picks the replica.
    assert primary and all(
        '"django_session"' in sql or 'FROM "cchc_portal_user"' in sql for sql in primary
    )
    assert not any('FROM "cchc_portal_unit"' in sql for sql in primary)
    assert replicas.PIN_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_detail_page_reads_from_the_primary(replica_reads, client_for, internal_affairs_user):
    client = client_for(internal_affairs_user)

    response, primary, replica = get_with_queries(
        client, reverse("unit-detail", args=[internal_affairs_user.unit_id])
    )

    assert response.status_code == 200
    assert replica == []
    assert any('"cchc_portal_unit"' in sql for sql in primary)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_after_a_post_the_user_reads_the_primary(
    replica_reads, client_for, internal_affairs_user, ward
):
    client = client_for(internal_affairs_user)
    posted = client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    pin = posted.cookies[replicas.PIN_COOKIE]

    response, primary, replica = get_with_queries(client, reverse("unit-list"))

    assert posted.status_code == 302
    assert pin["max-age"] == 5
    assert int(time.time()) < int(pin.value) <= int(time.time()) + 5
    assert response.status_code == 200
    assert "Phường Một" in response.content.decode()
    assert replica == []
    assert any('"cchc_portal_unit"' in sql for sql in primary)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_expired_pin_reads_the_replica_again(
    replica_reads, client_for, internal_affairs_user, ward
):
    client = client_for(internal_affairs_user)
    client.cookies[replicas.PIN_COOKIE] = str(int(time.time()) - 1)

    _response, _primary, replica = get_with_queries(client, reverse("unit-list"))

    assert any('"cchc_portal_unit"' in sql for sql in replica)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_malformed_pin_reads_the_primary(replica_reads, client_for, internal_affairs_user):
    client = client_for(internal_affairs_user)
    client.cookies[replicas.PIN_COOKIE] = "soon"

    _response, _primary, replica = get_with_queries(client, reverse("unit-list"))

    assert replica == []


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_without_a_replica_everything_reads_the_primary(client_for, internal_affairs_user, ward):
    client = client_for(internal_affairs_user)

    response, primary, replica = get_with_queries(client, reverse("unit-list"))
    posted = client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    assert "Phường Một" in response.content.decode()
    assert replica == []
    assert any('"cchc_portal_unit"' in sql for sql in primary)
    assert replicas.PIN_COOKIE not in posted.cookies


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_get_that_writes_pins_the_user(replica_reads, rf):
    def view(request):
        UnitFactory(name="Phường Ba", code="ward-three", kind=Unit.Kind.WARD)
        return HttpResponse("ok")

    quiet = replicas.ReplicaMiddleware(lambda request: HttpResponse("ok"))(rf.get("/units/"))
    response = replicas.ReplicaMiddleware(view)(rf.get("/units/"))

    assert replicas.PIN_COOKIE not in quiet.cookies
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == 5


def reads_in_request(**state):
    """Run the router inside a request's read state, as ReplicaMiddleware leaves it."""
    token = replicas._reads.set(replicas.RequestReads(**state))
    return token


def test_router_reads_replica_only_when_the_request_allows_it():
    router = replicas.ReplicaRouter()
    assert router.db_for_read(Unit) == "default"  # outside a request
    token = reads_in_request(replica=True)
    try:
        assert router.db_for_read(Unit) == "replica"
        assert router.db_for_read(User) == "replica"
        from django.contrib.sessions.models import Session

        assert router.db_for_read(Session) == "default"
    finally:
        replicas._reads.reset(token)
    token = reads_in_request(replica=False)
    try:
        assert router.db_for_read(Unit) == "default"
    finally:
        replicas._reads.reset(token)


def test_router_writes_to_the_primary_and_then_reads_it():
    router = replicas.ReplicaRouter()
    reads = replicas.RequestReads(replica=True)
    token = replicas._reads.set(reads)
    try:
        assert router.db_for_write(Unit) == "default"
        assert router.db_for_read(Unit) == "default"
        assert reads.wrote is True
    finally:
        replicas._reads.reset(token)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_router_reads_the_primary_inside_a_transaction():
    router = replicas.ReplicaRouter()
    token = reads_in_request(replica=True)
    try:
        with transaction.atomic():
            assert router.db_for_read(Unit) == "default"
        assert router.db_for_read(Unit) == "replica"
    finally:
        replicas._reads.reset(token)


def test_migrations_run_only_on_the_primary():
    router = replicas.ReplicaRouter()
    assert router.allow_migrate("default", "cchc_portal") is True
    assert router.allow_migrate("replica", "cchc_portal") is False
