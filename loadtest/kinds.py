"""The kinds of request the load reports on (locust's request names)."""

OVERVIEW = "overview"
UNIT_DASHBOARD = "unit dashboard"
FIGURES_READ = "figures read"  # a unit's figures page and a month's entry page
TASK_FORM = "task form"  # the progress form, read before each task update
TASK_UPDATE = "task update"
FIGURES_SAVE = "figures save"
LOGIN = "login"
KINDS = [OVERVIEW, UNIT_DASHBOARD, FIGURES_READ, TASK_FORM, TASK_UPDATE, FIGURES_SAVE, LOGIN]
WRITES = [TASK_UPDATE, FIGURES_SAVE]
