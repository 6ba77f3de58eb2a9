from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using, verbosity=1, **kwargs):
    """`migrate` also creates the database cache's table, so every path that migrates has it."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class CchcPortalConfig(AppConfig):
    name = "cchc_portal"
    verbose_name = _("Organisation and users")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cchc-cache-table")
