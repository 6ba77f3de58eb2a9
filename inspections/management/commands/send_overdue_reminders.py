"""Daily: tell units and reviewers about recommendations past their deadline.

Run once a day (cron / systemd timer): `manage.py send_overdue_reminders`.
- The first run after a deadline passes sends "deadline passed" to the unit's staff and to the
  internal affairs officers over it (once per recommendation).
- On later days each unit's staff get one reminder listing everything of theirs still overdue.
Running it twice on the same day sends nothing new.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cchc_portal import selectors
from inspections import notifying
from inspections.models import Recommendation
from notifications.models import Notification


class Command(BaseCommand):
    help = "Send the daily reminders about overdue recommendations (idempotent per day)."

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
                raise CommandError("--date must look like 2022-12-31") from exc
        passed = self._deadline_passed(today)
        reminded = self._daily_reminders(today)
        self.stdout.write(
            f"{passed} deadline-passed notice(s), {reminded} reminder(s) sent for {today:%d/%m/%Y}."
        )

    def _deadline_passed(self, today):
        sent = 0
        overdue = (
            Recommendation.objects.overdue(today)
            .filter(overdue_notified_on__isnull=True)
            .select_related("responsible_unit", "inspection__unit")
            .order_by("pk")
        )
        for recommendation in overdue:
            with transaction.atomic():
                # Claim the notice first: a second run at the same time sends nothing.
                claimed = Recommendation.objects.filter(
                    pk=recommendation.pk, overdue_notified_on__isnull=True
                ).update(overdue_notified_on=today)
                if claimed:
                    notifying.recommendation_overdue(recommendation)
                    sent += 1
        return sent

    def _daily_reminders(self, today):
        overdue = (
            Recommendation.objects.overdue(today)
            .filter(overdue_notified_on__lt=today)
            .select_related("responsible_unit")
            .order_by("responsible_unit_id", "due_on", "number")
        )
        by_unit = {}
        for recommendation in overdue:
            by_unit.setdefault(recommendation.responsible_unit, []).append(recommendation)
        if not by_unit:
            return 0
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        already = set(
            Notification.objects.filter(kind="overdue_reminder", created_at__gte=start).values_list(
                "recipient_id", flat=True
            )
        )
        sent = 0
        for unit, recommendations in by_unit.items():
            for user in selectors.unit_staff(unit):
                if user.pk in already:
                    continue
                with transaction.atomic():
                    notifying.overdue_reminder(user, recommendations)
                already.add(user.pk)
                sent += 1
        return sent
