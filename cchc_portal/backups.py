"""Backups: the database and every uploaded file in one .tar archive, with checksums.

The archive holds `database/…` (PostgreSQL: a pg_dump custom-format dump; SQLite: a copy made
with SQLite's backup API), `files/<storage name>` for each uploaded file, read through
`default_storage` (so an S3 bucket is backed up as a folder is), and `manifest.json`: portal
version and commit, database engine, migrations, rows per table, and each member's size and
SHA-256. Next to it, `<archive>.sha256` (the `sha256sum` format) checksums the archive as a
whole. Both are verified before a restore touches anything: the whole-archive checksum catches
any changed byte, the manifest itself included, and can be checked with `sha256sum -c` away
from the portal; the per-member checksums say which member is damaged and guard the files
that are written back.

The database is dumped first, then the files: an upload made during the backup is at worst a
file that no row of the archive points to, never a row whose file is missing.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.core.files.utils import validate_file_name
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "cchc-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
DATABASE_MEMBERS = {"postgresql": "database/database.pgdump", "sqlite": "database/database.sqlite3"}
CHUNK = 1024 * 1024
# libpq connection parameters that Django's OPTIONS may carry (the rest are psycopg's own).
LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "options",
    "application_name",
    "connect_timeout",
    "target_session_attrs",
    "passfile",
    "service",
}
# Before the dump's own statements, in its transaction: drop every table of the schema, also
# those of migrations newer than the archive (pg_restore --clean drops only the archive's
# objects, and a newer table's foreign key to one of them would make that drop fail).
DROP_EVERYTHING = """
SET lock_timeout = '60s';
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm', 'S') LOOP
    EXECUTE format('DROP %s IF EXISTS %I CASCADE',
                   CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'm' THEN 'MATERIALIZED VIEW'
                   ELSE 'VIEW' END, r.relname);
  END LOOP;
END $$;
"""
NOTHING_RESTORED = "Nothing was restored."
NOTHING_RESTORED_VI = "Chưa khôi phục gì."


class BackupError(Exception):
    """A backup or a restore refused, with the reason the administrator reads."""


# --- backup -----------------------------------------------------------------------------


def create_backup(output=None):
    """Write the archive and its .sha256; return (archive path, manifest)."""
    vendor = _vendor()
    created_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    target = _target(output, created_at)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="cchc-backup-") as tmp:
        workdir = Path(tmp)
        database = _dump_database(vendor, workdir)
        # The archive holds password hashes and sessions: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    database_member = {
                        "member": DATABASE_MEMBERS[vendor],
                        **_add_path(
                            tar, DATABASE_MEMBERS[vendor], database.pop("path"), created_at
                        ),
                    }
                    files = [
                        {"name": name, **_add_storage_file(tar, name, workdir, created_at)}
                        for name in storage_names()
                    ]
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "portal_version": _portal_version(),
                        "git_commit": _git_commit(),
                        "created_at": created_at.isoformat(),
                        "database": {"engine": vendor, **database_member, **database},
                        "storage": _storage_backend(),
                        "files": files,
                    }
                    _add_bytes(
                        tar,
                        MANIFEST,
                        json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
                        created_at,
                    )
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    write_sidecar(target)
    return target, manifest


def storage_names(path=""):
    """Every file name in the default storage, folders walked through the storage API."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for folder in sorted(folders):
        yield from storage_names(f"{path}/{folder}" if path else folder)


def sidecar_path(archive):
    archive = Path(archive)
    return archive.with_name(archive.name + ".sha256")


def write_sidecar(archive):
    sidecar = sidecar_path(archive)
    partial = sidecar.with_name(sidecar.name + ".partial")
    partial.write_text(f"{_file_sha256(archive)}  {archive.name}\n", encoding="utf-8")
    os.replace(partial, sidecar)


def _target(output, created_at):
    name = f"cchc-backup-{created_at:%Y%m%d-%H%M%S}.tar"
    if output is None:
        return Path(settings.BASE_DIR) / "backups" / name
    if Path(output).is_dir() or str(output).endswith(os.sep):
        return Path(output) / name
    return Path(output)


def _dump_database(vendor, workdir):
    if vendor == "sqlite":
        return _sqlite_dump(workdir / "database.sqlite3")
    return _pg_dump(workdir / "database.pgdump")


def _sqlite_dump(path):
    """A consistent copy while the portal runs: SQLite's online backup API."""
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
        tables = _sqlite_table_counts(copy)
        migrations = _sqlite_migrations(copy)
    return {"path": path, "tables": tables, "migrations": migrations}


