"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`."""

from .models import ReformArea
from .reference import ensure_areas


def load(stdout=None):
    ensure_areas(ReformArea)
