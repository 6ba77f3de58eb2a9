"""The load of `make loadtest`: a city's officers reading, its wards' staff reading and writing.

Environment: LOADTEST_TARGETS (the JSON of `loadtest.accounts`), LOADTEST_LEDGER (accepted
writes are appended there) and LOADTEST_OUTCOMES (status codes and write outcomes, written
when the run stops). Every write goes through the real page: read the form (its CSRF token
and version), change it as a person would, post it. A save refused because someone saved the
record in between ("refused as stale") is the optimistic lock working, not an error: the next
write reads the form again first.
"""

import itertools
import json
import os
import random
import time
from collections import Counter, defaultdict

from gevent.lock import Semaphore
from locust import HttpUser, between, events, task
from locust.exception import StopUser

from loadtest import ledger
from loadtest.html_forms import form_with
from loadtest.pages import (
    FIGURES_READ,
    FIGURES_SAVE,
    LOGIN,
    MONTH_STALE,
    OVERVIEW,
    TASK_FORM,
    TASK_STALE,
    TASK_UPDATE,
    UNIT_DASHBOARD,
    fill_month_figures,
    fill_task_progress,
    unique_note,
)

STATUSES = defaultdict(Counter)  # kind -> {"200": n, "302": n, "0": n (no response)...}
OUTCOMES = defaultdict(Counter)  # write kind -> {"accepted": n, "stale": n}
TIMES = defaultdict(list)  # kind -> response times, ms
FAILURES = defaultdict(list)  # kind -> why each failed request failed
RUN = {}

# As gunicorn's --timeout in scripts/loadtest.sh: a slow answer on a busy machine is measured,
# not counted as an error; one slower than this is an error.
TIMEOUT = 120
_targets = None
_staff_numbers = itertools.count()
_sessions = {}  # username -> the cookies of its one real login
_login_locks = defaultdict(Semaphore)


def targets():
    global _targets
    if _targets is None:
        with open(os.environ["LOADTEST_TARGETS"], encoding="utf-8") as source:
            _targets = json.load(source)
    return _targets


@events.test_start.add_listener
def _started(**kwargs):
    RUN["started"] = time.time()


@events.request.add_listener
def _count(name, response_time, response=None, exception=None, **kwargs):
    STATUSES[name][str(getattr(response, "status_code", 0) or 0)] += 1
    TIMES[name].append(round(response_time))
    if exception is not None:
        FAILURES[name].append(str(exception)[:200])


@events.user_error.add_listener
def _task_error(user_instance, exception, tb, **kwargs):
    # A task that raised (a page the locustfile could not read) is a failure too.
    FAILURES["task error"].append(f"{type(exception).__name__}: {exception}"[:200])


