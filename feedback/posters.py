"""A counter's public addresses, their QR codes, and its printable A4 poster (PDF).

The QR code is drawn by segno from the counter's current survey address: rotating the keys
(`services.counter_rotate_keys`) changes the address, so a poster printed before no longer
leads anywhere and a new one must be printed.
"""

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from . import tokens

POSTER_CSS = "feedback/manage.css"
_URL_NAMES = {tokens.QR: "survey:form", tokens.KIOSK: "survey:kiosk"}


def public_url(counter, use=tokens.QR):
    """The absolute address of `counter`'s survey page (QR) or tablet page (KIOSK)."""
    path = reverse(_URL_NAMES[use], kwargs={"token": tokens.counter_token(counter, use)})
    return settings.SITE_URL.rstrip("/") + path


def qr_code(url):
    return segno.make(url, error="m")


def qr_svg(url, scale=4):
    """The QR code of `url` as an inline <svg> element (drawn by segno from the URL alone)."""
    return mark_safe(qr_code(url).svg_inline(scale=scale, title=url))  # noqa: S308


def qr_data_uri(url, scale=10):
    return qr_code(url).svg_data_uri(scale=scale)


def poster_html(counter):
    """The poster as HTML, always in Vietnamese (it hangs at a Vietnamese counter)."""
    url = public_url(counter, tokens.QR)
    with translation.override("vi"):
        return render_to_string(
            "feedback/counter_poster.html",
            {"counter": counter, "unit": counter.unit, "url": url, "qr": qr_data_uri(url)},
        )


def poster_pdf(counter):
    """The A4 portrait poster of `counter` as PDF bytes."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find(POSTER_CSS))
    return HTML(string=poster_html(counter)).write_pdf(stylesheets=[stylesheet])
