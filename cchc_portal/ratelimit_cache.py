"""The cache django-ratelimit counts in: a database table every app server shares.

Django's DatabaseCache increments by reading and writing the value back, so two app servers
counting the same key at once could both write n + 1. `incr` here holds the row for the
whole read-and-write: SELECT … FOR UPDATE on PostgreSQL, and on SQLite the write lock that
every transaction takes at BEGIN (transaction_mode IMMEDIATE in settings). With CACHE_URL set
to a Redis server, the rate limits count there instead (Redis increments atomically).
"""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicIncrDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}", [made])
            return super().incr(key, delta=delta, version=version)