def _pg_dump(path):
    """pg_dump in the snapshot of a read-only transaction in which the rows are counted."""
    if connection.in_atomic_block:
        raise BackupError("Run the backup outside a transaction.")
    pg_dump = pg_tool("pg_dump")
    conninfo, env = _libpq()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={path}",
                f"--dbname={conninfo}",
            ],
            env,
            "pg_dump",
        )
        tables = table_counts()
        migrations = _applied_migrations()
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "path": path,
        "server_version": server_version,
        "tables": tables,
        "migrations": migrations,
    }


def _add_path(tar, member, path, created_at):
    with open(path, "rb") as source:
        digest = _sha256(source)
        source.seek(0)
        info = _info(member, os.fstat(source.fileno()).st_size, created_at)
        tar.addfile(info, source)
    return {"size": info.size, "sha256": digest}


def _add_storage_file(tar, name, workdir, created_at):
    # Spooled to a local file first: the tar header needs the size before the bytes, and a
    # storage object may change size while it is read.
    with default_storage.open(name, "rb") as source, tempfile.TemporaryFile(dir=workdir) as spool:
        digest = hashlib.sha256()
        size = 0
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        tar.addfile(_info(FILES + name, size, created_at), spool)
    return {"size": size, "sha256": digest.hexdigest()}


def _add_bytes(tar, member, data, created_at):
    tar.addfile(_info(member, len(data), created_at), io.BytesIO(data))


def _info(member, size, created_at):
    info = tarfile.TarInfo(member)
    info.size = size
    info.mtime = int(created_at.timestamp())
    info.mode = 0o600
    return info


def _portal_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as project:
            return tomllib.load(project)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _git_commit():
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def _storage_backend():
    return storages.backends["default"]["BACKEND"]


# --- restore ----------------------------------------------------------------------------


@dataclass
class Restore:
    """A verified archive, ready to be restored, and how its migrations differ from here."""

    archive: Path
    manifest: dict
    database_path: Path
    undone_migrations: list = field(default_factory=list)
    pending_migrations: list = field(default_factory=list)
    extra_files: int = 0

    @property
    def files(self):
        return self.manifest["files"]


def verify_archive(archive, workdir):
    """Check every checksum and the engine; extract the database into `workdir`.

    Nothing in the database or the storage is touched: a refused archive changes nothing.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise refused(f"{archive} does not exist.", f"Không tìm thấy tệp {archive}.")
    sidecar = sidecar_path(archive)
    if not sidecar.is_file():
        raise refused(
            f"The checksum file {sidecar.name} is missing: it must be next to the archive, as "
            "`manage.py backup` wrote it.",
            f"Thiếu tệp tổng kiểm tra {sidecar.name} bên cạnh bản sao lưu.",
        )
    expected = (sidecar.read_text(encoding="utf-8", errors="replace").split() or [""])[0].lower()
    if _file_sha256(archive) != expected:
        raise refused(
            f"The archive's SHA-256 does not match {sidecar.name}: the archive is damaged or "
            "was changed.",
            f"Tổng kiểm tra SHA-256 của bản sao lưu không khớp với {sidecar.name}: tệp bị hỏng "
            "hoặc đã bị thay đổi.",
        )
    manifest, members = _read_members(archive, workdir)
    try:
        vendor = _check_manifest(manifest, members)
    except (KeyError, TypeError, AttributeError) as error:
        raise refused(
            f"The archive's {MANIFEST} is incomplete ({error!r}).",
            f"Danh mục {MANIFEST} của bản sao lưu không đầy đủ.",
        ) from error
    database_path = workdir / Path(manifest["database"]["member"]).name
    _check_database_copy(vendor, database_path)
    restore = Restore(archive=archive, manifest=manifest, database_path=database_path)
    _compare_migrations(restore)
    archived_names = {entry["name"] for entry in manifest["files"]}
    restore.extra_files = sum(1 for name in storage_names() if name not in archived_names)
    return restore


def refused(english, vietnamese):
    """A refusal before anything was touched, in English and in Vietnamese."""
    return BackupError(f"{english} {NOTHING_RESTORED}\n{vietnamese} {NOTHING_RESTORED_VI}")


def apply_restore(restore):
    """Write the files back, then replace the database in one transaction; check the rows."""
    _restore_files(restore)
    try:
        if restore.manifest["database"]["engine"] == "sqlite":
            _sqlite_restore(restore.database_path)
        else:
            _pg_restore(restore.database_path)
    except (BackupError, sqlite3.Error) as error:
        raise BackupError(
            f"The database was not changed (its restore is one transaction): {error}\n"
            "The archive's files were written to the storage already; the rows that point to "
            "them come with the next successful restore."
        ) from error
    found = table_counts()
    # Cached figures were computed from the database as it was before the restore.
    cache.clear()
    different = {
        table: (rows, found.get(table))
        for table, rows in restore.manifest["database"]["tables"].items()
        if found.get(table) != rows
    }
    if different:
        raise BackupError(
            "The restored database does not have the archive's rows (table: archive, now): "
            + ", ".join(f"{table}: {rows}" for table, rows in sorted(different.items()))
        )


def _read_members(archive, workdir):
    """One pass over the archive: each member's size and SHA-256; the database extracted."""
    members = {}
    manifest = None
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for member in tar:
                if not member.isfile():
                    raise refused(
                        f"The archive has a member that is not a file: {member.name}.",
                        f"Bản sao lưu có mục không phải tệp: {member.name}.",
                    )
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read().decode("utf-8"))
                    continue
                if member.name in DATABASE_MEMBERS.values():
                    with open(workdir / Path(member.name).name, "wb") as copy:
                        digest = _sha256(source, copy)
                else:
                    digest = _sha256(source)
                members[member.name] = (member.size, digest)
    except (tarfile.TarError, UnicodeDecodeError, json.JSONDecodeError, EOFError) as error:
        raise refused(
            f"{archive.name} is not a readable portal backup ({error}).",
            f"{archive.name} không phải bản sao lưu đọc được của cổng thông tin.",
        ) from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("database"), dict)
        or not isinstance(manifest.get("files"), list)
    ):
        raise refused(
            f"{archive.name} is not a portal backup (no valid {MANIFEST}).",
            f"{archive.name} không phải bản sao lưu của cổng thông tin.",
        )
    return manifest, members


