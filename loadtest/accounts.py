"""Unit-staff accounts for the load, and the targets each may write, as JSON.

`python -m loadtest.accounts --units 20 --out targets.json` after `generate_scale_data`:
one unit-staff account per ward (`canbo.load01`...; unit staff write only their own unit's
records, so writes spread over several units), the specific tasks of each ward's latest plan
and the months of the current year it may enter. Re-running updates the same accounts.
"""

import argparse
import json
import os


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20, help="wards with a unit-staff account")
    parser.add_argument("--out", required=True, help="the targets file (JSON) for the locustfile")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")
    import django

    django.setup()
    targets = build_targets(options.units)
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump(targets, out, indent=1)
    print(
        f"loadtest: {len(targets['staff'])} unit-staff accounts, "
        f"{sum(len(s['tasks']) for s in targets['staff'])} tasks, "
        f"{sum(len(s['months']) for s in targets['staff'])} months to write"
    )


def build_targets(unit_count):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from cchc_portal.figures.months import month_start
    from cchc_portal.management.commands.generate_scale_data import BENCH_PASSWORD
    from cchc_portal.models import Role, Unit, User
    from procedures.models import MonthlyReport
    from reforms import services as reform_services
    from reforms.models import ReformPlan, ReformTask

    this_month = month_start(timezone.localdate())
    officer = User.objects.select_related("unit").get(username="noivu.bench")
    in_reach = Unit.objects.filter(path__startswith=officer.unit.path).exclude(pk=officer.unit_id)
    wards = list(
        in_reach.filter(kind__in=[Unit.Kind.WARD, Unit.Kind.COMMUNE]).order_by("pk")[:unit_count]
    )
    # One hash for every account: PBKDF2 costs the same per account and proves nothing here.
    password = make_password(BENCH_PASSWORD)
    staff = []
    with transaction.atomic():
        for number, ward in enumerate(wards, start=1):
            user, _created = User.objects.update_or_create(
                username=f"canbo.load{number:02d}",
                defaults={
                    "unit": ward,
                    "password": password,
                    "first_name": "Tải",
                    "last_name": "Thử",
                    "is_active": True,
                },
            )
            user.roles.set([Role.Code.UNIT_STAFF])
            plan = ReformPlan.objects.filter(unit=ward).order_by("-year").first()
            writable = ReformTask.objects.filter(plan=plan, parent__isnull=False).exclude(
                status=ReformTask.Status.CANCELLED
            )
            through = plan and reform_services.plan_reported_through(plan)
            if through is not None:
                # A submitted report counted the tasks done by that day: their dates no longer
                # change (reforms.services.refuse_reported_change), so a person would not try.
                writable = writable.exclude(completed_on__lte=through)
                if reform_services.plan_final_reason(plan, through):
                    writable = writable.none()
            tasks = list(writable.order_by("pk").values_list("pk", flat=True))
            months = [
                f"{month:%Y-%m}"
                for month in MonthlyReport.objects.filter(
                    unit=ward, month__year=this_month.year, month__lte=this_month
                )
                .order_by("month")
                .values_list("month", flat=True)
            ]
            if tasks and months:
                staff.append(
                    {"username": user.username, "unit": ward.pk, "tasks": tasks, "months": months}
                )
    if not staff:
        raise SystemExit("loadtest: no ward with tasks and months; run generate_scale_data first")
    return {
        "password": BENCH_PASSWORD,
        "officers": [officer.username],
        "units": list(in_reach.order_by("pk").values_list("pk", flat=True)),
        "staff": staff,
    }


if __name__ == "__main__":
    main()
