"""Pages `manage.py bench` measures for this app: (label, path[, budget class]).

The results of the user's own unit (a province's subtree: every ward's answers summed per
unit, counter, month and field, as the city overview sums its units: "overview"), the
counter list, and a counter's public phone page and tablet page (ordinary pages).
"""

from django.urls import reverse

from . import tokens
from .models import Counter


def pages(user):
    found = [
        ("Survey results", reverse("feedback:results"), "overview"),
        ("Survey counters", reverse("feedback:counter-list")),
    ]
    counter = Counter.objects.for_user(user).active().order_by("unit__path", "pk").first()
    if counter is not None:
        token = tokens.counter_token(counter)
        found.append(("Survey phone page", reverse("survey:form", kwargs={"token": token})))
        kiosk = tokens.counter_token(counter, tokens.KIOSK)
        found.append(("Survey tablet page", reverse("survey:kiosk", kwargs={"token": kiosk})))
    return found