def _check_manifest(manifest, members):
    """The format version, the engine, each member against its size and SHA-256."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise refused(
            f"The archive's format version is {manifest.get('format_version')}; this portal "
            f"reads version {FORMAT_VERSION}.",
            f"Phiên bản định dạng của bản sao lưu là {manifest.get('format_version')}; cổng "
            f"thông tin này đọc phiên bản {FORMAT_VERSION}.",
        )
    vendor = _vendor()
    archived = manifest["database"]["engine"]
    if archived != vendor:
        that, this = ENGINES.get(archived, archived), ENGINES[vendor]
        raise refused(
            f"This archive holds a {that} database, but this portal uses {this} "
            f"(DATABASE_URL): restore it on a portal configured for {that}.",
            f"Bản sao lưu này chứa cơ sở dữ liệu {that}, nhưng cổng thông tin đang dùng {this} "
            f"(DATABASE_URL): hãy khôi phục trên cổng thông tin dùng {that}.",
        )
    if manifest["database"]["member"] != DATABASE_MEMBERS[vendor]:
        raise refused(
            f"The manifest names an unexpected database member: {manifest['database']['member']}.",
            "Danh mục ghi tên tệp cơ sở dữ liệu không hợp lệ.",
        )
    expected_members = {manifest["database"]["member"]: manifest["database"]}
    for entry in manifest["files"]:
        _check_file_name(entry["name"])
        expected_members[FILES + entry["name"]] = entry
    for member, entry in expected_members.items():
        if members.get(member) != (entry["size"], entry["sha256"]):
            raise refused(
                f"{member}: its size or SHA-256 is not the one in the manifest (damaged or "
                "missing).",
                f"{member}: kích thước hoặc tổng kiểm tra SHA-256 không khớp với danh mục (tệp bị "
                "hỏng hoặc bị thiếu).",
            )
    unlisted = sorted(set(members) - set(expected_members))
    if unlisted:
        raise refused(
            f"The archive has members its manifest does not list: {', '.join(unlisted[:5])}.",
            f"Bản sao lưu có tệp không có trong danh mục: {', '.join(unlisted[:5])}.",
        )
    return vendor


def _check_file_name(name):
    try:
        validate_file_name(name, allow_relative_path=True)
        if name.startswith("/") or "\\" in name:
            raise SuspiciousFileOperation(name)
    except SuspiciousFileOperation as error:
        raise refused(
            f"Refused file name in the archive: {name!r}.",
            f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}.",
        ) from error


def _check_database_copy(vendor, path):
    if vendor == "sqlite":
        try:
            with contextlib.closing(sqlite3.connect(path)) as copy:
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise refused(
                f"The archive's SQLite database fails its integrity check ({result}).",
                "Cơ sở dữ liệu SQLite trong bản sao lưu không qua được kiểm tra toàn vẹn.",
            )
    else:
        # This pg_restore must read the dump (a dump of a newer pg_dump fails here, not later).
        try:
            _run([pg_tool("pg_restore"), "--list", str(path)], None, "pg_restore --list")
        except BackupError as error:
            raise refused(
                str(error), "pg_restore không đọc được bản sao cơ sở dữ liệu PostgreSQL."
            ) from error


def _compare_migrations(restore):
    archived = {
        (app, name)
        for app, names in restore.manifest["database"]["migrations"].items()
        for name in names
    }
    applied = set(_applied_pairs())
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archived - known - applied)
    if unknown:
        commit = restore.manifest.get("git_commit") or "unknown"
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise refused(
            "The archive was made by a newer version of the portal: this code does not have "
            f"its migrations {names}. Check out the archive's commit ({commit}) first.",
            "Bản sao lưu được tạo bởi phiên bản mới hơn của cổng thông tin (mã nguồn này chưa "
            f"có các migration {names}): hãy dùng phiên bản mã nguồn {commit} trước.",
        )
    restore.undone_migrations = [f"{a}.{n}" for a, n in sorted(applied - archived)]
    restore.pending_migrations = [f"{a}.{n}" for a, n in sorted(known - archived)]


def _restore_files(restore):
    with tarfile.open(restore.archive, mode="r:") as tar:
        for entry in restore.files:
            name = entry["name"]
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as current:
                    if _sha256(current) == entry["sha256"]:
                        continue
                default_storage.delete(name)
            source = tar.extractfile(FILES + name)
            saved = default_storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.")


def _sqlite_restore(path):
    """SQLite's backup API into the configured database: one write transaction.

    Not a rename of the file: the portal may be running, its open connections would keep
    reading the old file, and the new file would meet the old file's -wal and -shm.
    """
    if connection.in_atomic_block:
        raise BackupError("Run the restore outside a transaction.")
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


def _pg_restore(path):
    """The dump as SQL, then psql runs the drops and the dump in one transaction."""
    if connection.in_atomic_block:
        raise BackupError("Run the restore outside a transaction.")
    conninfo, env = _libpq()
    script = path.with_suffix(".sql")
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            f"--file={script}",
            str(path),
        ],
        env,
        "pg_restore",
    )
    # Django's idle connection must not hold a lock the drops wait for.
    connection.close()
    _run(
        [
            pg_tool("psql"),
            "--no-psqlrc",
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--single-transaction",
            f"--command={DROP_EVERYTHING}",
            f"--file={script}",
            f"--dbname={conninfo}",
        ],
        env,
        "psql",
    )


# --- shared -----------------------------------------------------------------------------


def table_counts():
    """Rows per table of the configured database (every table, Django's or not)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_table_counts(copy):
    tables = [
        row[0]
        for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        table: copy.execute(f"SELECT COUNT(*) FROM {_sqlite_quote(table)}").fetchone()[0]
        for table in tables
    }


def _sqlite_quote(name):
    return '"' + name.replace('"', '""') + '"'


def _sqlite_migrations(copy):
    try:
        rows = copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    except sqlite3.OperationalError:
        return {}
    return _group(rows)


def _applied_pairs():
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return list(recorder.applied_migrations())


def _applied_migrations():
    return _group(sorted(_applied_pairs()))


def _group(pairs):
    grouped = {}
    for app, name in pairs:
        grouped.setdefault(app, []).append(name)
    return grouped


def _vendor():
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def pg_tool(name):
    """Debian's PostgreSQL client binary, newest version first (as scripts/with-postgres.sh)."""
    if os.environ.get("PG_BIN"):
        folders = [Path(os.environ["PG_BIN"])]
    else:
        folders = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda folder: [int(p) for p in folder.parent.name.split(".") if p.isdigit()],
            reverse=True,
        )
    for folder in folders:
        if os.access(folder / name, os.X_OK):
            return str(folder / name)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} was not found: install Debian's postgresql-client (it puts {name} in "
        f"/usr/lib/postgresql/<version>/bin), or set PG_BIN to the folder that has it."
    )


def _libpq():
    """The configured database as a libpq connection string; the password in the environment."""
    settings_dict = connection.settings_dict
    params = {
        "dbname": settings_dict.get("NAME"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
    }
    params.update(
        {
            key: value
            for key, value in settings_dict.get("OPTIONS", {}).items()
            if key in LIBPQ_OPTIONS
        }
    )
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    conninfo = " ".join(
        f"{key}={_libpq_quote(value)}" for key, value in params.items() if value not in (None, "")
    )
    return conninfo, env


def _libpq_quote(value):
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _run(command, env, label):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{label} failed ({result.returncode}): {message}")
    return result


def _sha256(source, copy=None):
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        if copy is not None:
            copy.write(chunk)
    return digest.hexdigest()


def _file_sha256(path):
    with open(path, "rb") as source:
        return _sha256(source)
