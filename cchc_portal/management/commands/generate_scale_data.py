"""Fill the database with synthetic provinces of units and years, for `make bench`.

Province scale (DESIGN.md): ~120 units (100 wards/communes, 20 departments) under one province,
5 years. National scale (`--national`): 34 provinces of 97 wards/communes and 21 departments
(3,298 + 714 = 4,012 units, 4,046 with the provinces), the same shape per unit; the provinces
are the tree's roots (no district level since 07/2025, no country unit), so the national
account is an administrator, who sees everything (`User.sees_everything`).

Each app's optional `scale.py` adds its rows with `generate(units, years, rng)` in bulk, once
per province (`units[0].parent` is the province), inside `summaries.batch()` (the units a
generator's bulk writes touch are rebuilt once per province); the summary tables are then
rebuilt whole from the raw rows (`summaries.rebuild_all()`, timed), so they are exact whatever
the generators did.

Accounts (password `demo-cchc`): noivu.bench (internal affairs of the first province, the
province user), kiemtra.bench (inspector there), canbo.bench (staff of its first ward) and,
with several provinces, quocgia.bench (internal affairs and administrator: the national user).
"""

import datetime
import random
import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cchc_portal import summaries
from cchc_portal.models import Role, Unit, User
from cchc_portal.reference import ensure_roles

BENCH_PASSWORD = "demo-cchc"
NATIONAL = {"provinces": 34, "wards": 97, "departments": 21}


class Command(BaseCommand):
    help = "Generate province- or national-scale synthetic data (units, users, every app's rows)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=1)
        parser.add_argument("--wards", type=int, default=100, help="wards/communes per province")
        parser.add_argument("--departments", type=int, default=20, help="per province")
        parser.add_argument(
            "--national",
            action="store_true",
            help="the country: 34 provinces × (97 wards/communes + 21 departments)",
        )
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--last-year", type=int, default=datetime.date.today().year)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, **options):
        if options["national"]:
            options.update(NATIONAL)
        if options["provinces"] < 1 or options["wards"] < 1:
            raise CommandError("At least one province with one ward is needed.")
        rng = random.Random(options["seed"])
        write = self.stdout.write if options["verbosity"] else (lambda *args, **kwargs: None)
        years = list(range(options["last_year"] - options["years"] + 1, options["last_year"] + 1))
        generators = self.generators()
        started = time.perf_counter()
        with transaction.atomic():
            ensure_roles(Role)
            provinces = []
            for p in range(1, options["provinces"] + 1):
                province, units = self.province(p, options["wards"], options["departments"])
                if p == 1:
                    self.accounts(province, units, national=options["provinces"] > 1)
                provinces.append(province)
                # The summaries the generators' bulk writes touch: rebuilt once a province.
                with summaries.batch():
                    for name, module in generators:
                        if options["verbosity"] > 1 or options["provinces"] == 1:
                            write(f"  {province.name}: {name} …")
                        module.generate(units=units, years=years, rng=rng)
                if options["provinces"] > 1:
                    write(
                        f"  {p}/{options['provinces']} provinces "
                        f"({time.perf_counter() - started:.0f} s)"
                    )
            generated = time.perf_counter() - started
            write("  summaries …")
            summaries_started = time.perf_counter()
            summaries.rebuild_all()
            rebuilt = time.perf_counter() - summaries_started
        units_count = Unit.objects.count()
        write(
            self.style.SUCCESS(
                f"{units_count} units in {len(provinces)} province(s), years {years[0]}–{years[-1]}: "
                f"rows {generated:.1f} s, summaries rebuilt in {rebuilt:.1f} s, "
                f"total {time.perf_counter() - started:.1f} s "
                f"(this process's CPU {time.process_time():.0f} s)."
            )
        )

    @staticmethod
    def generators():
        found = []
        for config in apps.get_app_configs():
            try:
                found.append((config.name, import_module(f"{config.name}.scale")))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.scale":
                    raise
        return found

    @staticmethod
    def province(number, wards, departments):
        """The province `number` and its wards/communes then departments."""
        if number == 1:
            name, code = "Tỉnh Thử nghiệm", "bench-province"
        else:
            name, code = f"Tỉnh Thử nghiệm {number}", f"bench-province-{number}"
        province = Unit.objects.create(name=name, code=code, kind=Unit.Kind.PROVINCE)
        # The first province keeps the codes and names of the province-scale data.
        suffix = "" if number == 1 else f"-{number}"
        label = "" if number == 1 else f" ({number})"
        units = []
        for n in range(1, wards + 1):
            kind = Unit.Kind.WARD if n % 3 else Unit.Kind.COMMUNE
            units.append(
                Unit.objects.create(
                    name=f"UBND {'phường' if kind == 'ward' else 'xã'} Thử nghiệm {n}{label}",
                    short_name=f"{'P.' if kind == 'ward' else 'X.'} Thử nghiệm {n}{label}",
                    code=f"bench-ward{suffix}-{n}",
                    kind=kind,
                    parent=province,
                )
            )
        for n in range(1, departments + 1):
            units.append(
                Unit.objects.create(
                    name=f"Sở Thử nghiệm {n}{label}",
                    code=f"bench-dept{suffix}-{n}",
                    kind=Unit.Kind.DEPARTMENT,
                    parent=province,
                )
            )
        return province, units

    @staticmethod
    def accounts(province, units, *, national):
        accounts = [
            ("noivu.bench", province, [Role.Code.INTERNAL_AFFAIRS]),
            ("kiemtra.bench", province, [Role.Code.INSPECTOR]),
            ("canbo.bench", units[0], [Role.Code.UNIT_STAFF]),
        ]
        if national:
            accounts.append(
                ("quocgia.bench", None, [Role.Code.INTERNAL_AFFAIRS, Role.Code.ADMINISTRATOR])
            )
        for username, unit, codes in accounts:
            user = User.objects.create_user(
                username, password=BENCH_PASSWORD, unit=unit, first_name="Thử", last_name="Nghiệm"
            )
            user.roles.set(Role.objects.filter(code__in=codes))
