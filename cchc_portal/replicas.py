"""Reads that tolerate a second of lag go to a streaming replica; everything else to the primary.

The "replica" alias exists when DATABASE_REPLICA_URL is set (settings). A request reads from it
only when all of these hold: its view is one of REPLICA_VIEWS (dashboards, lists, exports), its
method is safe, no transaction is open on the primary, it has not written yet, and its user has
not written in the last DATABASE_REPLICA_PIN_SECONDS. The last one is a cookie set by any unsafe
request or any write, so a user who just saved reads their own writes from the primary on
whichever app server the proxy sends the next request to. Writes and migrations always go to the
primary; code outside a request (commands, shell) never reads from the replica.
"""

import contextvars
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "cchc_primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

# URL names (namespace:name) of the GET pages whose figures may be a second old: dashboards,
# lists and exports. A detail or edit page stays on the primary.
REPLICA_VIEWS = frozenset(
    {
        "home",
        "unit-list",
        "dashboards:index",
        "dashboards:overview",
        "dashboards:overview-export",
        "dashboards:my-dashboard",
        "dashboards:unit",
        "dashboards:unit-summary",
        "dashboards:unit-summary-pdf",
        "dashboards:remediation",
        "dashboards:recommendations",
        "dashboards:shortcoming",
        "reforms:plan-list",
        "reforms:plan-export",
        "reforms:document-list",
        "reforms:outreach-list",
        "reforms:model-list",
        "procedures:index",
        "procedures:unit-figures",
        "procedures:unit-export",
        "inspections:inspection-list",
        "inspections:recommendation-list",
        "inspections:remediation-list",
        "inspections:plan-list",
        "reports:round-list",
    }
)

# A session, a cache entry or a login lockout must be the latest one: always the primary.
PRIMARY_APPS = frozenset({"sessions", "django_cache", "axes"})


@dataclass
class RequestReads:
    replica: bool = False
    wrote: bool = False


_reads = contextvars.ContextVar("cchc_request_reads", default=None)


def replica_enabled():
    return (
        bool(getattr(settings, "DATABASE_REPLICA_READS", False)) and REPLICA in connections.settings
    )


class ReplicaRouter:
    """Send a request's reads to the replica when ReplicaMiddleware allowed it; see the module."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if (
            reads is None
            or not reads.replica
            or model._meta.app_label in PRIMARY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            # The rest of this request, and this user's next requests, read what was written.
            reads.wrote = True
            reads.replica = False
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's WAL: the schema is created once, on the primary.
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Decide per request whether reads may go to the replica; pin a writer to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = RequestReads()
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if replica_enabled() and (reads.wrote or request.method not in SAFE_METHODS):
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = _reads.get()
        if reads is not None:
            reads.replica = (
                not reads.wrote
                and request.method in SAFE_METHODS
                and request.resolver_match.view_name in REPLICA_VIEWS
                and not pinned(request)
                and replica_enabled()
            )


def pinned(request):
    """True while the user's last write is younger than DATABASE_REPLICA_PIN_SECONDS."""
    try:
        until = int(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return True
    return until >= time.time()
