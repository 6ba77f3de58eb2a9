"""Helpers for table rows written in Python instead of a template loop (long lists).

A template loop costs tens of microseconds per cell; the overview, the board, the plan and
inspection lists write their rows with these and escaped f-strings.
"""

from functools import cache
from html import escape

from django.urls import get_script_prefix, reverse

_PK = 2_147_483_647  # a placeholder id: reverse() once per URL name, then fill it in


@cache
def _url_pattern(name, script_prefix):
    return reverse(name, args=[_PK]).replace(str(_PK), "{}")


def object_url(name, pk):
    """reverse(name, args=[pk]) for a URL whose only argument is an id, without resolving
    the pattern again for every row (kept per script prefix, as reverse() reads it)."""
    return _url_pattern(name, get_script_prefix()).format(int(pk))


def escaped(value):
    """The HTML-escaped text of a value, as the templates' autoescape writes it."""
    return escape(str(value))
