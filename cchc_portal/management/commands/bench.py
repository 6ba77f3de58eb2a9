"""Measure the main pages over HTTP against a running server, next to two baselines.

For each page: p50/p95 of the full request through the server (gunicorn in `make bench`),
next to the trivial /healthz/ view on the same server (the framework's floor) and next to
replaying the page's own SQL directly on the database (the database floor). Pages come from
each app's optional `bench.py` (`pages(user) -> [(label, path)]`).

Exits non-zero when a page misses its target, so `make bench` checks speed and memory.
"""

import http.cookiejar
import json
import statistics
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
        with self.opener.open(self.base_url + path, timeout=60) as response:
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


class Command(BaseCommand):
    help = "Benchmark the main pages against a running server (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--username", default="noivu.bench")
        parser.add_argument("--password", default="demo-cchc")
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--p95-ms", type=float, default=800.0, help="target p95 per page")
        parser.add_argument("--rss-mb", type=float, default=350.0, help="target worker RSS")
        parser.add_argument("--pids", default="", help="comma-separated server worker pids")
        parser.add_argument("--output", default="bench-results/latest.json")

    def handle(self, *args, **options):
        user = User.objects.get(username=options["username"])
        pages = self.pages(user)
        if not pages:
            raise CommandError("No pages to measure.")
        session = HttpSession(options["base_url"])
        session.login(options["username"], options["password"])
        repeat = options["requests"]

        baseline = timed(lambda: session.get("/healthz/"), repeat)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        rows = []
        for label, path in pages:
            status, body = session.get(path)
            if status != 200:
                raise CommandError(f"{label} {path} answered {status}")
            for _ in range(2):  # warm-up
                session.get(path)
            http_ms = timed(lambda path=path: session.get(path), repeat)
            with CaptureQueriesContext(connection) as captured:
                in_process = client.get(path)
            if in_process.status_code != 200:
                raise CommandError(f"{label} {path} answered {in_process.status_code} in-process")
            statements = [q["sql"] for q in captured.captured_queries]
            sql_ms = timed(lambda statements=statements: self.replay(statements), repeat)
            rows.append(
                {
                    "page": label,
                    "path": path,
                    "bytes": len(body),
                    "queries": len(statements),
                    "p50_ms": round(statistics.median(http_ms), 1),
                    "p95_ms": round(percentile(http_ms, 0.95), 1),
                    "sql_p50_ms": round(statistics.median(sql_ms), 1),
                    "sql_p95_ms": round(percentile(sql_ms, 0.95), 1),
                }
            )
        rss = self.rss_mb(options["pids"])
        result = {
            "database": connection.vendor,
            "requests_per_page": repeat,
            "trivial_p50_ms": round(statistics.median(baseline), 1),
            "trivial_p95_ms": round(percentile(baseline, 0.95), 1),
            "worker_rss_mb": rss,
            "pages": rows,
        }
        self.report(result, options)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        failures = [r["page"] for r in rows if r["p95_ms"] > options["p95_ms"]]
        if rss and max(rss.values()) > options["rss_mb"]:
            failures.append(f"worker RSS {max(rss.values())} MB")
        if failures:
            raise CommandError("Targets missed: " + ", ".join(failures))
        self.stdout.write(self.style.SUCCESS("All pages within targets."))

    def pages(self, user):
        pages = []
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.bench")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.bench":
                    continue
                raise
            pages.extend(module.pages(user))
        return pages

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

    def report(self, result, options):
        write = self.stdout.write
        write(
            f"database {result['database']}, {result['requests_per_page']} requests per page; "
            f"trivial view p50 {result['trivial_p50_ms']} ms, p95 {result['trivial_p95_ms']} ms"
        )
        header = f"{'page':<34} {'queries':>7} {'p50':>8} {'p95':>8} {'sql p50':>8} {'sql p95':>8} {'KiB':>6}"
        write(header)
        write("-" * len(header))
        for row in result["pages"]:
            write(
                f"{row['page'][:34]:<34} {row['queries']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['sql_p50_ms']:>8} {row['sql_p95_ms']:>8} {row['bytes'] // 1024:>6}"
            )
        if result["worker_rss_mb"]:
            write(f"worker RSS (MB): {result['worker_rss_mb']}")
        write(
            f"targets: p95 ≤ {options['p95_ms']} ms per page, worker RSS ≤ {options['rss_mb']} MB"
        )
