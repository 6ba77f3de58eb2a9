"""Recompute every summary table from the raw rows, then check it (see cchc_portal.summaries).

For after a restore, a `loaddata` (fixtures skip the signals that keep the summaries exact)
or any write that bypassed the application. Safe to run at any time: the raw rows are the
truth and the rebuild runs in one transaction.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from cchc_portal import summaries


class Command(BaseCommand):
    help = "Recompute every summary table from the raw rows and check it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only compare the summaries with the raw rows"
        )

    def handle(self, *args, check=False, **options):
        if not check:
            start = time.perf_counter()
            summaries.rebuild_all()
            self.stdout.write(
                f"Rebuilt {len(summaries.registered())} summaries in "
                f"{time.perf_counter() - start:.1f} s."
            )
        problems = summaries.verify_all()
        if problems:
            for name, differences in problems.items():
                self.stderr.write(f"{name}: {len(differences)} differences, e.g. {differences[0]}")
            raise CommandError("The summaries do not equal the raw rows.")
        self.stdout.write(
            self.style.SUCCESS("Every summary equals a fresh aggregate of the raw rows.")
        )
