"""Navigation by role. Each app lists its menu entries in `<app>/nav.py` as NAV_ITEMS."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles

# Menus that gather several apps' entries under one heading (a dropdown in the bar).
NAV_GROUPS = {
    "reform": _("Reform work"),
    "inspections": _("Inspections"),
}


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str  # a gettext_lazy string
    roles: tuple  # role codes that see the entry; administrators see all
    order: int = 100
    group: str | None = None  # a key of NAV_GROUPS; the group sits where its first entry is

    def visible_to(self, user):
        return roles.has_any_role(user, *self.roles)


def _optional_module(name):
    """Import `name` if the app has it; an error inside the module still surfaces."""
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


@cache
def _app_modules(name):
    """Each installed app's `<app>.<name>` module, in app order: found once per process, as
    looking for a module an app does not have searches the disk every time."""
    found = (_optional_module(f"{config.name}.{name}") for config in apps.get_app_configs())
    return tuple(module for module in found if module is not None)


@cache
def all_nav_items():
    items = [item for module in _app_modules("nav") for item in module.NAV_ITEMS]
    return tuple(sorted(items, key=lambda item: item.order))


def home_panels(request):
    """Blocks other apps add to the home page: `<app>/home.py` defines `panels(request)`.

    Each returns a list of {"template": "<app>/_home_panel.html", ...context}; the home page
    includes each template with the dict as `panel`.
    """
    panels = []
    for module in _app_modules("home"):
        panels.extend(module.panels(request))
    return panels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    entries = []
    groups = {}
    for item in all_nav_items():
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        entry = {
            "url": url,
            "label": item.label,
            "active": current == url if url == "/" else current.startswith(url),
        }
        if item.group is None:
            entries.append(entry)
        elif item.group in groups:
            groups[item.group]["children"].append(entry)
        else:
            groups[item.group] = {"label": NAV_GROUPS[item.group], "children": [entry]}
            entries.append(groups[item.group])
    for group in groups.values():
        group["active"] = any(child["active"] for child in group["children"])
    # A group with a single visible entry is shown as that entry.
    entries = [
        e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in entries
    ]
    return {
        "nav_items": entries,
        "primary_role": roles.primary_role(user),
        # The link from a record's history to the audit log (audit.views checks the same).
        "sees_audit_log": roles.is_internal_affairs(user),
    }
