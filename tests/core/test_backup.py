"""`manage.py backup` and `manage.py restore`: every row and file found again, damage refused.

Transactional: the backup reads committed rows (pg_dump on its own connection) and a restore
replaces the whole database, which no test transaction could roll back. On PostgreSQL
(`make test`'s second run) the same tests go through pg_dump, pg_restore and psql.
"""

import datetime
import hashlib
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from cchc_portal import backups
from cchc_portal.factories import UnitFactory, pdf_bytes
from cchc_portal.models import Unit
from inspections.factories import (
    ConcludedInspectionFactory,
    FindingFactory,
    RecommendationFactory,
    RemediationReportFactory,
)
from inspections.models import EvidenceFile, Recommendation
from procedures.factories import DigitalGovernmentReportFactory, intake
from reforms.factories import ReformPlanFactory, ReformTaskFactory

pytestmark = pytest.mark.django_db(transaction=True)

JAN, FEB = datetime.date(2022, 1, 1), datetime.date(2022, 2, 1)
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@pytest.fixture
def portal_data(ward, staff_user, inspector_user):
    """Units, a plan with tasks, monthly figures, an inspection with a recommendation and
    an evidence file uploaded through the storage."""
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(plan=plan, title="Rà soát thủ tục hành chính")
    ReformTaskFactory(parent=general, title="Niêm yết công khai thủ tục")
    intake(ward, JAN, received_counter=12, pending_within_deadline=2)
    intake(ward, FEB, "land", received_online=5, pending_within_deadline=5)
    DigitalGovernmentReportFactory(unit=ward, month=JAN)
    inspection = ConcludedInspectionFactory(unit=ward, lead=inspector_user)
    FindingFactory(inspection=inspection, text="Chưa có sổ theo dõi hồ sơ")
    recommendation = RecommendationFactory(
        inspection=inspection, text="Lập sổ theo dõi hồ sơ trước 31/12/2022"
    )
    report = RemediationReportFactory(recommendation=recommendation, submitted_by=staff_user)
    evidence = EvidenceFile.objects.create(
        report=report,
        file=ContentFile(pdf_bytes(), name="bien-ban.pdf"),
        name="bien-ban.pdf",
        size=len(pdf_bytes()),
    )
    # A file no row points to is backed up too: everything the storage holds.
    default_storage.save("imports/so-lieu-thang-1.xlsx", ContentFile(b"PK\x03\x04 figures"))
    return evidence


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def stored_files():
    return {name: default_storage.open(name, "rb").read() for name in backups.storage_names()}


def backup(tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups") + "/", stdout=out)
    (archive,) = (tmp_path / "backups").glob("*.tar")
    return archive, out.getvalue()


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile(backups.MANIFEST).read())


def restore(archive, **options):
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def wipe():
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backups.storage_names()):
        default_storage.delete(name)


def rewrite_manifest(archive, change):
    """The archive with `change(manifest)` applied, and a checksum file that matches it."""
    with tarfile.open(archive) as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]
    with tarfile.open(archive, "w") as tar:
        for member, data in members:
            if member.name == backups.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    backups.write_sidecar(archive)


def flip_a_byte(archive, member_name):
    with tarfile.open(archive) as tar:
        member = tar.getmember(member_name)
        offset = member.offset_data + member.size // 2
    with open(archive, "r+b") as raw:
        raw.seek(offset)
        byte = raw.read(1)
        raw.seek(offset)
        raw.write(bytes([byte[0] ^ 0x01]))


def test_a_round_trip_finds_every_row_and_every_file_again(portal_data, tmp_path):
    before = row_counts()
    files = stored_files()
    assert before["cchc_portal.Unit"] == 3
    assert before["reforms.ReformTask"] == 2
    assert before["procedures.IntakeReport"] == 2
    assert before["inspections.Recommendation"] == 1
    assert before["inspections.EvidenceFile"] == 1
    assert sorted(files) == ["imports/so-lieu-thang-1.xlsx", portal_data.file.name]
    archive, output = backup(tmp_path)
    assert "uploaded files: 2 (" in output

    wipe()
    assert row_counts()["cchc_portal.Unit"] == 0
    assert row_counts()["inspections.EvidenceFile"] == 0
    assert stored_files() == {}

    output = restore(archive, yes=True)

    rows = sum(manifest_of(archive)["database"]["tables"].values())
    assert f"Restored from {archive}: {rows} rows, uploaded files: 2." in output
    assert row_counts() == before
    assert stored_files() == files
    evidence = EvidenceFile.objects.get()
    assert evidence.file.read() == pdf_bytes()
    assert Recommendation.objects.get().text == "Lập sổ theo dõi hồ sơ trước 31/12/2022"
    assert Unit.objects.get(code="ward-one").name == "Phường Một"


