"""Navigation by role. Each app lists its menu entries in `<app>/nav.py` as NAV_ITEMS."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse

from . import roles


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str  # a gettext_lazy string
    roles: tuple  # role codes that see the entry; administrators see all
    order: int = 100

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


def all_nav_items():
    items = []
    for config in apps.get_app_configs():
        module = _optional_module(f"{config.name}.nav")
        if module is None:
            continue
        items.extend(module.NAV_ITEMS)
    return sorted(items, key=lambda item: item.order)


def home_panels(request):
    """Blocks other apps add to the home page: `<app>/home.py` defines `panels(request)`.

    Each returns a list of {"template": "<app>/_home_panel.html", ...context}; the home page
    includes each template with the dict as `panel`.
    """
    panels = []
    for config in apps.get_app_configs():
        module = _optional_module(f"{config.name}.home")
        if module is None:
            continue
        panels.extend(module.panels(request))
    return panels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    entries = []
    for item in all_nav_items():
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        entries.append(
            {
                "url": url,
                "label": item.label,
                "active": current == url if url == "/" else current.startswith(url),
            }
        )
    return {"nav_items": entries, "primary_role": roles.primary_role(user)}
