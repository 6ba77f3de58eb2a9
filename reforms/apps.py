from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("Reform plans")

    def ready(self):
        from . import summary

        summary.register()