def test_the_manifest_lists_the_engine_and_each_file_with_its_size_and_sha256(
    portal_data, tmp_path
):
    archive, _ = backup(tmp_path)

    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert backups.sidecar_path(archive).read_text() == f"{digest}  {archive.name}\n"
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(backups.MANIFEST).read())
        names = tar.getnames()
    assert manifest["format"] == "cchc-portal-backup"
    assert manifest["portal_version"] == "0.1.0"
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"]["cchc_portal_unit"] == 3
    assert "0001_initial" in manifest["database"]["migrations"]["cchc_portal"]
    evidence = pdf_bytes()
    assert {
        "name": portal_data.file.name,
        "size": len(evidence),
        "sha256": hashlib.sha256(evidence).hexdigest(),
    } in manifest["files"]
    assert sorted(names) == sorted(
        [
            backups.MANIFEST,
            manifest["database"]["member"],
            "files/imports/so-lieu-thang-1.xlsx",
            "files/" + portal_data.file.name,
        ]
    )
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_changed_byte_is_refused_and_nothing_changes(portal_data, tmp_path):
    archive, _ = backup(tmp_path)
    UnitFactory(code="after-the-backup", name="Phường Ba")
    before, files = row_counts(), stored_files()
    flip_a_byte(archive, manifest_of(archive)["database"]["member"])

    with pytest.raises(CommandError) as refused:
        restore(archive, yes=True)

    assert str(refused.value) == (
        f"The archive's SHA-256 does not match {archive.name}.sha256: the archive is damaged or "
        "was changed. Nothing was restored.\n"
        f"Tổng kiểm tra SHA-256 của bản sao lưu không khớp với {archive.name}.sha256: tệp bị "
        "hỏng hoặc đã bị thay đổi. Chưa khôi phục gì."
    )
    assert row_counts() == before
    assert Unit.objects.filter(code="after-the-backup").exists()
    assert stored_files() == files


def test_a_damaged_member_is_refused_even_with_a_matching_archive_checksum(portal_data, tmp_path):
    archive, _ = backup(tmp_path)
    wipe()
    flip_a_byte(archive, "files/" + portal_data.file.name)
    backups.write_sidecar(archive)

    with pytest.raises(CommandError) as refused:
        restore(archive, yes=True)

    member = f"files/{portal_data.file.name}"
    assert str(refused.value) == (
        f"{member}: its size or SHA-256 is not the one in the manifest (damaged or missing). "
        "Nothing was restored.\n"
        f"{member}: kích thước hoặc tổng kiểm tra SHA-256 không khớp với danh mục (tệp bị hỏng "
        "hoặc bị thiếu). Chưa khôi phục gì."
    )
    assert row_counts()["cchc_portal.Unit"] == 0
    assert stored_files() == {}


def test_an_archive_without_its_checksum_file_is_refused(portal_data, tmp_path):
    archive, _ = backup(tmp_path)
    backups.sidecar_path(archive).unlink()
    wipe()

    with pytest.raises(CommandError, match=r"The checksum file .*\.tar\.sha256 is missing"):
        restore(archive, yes=True)

    assert row_counts()["cchc_portal.Unit"] == 0


def test_an_archive_of_another_database_engine_is_refused(portal_data, tmp_path):
    archive, _ = backup(tmp_path)
    other = OTHER_ENGINE[connection.vendor]

    def other_engine(manifest):
        manifest["database"]["engine"] = other

    rewrite_manifest(archive, other_engine)
    UnitFactory(code="after-the-backup")

    with pytest.raises(CommandError) as refused:
        restore(archive, yes=True)

    this, that = ENGINE_NAMES[connection.vendor], ENGINE_NAMES[other]
    assert str(refused.value) == (
        f"This archive holds a {that} database, but this portal uses {this} (DATABASE_URL): "
        f"restore it on a portal configured for {that}. Nothing was restored.\n"
        f"Bản sao lưu này chứa cơ sở dữ liệu {that}, nhưng cổng thông tin đang dùng {this} "
        f"(DATABASE_URL): hãy khôi phục trên cổng thông tin dùng {that}. Chưa khôi phục gì."
    )
    assert Unit.objects.filter(code="after-the-backup").exists()


def test_an_archive_of_a_newer_portal_is_refused(portal_data, tmp_path):
    archive, _ = backup(tmp_path)

    def newer(manifest):
        manifest["database"]["migrations"]["reforms"].append("9999_from_the_future")

    rewrite_manifest(archive, newer)
    UnitFactory(code="after-the-backup")

    with pytest.raises(CommandError, match="reforms.9999_from_the_future"):
        restore(archive, yes=True)

    assert Unit.objects.filter(code="after-the-backup").exists()


def test_a_restore_asks_first_and_anything_but_yes_changes_nothing(
    portal_data, tmp_path, monkeypatch
):
    archive, _ = backup(tmp_path)
    UnitFactory(code="after-the-backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Restore cancelled"):
        restore(archive)

    assert Unit.objects.filter(code="after-the-backup").exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    restore(archive)
    assert not Unit.objects.filter(code="after-the-backup").exists()
    assert Unit.objects.count() == 3


def test_a_restore_over_newer_migrations_says_what_it_undoes_and_drops_their_tables(
    portal_data, tmp_path
):
    archive, _ = backup(tmp_path)
    # What a newer release's migration would have added: a table and its record.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE reforms_newer (id integer PRIMARY KEY, "
            "plan_id bigint REFERENCES reforms_reformplan (id))"
        )
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('reforms', '9999_newer', CURRENT_TIMESTAMP)"
        )

    output = restore(archive, yes=True)

    assert (
        "The database has migrations the archive does not; the restore takes it back before "
        "them: reforms.9999_newer"
    ) in output
    assert "reforms_newer" not in connection.introspection.table_names()
    assert row_counts()["reforms.ReformTask"] == 2


def test_the_files_go_through_the_storage_api_not_a_local_folder(portal_data, tmp_path, settings):
    """As with an S3 bucket (django-storages): nothing assumes MEDIA_ROOT is a folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    default_storage.save("inspections/evidence/2022/11/anh-chup.png", ContentFile(b"\x89PNG"))
    archive, output = backup(tmp_path)
    assert "uploaded files: 1 (4 bytes)" in output
    default_storage.delete("inspections/evidence/2022/11/anh-chup.png")

    restore(archive, yes=True)

    assert stored_files() == {"inspections/evidence/2022/11/anh-chup.png": b"\x89PNG"}
    assert not (settings.MEDIA_ROOT / "inspections/evidence/2022/11/anh-chup.png").exists()
