"""Settings for several app servers: replica, shared cache, upload storage (no network)."""

import importlib.util

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from cchc_portal import settings as live_settings
from reforms.models import ReformTask

SCALEOUT_VARIABLES = [
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_REPLICA_READS",
    "DATABASE_REPLICA_PIN_SECONDS",
    "DISABLE_SERVER_SIDE_CURSORS",
    "CACHE_URL",
    "STORAGE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_LOCATION",
]


@pytest.fixture
def load_settings(monkeypatch):
    """Evaluate cchc_portal/settings.py afresh with these environment variables."""

    def load(**environment):
        for name in SCALEOUT_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("settings_probe", live_settings.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


def test_no_replica_without_its_url(load_settings):
    probe = load_settings(DATABASE_URL="postgres://cchc@primary.example:5432/cchc")

    assert list(probe.DATABASES) == ["default"]
    assert probe.DATABASE_REPLICA_READS is False
    assert probe.DATABASE_ROUTERS == ["cchc_portal.replicas.ReplicaRouter"]


def test_replica_url_adds_the_replica_alias(load_settings):
    probe = load_settings(
        DATABASE_URL="postgres://cchc@primary.example:5432/cchc",
        DATABASE_REPLICA_URL="postgres://cchc_ro@replica.example:5433/cchc",
        DATABASE_REPLICA_PIN_SECONDS="3",
    )

    replica = probe.DATABASES["replica"]
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.example",
        5433,
        "cchc_ro",
    )
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert probe.DATABASE_REPLICA_READS is True
    assert probe.DATABASE_REPLICA_PIN_SECONDS == 3


def test_replica_reads_can_be_switched_off(load_settings):
    probe = load_settings(
        DATABASE_REPLICA_URL="postgres://cchc_ro@replica.example:5433/cchc",
        DATABASE_REPLICA_READS="0",
    )

    assert "replica" in probe.DATABASES
    assert probe.DATABASE_REPLICA_READS is False


def test_pgbouncer_settings(load_settings):
    probe = load_settings(
        DATABASE_URL="postgres://cchc@pgbouncer.example:6432/cchc",
        DATABASE_REPLICA_URL="postgres://cchc@pgbouncer.example:6433/cchc",
        DISABLE_SERVER_SIDE_CURSORS="1",
        CONN_MAX_AGE="0",
    )

    for alias in ("default", "replica"):
        assert probe.DATABASES[alias]["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert probe.DATABASES[alias]["CONN_MAX_AGE"] == 0


def test_cache_is_the_database_by_default(load_settings):
    probe = load_settings()

    assert probe.CACHES == {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cchc_cache",
        },
        # The survey's rate limits: a table of their own, incremented under a row lock.
        "ratelimit": {
            "BACKEND": "cchc_portal.ratelimit_cache.AtomicIncrDatabaseCache",
            "LOCATION": "cchc_ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        },
    }


def test_cache_url_selects_redis(load_settings):
    probe = load_settings(CACHE_URL="redis://cache.example:6379/1")

    assert probe.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example:6379/1",
    }
    # The rate limits count in the same Redis (atomic INCR), under their own prefix.
    assert probe.CACHES["ratelimit"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example:6379/1",
        "KEY_PREFIX": "rl",
    }


def test_cache_url_refuses_an_unknown_scheme(load_settings):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        load_settings(CACHE_URL="memcached://cache.example:11211")


@pytest.mark.django_db
def test_database_cache_table_exists_after_migrate():
    cache = caches["default"]
    cache.set("scale-out", "chung", 30)

    assert cache.get("scale-out") == "chung"


def test_uploads_stay_on_the_filesystem_by_default(load_settings):
    probe = load_settings()

    assert probe.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_storage_backend_s3_selects_django_storages(load_settings):
    probe = load_settings(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="cchc-uploads",
        AWS_S3_ENDPOINT_URL="http://minio.example:9000",
        AWS_S3_REGION_NAME="ap-southeast-1",
    )

    assert probe.STORAGES["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "cchc-uploads",
            "endpoint_url": "http://minio.example:9000",
            "region_name": "ap-southeast-1",
            "location": "",
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    assert probe.STORAGES["staticfiles"] == live_settings.STORAGES["staticfiles"]


def test_storage_backend_s3_needs_a_bucket(load_settings):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load_settings(STORAGE_BACKEND="s3")


def test_storage_backend_refuses_an_unknown_name(load_settings):
    with pytest.raises(ImproperlyConfigured, match="STORAGE_BACKEND"):
        load_settings(STORAGE_BACKEND="ftp")


def test_uploaded_files_use_the_configured_storage(load_settings, settings):
    probe = load_settings(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="cchc-uploads",
        AWS_S3_ENDPOINT_URL="http://minio.example:9000",
    )
    settings.STORAGES = {**settings.STORAGES, "default": probe.STORAGES["default"]}

    storage = ReformTask._meta.get_field("evidence_file").storage

    assert storage.bucket_name == "cchc-uploads"
    assert isinstance(storage._wrapped, S3Storage)  # default_storage, resolved
    assert storage.endpoint_url == "http://minio.example:9000"
    assert storage.file_overwrite is False
