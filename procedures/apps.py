from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Procedures and e-government")

    def ready(self):
        from . import summaries

        summaries.register()
