"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`."""

from .models import ProcedureField
from .reference import ensure_fields


def load(stdout=None):
    ensure_fields(ProcedureField)
