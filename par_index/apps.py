from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "par_index"
    verbose_name = _("PAR index")

    def ready(self):
        from cchc_portal.figures import sources

        from . import selectors

        sources.register("par_index", selectors.report_index)
