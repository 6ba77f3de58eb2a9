from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureField(models.Model):
    """A field of administrative procedures (reference list, editable, seeded by migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
