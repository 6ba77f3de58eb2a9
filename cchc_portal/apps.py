from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcPortalConfig(AppConfig):
    name = "cchc_portal"
    verbose_name = _("Organisation and users")
