"""The login page's other ways in: the single sign-on button while OpenID Connect is set."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("registration/single_sign_on.html", takes_context=True)
def single_sign_on(context):
    if not settings.OIDC_ENABLED:
        return {"url": None}
    url = reverse("oidc_authentication_init")
    if context.get("next"):
        url += "?" + urlencode({"next": context["next"]})
    return {
        "url": url,
        "label": settings.OIDC_LOGIN_LABEL or _("Sign in with single sign-on"),
    }
