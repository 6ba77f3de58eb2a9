"""Reference lists of the inspections: the shortcoming catalogue and checklist templates."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.models import TimeStampedModel, Unit
from cchc_portal.validators import plain_line
from cchc_portal.versioning import VersionedModel


class ShortcomingType(TimeStampedModel, VersionedModel):
    """A kind of shortcoming that recurs across units, so its recurrence can be counted."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[plain_line])
    area = models.ForeignKey(
        "reforms.ReformArea",
        verbose_name=_("reform area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shortcoming_types",
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shortcoming type")
        verbose_name_plural = _("shortcoming types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ChecklistTemplateQuerySet(models.QuerySet):
    def for_user(self, user):
        """Templates of the user's own units and of the units above them (a province's list)."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        ancestor_ids = [int(part) for part in user.unit.path.split(".") if part]
        return self.filter(Q(unit__path__startswith=user.unit.path) | Q(unit_id__in=ancestor_ids))

    def active(self):
        return self.filter(is_active=True)


class ChecklistTemplate(TimeStampedModel, VersionedModel):
    """A list of criteria an inspection team checks at a visit, kept by internal affairs."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="checklist_templates",
        help_text=_("The unit whose internal affairs office keeps this checklist."),
    )
    name = models.CharField(_("name"), max_length=300, validators=[plain_line])
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:checklist-detail", args=[self.pk])


class ChecklistCriterion(TimeStampedModel, VersionedModel):
    """One point to check, in a reform area, optionally tied to a shortcoming type."""

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist template"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    area = models.ForeignKey(
        "reforms.ReformArea",
        verbose_name=_("reform area"),
        on_delete=models.PROTECT,
        related_name="checklist_criteria",
    )
    text = models.CharField(_("criterion"), max_length=500, validators=[plain_line])
    guidance = models.TextField(
        _("how to check"), blank=True, help_text=_("What the inspector looks at or asks for.")
    )
    shortcoming_type = models.ForeignKey(
        ShortcomingType,
        verbose_name=_("shortcoming type when not met"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_criteria",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist criterion")
        verbose_name_plural = _("checklist criteria")
        ordering = ["area__order", "order", "pk"]

    def __str__(self):
        return self.text
