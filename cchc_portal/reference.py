"""Fixed reference rows, written by a data migration and re-ensured by `load_demo`."""

ROLE_CODES = ["unit_staff", "inspector", "internal_affairs", "leadership", "administrator"]


def ensure_roles(role_model):
    for code in ROLE_CODES:
        role_model.objects.get_or_create(code=code)
