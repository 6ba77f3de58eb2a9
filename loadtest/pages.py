"""The portal's pages as the load sees them: request kinds, stale messages, how forms are filled.

Plain Python (no locust), so the tests post the same filled forms through Django's client.
"""

import uuid

OVERVIEW = "overview"
UNIT_DASHBOARD = "unit dashboard"
FIGURES_READ = "figures read"  # a unit's figures page and a month's entry page
TASK_FORM = "task form"  # the progress form, read before each task update
TASK_UPDATE = "task update"
FIGURES_SAVE = "figures save"
LOGIN = "login"
KINDS = [OVERVIEW, UNIT_DASHBOARD, FIGURES_READ, TASK_FORM, TASK_UPDATE, FIGURES_SAVE, LOGIN]
WRITES = [TASK_UPDATE, FIGURES_SAVE]

# The Vietnamese of reforms.services.StaleEdit's and procedures.services.MonthChangedMeanwhile's
# messages: the page that refuses a stale save shows them (tests/loadtest checks them).
TASK_STALE = "Nhiệm vụ vừa được người khác cập nhật sau khi bạn mở biểu mẫu."
MONTH_STALE = "Người khác đã lưu số liệu tháng này sau khi bạn mở trang."

# The two counts a figures save raises by one: one more dossier received at the counter and
# resolved on time keeps the row balanced (carried over + received = resolved + pending) and
# its pending count, hence next month's carried over, unchanged.
RAISED_COLUMNS = ("received_counter", "resolved_on_time")


def unique_note():
    return f"Tải thử {uuid.uuid4().hex[:16]}"


def fill_task_progress(attrs, fields, *, note, status):
    """The progress form as a person fills it: a new note, the status `status` (done today
    unless the form offers an earlier date). Returns the version the form was read at."""
    fields["note"] = note
    if "status" in fields:  # a general task's status follows from its specific tasks
        fields["status"] = status
        today = attrs.get("data-today", "")
        # The form offers the stored completion date; a generated one may lie after today.
        if status == "done" and not ("" < fields.get("completed_on", "") <= today):
            fields["completed_on"] = today
    return int(fields["version"])


def fill_month_figures(fields, *, note, choose=min):
    """The month's entry grid with one field's row raised (see RAISED_COLUMNS) and a new note.

    `choose` picks the procedure field among the grid's codes. Returns (code, the raised
    values, the version the form was read at)."""
    codes = sorted(
        name.removesuffix("-received_counter")
        for name in fields
        if name.endswith("-received_counter")
    )
    code = choose(codes)
    values = {column: int(fields.get(f"{code}-{column}") or 0) + 1 for column in RAISED_COLUMNS}
    fields.update({f"{code}-{column}": str(value) for column, value in values.items()})
    fields["report-note"] = note
    return code, values, int(fields.get("report-version") or 0)
