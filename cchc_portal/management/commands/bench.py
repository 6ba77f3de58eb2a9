"""Measure the main pages over HTTP against a running server, next to two baselines.

For each page: p50/p95 of the full request through the server (gunicorn in `make bench`),
next to the trivial /healthz/ view on the same server (the framework's floor) and next to
replaying the page's own SQL directly on the database (the database floor, `sql_floor_ms`).
Pages come from each app's optional `bench.py`: `pages(user) -> [(label, path[, budget])]`
at province scale, `national_pages(user)` likewise at national scale (called for each
account measured), where `budget` names the page's budget class (default "page").

Budgets are multiples of the trivial view's p50 measured in the same run (`ratio` = p95 ÷
trivial p50), so they hold on a faster or a busier machine; the absolute figures are what
they mean on the 2-core bench machine, trivial ≈ 6 ms. The defaults, each overridable:
- province, "overview" (home, city overview): p95 ≤ 24× (≈ 150 ms), `--overview-budget`;
- province, "page" (every other page): p95 ≤ 10× (≈ 60 ms), `--page-budget`;
- province, "pdf" (conclusion notice and unit summary PDFs): p95 ≤ 160× (≈ 1 s),
  `--pdf-budget`;
- province, every page's own SQL replayed: p50 ≤ 5× (≈ 30 ms), `--sql-floor-budget`;
- national, "national-overview" (the country overview, a province's overview as the
  national and as the province user, paginated): p95 ≤ 48× (≈ 300 ms),
  `--national-overview-budget` (the SQL floor is reported, not checked, at national scale
  unless `--national-sql-floor-budget` is given).
Exits non-zero when a page misses its budget or a worker's memory its target.
"""

import datetime
import http.cookiejar
import json
import os
import platform
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cchc_portal.models import User

SCALES = {
    "province": {"users": ["noivu.bench"], "hook": "pages", "output": "latest.json"},
    "national": {
        "users": ["quocgia.bench", "noivu.bench"],
        "hook": "national_pages",
        "output": "national.json",
    },
}
BUDGET_CLASSES = ("overview", "page", "pdf", "national-overview")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class HttpSession:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=120) as response:
            body = response.read()
            return response.status, body

    def login(self, username, password):
        self.get("/login/")
        token = next(c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base_url + "/login/", data=data, headers={"Referer": self.base_url + "/login/"}
        )
        with self.opener.open(request, timeout=60) as response:
            response.read()
        if not any(c.name == settings.SESSION_COOKIE_NAME for c in self.jar):
            raise CommandError(f"Could not log in as {username}.")


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def page_entries(module, hook, user):
    """(label, path, budget class) of one app's pages for `user` (none without the hook)."""
    function = getattr(module, hook, None)
    if function is None:
        return []
    entries = []
    for entry in function(user):
        label, path, *rest = entry
        budget = rest[0] if rest else "page"
        if budget not in BUDGET_CLASSES:
            raise CommandError(f"{module.__name__}: unknown budget class {budget!r} for {label}")
        entries.append((label, path, budget))
    return entries


def machine_info():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "", ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database_version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database_version = f"{connection.vendor} {connection.Database.sqlite_version}"
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "database_version": database_version,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": commit + ("-dirty" if dirty else ""),
    }


