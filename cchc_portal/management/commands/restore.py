"""Restore an archive of `manage.py backup`: the database and the uploaded files.

Every checksum is verified and the database engine compared before anything is touched; then,
after a confirmation (or --yes), the files are written back and the database replaced in one
transaction. See cchc_portal.backups and README.md.
"""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cchc_portal import backups


class Command(BaseCommand):
    help = "Replace the database and restore the uploaded files from a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (scripts)"
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            with tempfile.TemporaryDirectory(prefix="cchc-restore-") as workdir:
                self.restore(backups.verify_archive(archive, Path(workdir)), yes)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error

    def restore(self, restore, yes):
        manifest = restore.manifest
        database = manifest["database"]
        self.stdout.write(
            f"Archive verified: made {manifest['created_at']} by portal "
            f"{manifest.get('portal_version') or '?'} (commit {manifest.get('git_commit') or '?'}); "
            f"{backups.ENGINES[database['engine']]}, {sum(database['tables'].values())} rows, "
            f"uploaded files: {len(restore.files)}."
        )
        if restore.undone_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "The database has migrations the archive does not; the restore takes it "
                    "back before them: " + ", ".join(restore.undone_migrations)
                )
            )
        if restore.extra_files:
            self.stdout.write(
                f"{restore.extra_files} files in the storage are not in the archive; they are "
                "left in place."
            )
        target = connection.settings_dict.get("NAME")
        if not yes:
            answer = self.ask(
                f"This replaces every row of the database {target} and overwrites the "
                "archive's files. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError(backups.refused("Restore cancelled.", "Đã hủy khôi phục."))
        backups.apply_restore(restore)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored from {restore.archive}: {sum(database['tables'].values())} rows, "
                f"uploaded files: {len(restore.files)}."
            )
        )
        if restore.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The archive predates {len(restore.pending_migrations)} migrations of this "
                    "code: run `manage.py migrate` now."
                )
            )

    def ask(self, prompt):
        try:
            return input(prompt)
        except EOFError:
            return ""
