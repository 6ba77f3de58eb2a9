"""Daily: remind units of the periodic reports they owe, before and after the deadline.

Run once a day (cron / systemd timer): `manage.py send_report_reminders`.
- A unit that has not submitted hears once when the deadline is `remind_days_before` days away
  (or closer), and again every week after the deadline has passed, until it submits.
- The day after a round's deadline, internal affairs hear which units have not submitted.
Each message is a notification on the recipient's home page and an e-mail (console backend
unless EMAIL_HOST is set). Running it twice on the same day sends nothing new.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.services import send_reminders


class Command(BaseCommand):
    help = "Send the reminders about periodic reports due or overdue (idempotent per day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up."
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must look like 2022-10-10") from exc
        before, after, summaries = send_reminders(today=today)
        self.stdout.write(
            f"{before} reminder(s) before the deadline, {after} after it, "
            f"{summaries} missing-reports notice(s) for {today:%d/%m/%Y}."
        )