class Command(BaseCommand):
    help = "Benchmark the main pages against a running server (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument(
            "--username",
            action="append",
            help="account(s) to measure as (repeatable; default: the scale's bench accounts)",
        )
        parser.add_argument("--password", default="demo-cchc")
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--overview-budget", type=float, default=24.0)
        parser.add_argument("--page-budget", type=float, default=10.0)
        parser.add_argument("--pdf-budget", type=float, default=160.0)
        parser.add_argument("--sql-floor-budget", type=float, default=5.0)
        parser.add_argument("--national-overview-budget", type=float, default=48.0)
        parser.add_argument("--national-sql-floor-budget", type=float, default=None)
        parser.add_argument("--rss-mb", type=float, default=350.0, help="target worker RSS")
        parser.add_argument("--pids", default="", help="comma-separated server worker pids")
        parser.add_argument("--scale-args", default="", help="the generator's arguments, recorded")
        parser.add_argument(
            "--generation-seconds", type=float, default=None, help="data generation time, recorded"
        )
        parser.add_argument(
            "--generator-cpu-seconds", type=float, default=None, help="its CPU time, recorded"
        )
        parser.add_argument(
            "--database-cpu-seconds",
            type=float,
            default=None,
            help="the database server's CPU time while the data was generated, recorded",
        )
        parser.add_argument("--output", default="", help="default: bench-results/<scale file>")

    def budgets(self, options):
        """{class: p95 ÷ trivial p50 allowed}, and the SQL floor's (None: not checked)."""
        p95 = {
            "overview": options["overview_budget"],
            "page": options["page_budget"],
            "pdf": options["pdf_budget"],
            "national-overview": options["national_overview_budget"],
        }
        if options["scale"] == "national":
            return p95, options["national_sql_floor_budget"]
        return p95, options["sql_floor_budget"]

    def handle(self, *args, **options):
        scale = SCALES[options["scale"]]
        usernames = options["username"] or scale["users"]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        missing = [name for name in usernames if name not in users]
        if missing:
            raise CommandError(f"No such account(s): {', '.join(missing)} (generate the data).")
        modules = self.modules()
        plan = [
            (users[name], entry)
            for name in usernames
            for module in modules
            for entry in page_entries(module, scale["hook"], users[name])
        ]
        if not plan:
            raise CommandError("No pages to measure.")
        sessions, clients = {}, {}
        for name in usernames:
            sessions[name] = HttpSession(options["base_url"])
            sessions[name].login(name, options["password"])
            clients[name] = Client(HTTP_HOST="127.0.0.1")
            clients[name].force_login(users[name])
        repeat = options["requests"]
        trivial = sessions[usernames[0]]
        baseline = timed(lambda: trivial.get("/healthz/"), repeat)
        measured = [self.measure(sessions, clients, user, entry, repeat) for user, entry in plan]
        # The floor measured before and after the pages: one figure for the whole run.
        baseline += timed(lambda: trivial.get("/healthz/"), repeat)
        trivial_p50 = statistics.median(baseline)
        p95_budgets, sql_budget = self.budgets(options)
        rows = []
        for row in measured:
            budget = p95_budgets[row["budget"]]
            row["scale"] = options["scale"]
            row["ratio"] = round(row["p95_ms"] / trivial_p50, 1)
            row["budget_ratio"] = budget
            row["sql_floor_ratio"] = round(row["sql_floor_ms"] / trivial_p50, 1)
            row["sql_floor_budget_ratio"] = sql_budget
            row["misses"] = []
            if row["p95_ms"] > budget * trivial_p50:
                row["misses"].append("p95")
            if sql_budget is not None and row["sql_floor_ms"] > sql_budget * trivial_p50:
                row["misses"].append("sql floor")
            rows.append(row)
        rss = self.rss_mb(options["pids"])
        result = {
            "scale": options["scale"],
            "scale_args": options["scale_args"],
            "generation_seconds": options["generation_seconds"],
            "generation_cpu_seconds": {
                "generator": options["generator_cpu_seconds"],
                "database": options["database_cpu_seconds"],
            },
            "machine": machine_info(),
            "database": connection.vendor,
            "requests_per_page": repeat,
            "trivial_p50_ms": round(trivial_p50, 2),
            "trivial_p95_ms": round(percentile(baseline, 0.95), 2),
            "budgets": {"p95_ratio": p95_budgets, "sql_floor_ratio": sql_budget},
            "worker_rss_mb": rss,
            "rss_target_mb": options["rss_mb"],
            "pages": rows,
        }
        self.report(result)
        output = Path(options["output"] or Path("bench-results") / scale["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"results: {output}")
        failures = [f"{r['page']} ({', '.join(r['misses'])})" for r in rows if r["misses"]]
        if rss and max(rss.values()) > options["rss_mb"]:
            failures.append(f"worker RSS {max(rss.values())} MB")
        if failures:
            raise CommandError("Budgets missed: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("All pages within budget."))

    def measure(self, sessions, clients, user, entry, repeat):
        label, path, budget = entry
        session = sessions[user.username]
        status, body = session.get(path)
        if status != 200:
            raise CommandError(f"{label} {path} answered {status}")
        for _ in range(2):  # warm-up
            session.get(path)
        http_ms = timed(lambda: session.get(path), repeat)
        with CaptureQueriesContext(connection) as captured:
            in_process = clients[user.username].get(path)
        if in_process.status_code != 200:
            raise CommandError(f"{label} {path} answered {in_process.status_code} in-process")
        statements = [q["sql"] for q in captured.captured_queries]
        sql_ms = timed(lambda: self.replay(statements), repeat)
        return {
            "page": label,
            "path": path,
            "user": user.username,
            "budget": budget,
            "bytes": len(body),
            "queries": len(statements),
            "p50_ms": round(statistics.median(http_ms), 1),
            "p95_ms": round(percentile(http_ms, 0.95), 1),
            "sql_floor_ms": round(statistics.median(sql_ms), 1),
            "sql_floor_p95_ms": round(percentile(sql_ms, 0.95), 1),
        }

    @staticmethod
    def modules():
        found = []
        for config in apps.get_app_configs():
            try:
                found.append(import_module(f"{config.name}.bench"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.bench":
                    raise
        return found

    @staticmethod
    def replay(statements):
        with connection.cursor() as cursor:
            for sql in statements:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    cursor.execute(sql)
                    cursor.fetchall()

    @staticmethod
    def rss_mb(pids):
        sizes = {}
        for pid in filter(None, pids.split(",")):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = round(int(line.split()[1]) / 1024, 1)
        return sizes

    def report(self, result):
        write = self.stdout.write
        machine = result["machine"]
        write(
            f"{result['scale']} scale ({result['scale_args'] or 'default size'}); "
            f"{machine['cpu_count']} × {machine['cpu_model']}; {result['database']}; "
            f"{result['requests_per_page']} requests per page; trivial view p50 "
            f"{result['trivial_p50_ms']} ms, p95 {result['trivial_p95_ms']} ms"
        )
        if result["generation_seconds"] is not None:
            cpu = result["generation_cpu_seconds"]
            write(
                f"data generated in {result['generation_seconds']:.0f} s (CPU: the generator "
                f"{cpu['generator'] or 0:.0f} s, the database {cpu['database'] or 0:.0f} s)"
            )
        header = (
            f"{'page':<40} {'queries':>7} {'p50':>7} {'p95':>7} {'ratio':>6} {'budget':>6} "
            f"{'sql':>7} {'ratio':>6} {'budget':>6} {'KiB':>6}  "
        )
        write("times in ms; ratios and budgets are multiples of the trivial view's p50;")
        write("sql = the page's own SQL replayed, p50")
        write(header)
        write("-" * len(header))
        for row in result["pages"]:
            sql_budget = row["sql_floor_budget_ratio"]
            write(
                f"{row['page'][:40]:<40} {row['queries']:>7} {row['p50_ms']:>7} "
                f"{row['p95_ms']:>7} {row['ratio']:>6} {row['budget_ratio']:>6g} "
                f"{row['sql_floor_ms']:>7} {row['sql_floor_ratio']:>6} "
                f"{'–' if sql_budget is None else format(sql_budget, 'g'):>6} "
                f"{row['bytes'] // 1024:>6}  {'MISS ' + ', '.join(row['misses']) if row['misses'] else ''}"
            )
        if result["worker_rss_mb"]:
            write(
                f"worker RSS (MB): {result['worker_rss_mb']} (target ≤ {result['rss_target_mb']})"
            )
