from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: the organisation first, then each app's records, inspections last.
DEMO_MODULES = [
    "cchc_portal.demo",
    "reforms.demo",
    "procedures.demo",
    "feedback.demo",
    "inspections.demo",
    "reports.demo",
    "par_index.demo",
    "accounts.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (two cities and their province, their units, seven accounts and the reports' figures). Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo accounts (password: demo-cchc):")
        from cchc_portal.demo import ACCOUNTS

        for username, first, last, *_rest in ACCOUNTS:
            self.stdout.write(f"  {username:<16} {last} {first}")