@events.test_stop.add_listener
def _write_outcomes(**kwargs):
    path = os.environ.get("LOADTEST_OUTCOMES")
    if path:
        RUN["seconds"] = time.time() - RUN.get("started", time.time())
        with open(path, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "run": RUN,
                    "statuses": STATUSES,
                    "times": TIMES,
                    "failures": FAILURES,
                    "outcomes": OUTCOMES,
                },
                out,
            )


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reading the page before the next click

    def log_in(self, username):
        """One real login per account (the login page, its CSRF token, the password check);
        the account's other users reuse its session, as a second browser tab would."""
        with _login_locks[username]:
            if username not in _sessions:
                page = self.client.get("/login/", name=LOGIN, timeout=TIMEOUT)
                found = form_with(page.text, "csrfmiddlewaretoken")
                fields = found[1] if found else {}
                fields.update(username=username, password=targets()["password"])
                with self.client.post(
                    "/login/",
                    data=fields,
                    name=LOGIN,
                    allow_redirects=False,
                    catch_response=True,
                    timeout=TIMEOUT,
                ) as response:
                    if response.status_code != 302:
                        response.failure(f"login as {username}: {response.status_code}")
                        raise StopUser
                _sessions[username] = self.client.cookies.get_dict()
        self.client.cookies.update(_sessions[username])

    def read(self, path, kind, form_field=None):
        """GET a page (a failure unless 200); with `form_field`, the (attrs, fields) of its
        form that has that field (a failure if none)."""
        with self.client.get(path, name=kind, catch_response=True, timeout=TIMEOUT) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")
                return None
            if form_field is None:
                return response.text
            found = form_with(response.text, form_field)
            if found is None:
                response.failure(f"{path}: no form with {form_field}")
            return found

    def post_write(self, path, kind, fields, stale_text, entry):
        """Post a form; 302 is accepted (the entry goes to the ledger), 200 with the stale
        message is refused as stale; anything else fails."""
        with self.client.post(
            path,
            data=fields,
            name=kind,
            allow_redirects=False,
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            if response.status_code == 302:
                OUTCOMES[kind]["accepted"] += 1
                ledger.append(os.environ["LOADTEST_LEDGER"], entry)
            elif response.status_code == 200 and stale_text in response.text:
                OUTCOMES[kind]["stale"] += 1
            elif response.status_code == 200:
                response.failure(f"{path}: the form was refused")
            else:
                response.failure(f"{path}: {response.status_code}")


class CityOfficer(PortalUser):
    """Internal affairs of the province: the overview, and any unit's pages."""

    weight = 1

    def on_start(self):
        self.log_in(random.choice(targets()["officers"]))

    @task(3)
    def overview(self):
        self.read("/dashboards/overview/", OVERVIEW)

    @task(2)
    def unit_dashboard(self):
        self.read(f"/dashboards/units/{random.choice(targets()['units'])}/", UNIT_DASHBOARD)

    @task(2)
    def unit_figures(self):
        self.read(f"/procedures/units/{random.choice(targets()['units'])}/", FIGURES_READ)


class WardStaff(PortalUser):
    """A ward's staff: their own unit's pages, task progress and the monthly figures."""

    weight = 3

    def on_start(self):
        staff = targets()["staff"]
        self.account = staff[next(_staff_numbers) % len(staff)]
        self.unit = self.account["unit"]
        self.log_in(self.account["username"])

    @task(3)
    def unit_dashboard(self):
        self.read(f"/dashboards/units/{self.unit}/", UNIT_DASHBOARD)

    @task(2)
    def unit_figures(self):
        self.read(f"/procedures/units/{self.unit}/", FIGURES_READ)

    @task(1)
    def month_page(self):
        self.read(self.month_path(random.choice(self.account["months"])), FIGURES_READ)

    @task(3)
    def task_update(self):
        task_id = random.choice(self.account["tasks"])
        path = f"/reforms/tasks/{task_id}/update/"
        found = self.read(path, TASK_FORM, form_field="version")
        if not found:
            return
        attrs, fields = found
        note = unique_note()
        status = random.choice(["in_progress", "done"])
        version = fill_task_progress(attrs, fields, note=note, status=status)
        entry = {"record": ledger.task_key(task_id), "version": version + 1, "note": note}
        self.post_write(path, TASK_UPDATE, fields, TASK_STALE, entry)

    @task(2)
    def figures_save(self):
        month = random.choice(self.account["months"])
        path = self.month_path(month)
        found = self.read(path, FIGURES_READ, form_field="report-version")
        if not found:
            return
        _attrs, fields = found
        note = unique_note()
        code, values, version = fill_month_figures(fields, note=note, choose=random.choice)
        entry = {
            "record": ledger.month_key(self.unit, month),
            "version": version + 1,
            "note": note,
            "field": code,
            "values": values,
        }
        self.post_write(path, FIGURES_SAVE, fields, MONTH_STALE, entry)

    def month_path(self, month):
        """The month's entry page ("YYYY-MM")."""
        year, number = month.split("-")
        return f"/procedures/units/{self.unit}/{int(year)}/{int(number)}/edit/"
