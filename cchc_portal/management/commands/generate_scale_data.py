"""Fill the database with a province of synthetic units and years, for `make bench`.

Province scale (DESIGN.md): ~120 units (100 wards/communes, 20 departments) under one province,
5 years. Each app's optional `scale.py` adds its rows with `generate(units, years, rng)` in bulk.
"""

import datetime
import random
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from cchc_portal.models import Role, Unit, User
from cchc_portal.reference import ensure_roles

BENCH_PASSWORD = "demo-cchc"


class Command(BaseCommand):
    help = "Generate province-scale synthetic data (units, users and every app's rows)."

    def add_arguments(self, parser):
        parser.add_argument("--wards", type=int, default=100)
        parser.add_argument("--departments", type=int, default=20)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--last-year", type=int, default=datetime.date.today().year)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        years = list(range(options["last_year"] - options["years"] + 1, options["last_year"] + 1))
        with transaction.atomic():
            ensure_roles(Role)
            province = Unit.objects.create(
                name="Tỉnh Thử nghiệm", code="bench-province", kind="province"
            )
            units = []
            for n in range(1, options["wards"] + 1):
                kind = Unit.Kind.WARD if n % 3 else Unit.Kind.COMMUNE
                units.append(
                    Unit.objects.create(
                        name=f"UBND {'phường' if kind == 'ward' else 'xã'} Thử nghiệm {n}",
                        short_name=f"{'P.' if kind == 'ward' else 'X.'} Thử nghiệm {n}",
                        code=f"bench-ward-{n}",
                        kind=kind,
                        parent=province,
                    )
                )
            for n in range(1, options["departments"] + 1):
                units.append(
                    Unit.objects.create(
                        name=f"Sở Thử nghiệm {n}",
                        code=f"bench-dept-{n}",
                        kind=Unit.Kind.DEPARTMENT,
                        parent=province,
                    )
                )
            accounts = [
                ("noivu.bench", province, Role.Code.INTERNAL_AFFAIRS),
                ("kiemtra.bench", province, Role.Code.INSPECTOR),
                ("canbo.bench", units[0], Role.Code.UNIT_STAFF),
            ]
            for username, unit, role in accounts:
                user = User.objects.create_user(
                    username,
                    password=BENCH_PASSWORD,
                    unit=unit,
                    first_name="Thử",
                    last_name="Nghiệm",
                )
                user.roles.set([role])
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.scale")
                except ModuleNotFoundError as exc:
                    if exc.name == f"{config.name}.scale":
                        continue
                    raise
                self.stdout.write(f"  {config.name} …")
                module.generate(units=units, years=years, rng=rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(units)} units under {province.name}, years {years[0]}–{years[-1]}."
            )
        )
