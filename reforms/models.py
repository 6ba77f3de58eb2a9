from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformArea(models.Model):
    """One of the seven areas of administrative reform (reference list, seeded by migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reform area")
        verbose_name_plural = _("reform areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
