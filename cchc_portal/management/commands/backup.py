"""Back up the database and every uploaded file into one archive, with its checksum.

`manage.py backup` writes `backups/cchc-backup-<UTC time>.tar` and `<archive>.sha256` next to
it; `--output` names the archive or the folder for it. See cchc_portal.backups and README.md.
"""

from django.core.management.base import BaseCommand, CommandError

from cchc_portal import backups


class Command(BaseCommand):
    help = "Write the database and every uploaded file to one archive, with its checksum."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the archive's path, or a folder for it (default: backups/ in the project)",
        )

    def handle(self, *args, output=None, **options):
        try:
            archive, manifest = backups.create_backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        database = manifest["database"]
        self.stdout.write(
            f"{backups.ENGINES[database['engine']]} database: "
            f"{sum(database['tables'].values())} rows in {len(database['tables'])} tables; "
            f"uploaded files: {len(files)} ({sum(entry['size'] for entry in files)} bytes)."
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
        self.stdout.write(f"Checksum: {backups.sidecar_path(archive)}")
