"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`."""


def load(stdout=None):
    pass
