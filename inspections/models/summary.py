"""The recommendation summary: issued recommendations counted per unit, visit day, status and
deadline, so the overview and the board add up a few rows instead of joining every
recommendation to its inspection (issue 12). Derived: the raw recommendations are the truth.
"""

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cchc_portal.models import ScopedQuerySet, Unit

from .remediation import Recommendation, recommendation_conditions


class RecommendationSummaryQuerySet(ScopedQuerySet):
    unit_field = "responsible_unit"

    def held_within(self, first_day=None, last_day=None):
        """Rows of inspections held (visit date) within [first_day, last_day]."""
        rows = self
        if first_day is not None:
            rows = rows.filter(held_on__gte=first_day)
        if last_day is not None:
            rows = rows.filter(held_on__lte=last_day)
        return rows

    def figure_sums(self, today=None):
        """SUM expressions for every state (`recommendation_conditions`, the one definition,
        applied to the summary's columns of the same names), 0 when no row matches."""
        return {
            key: Sum("recommendations", filter=condition, default=0)
            for key, condition in recommendation_conditions(today).items()
        }


class RecommendationSummary(models.Model):
    """How many issued recommendations address one unit (`responsible_unit`), from the
    inspections held on one day (`held_on` = the inspection's `start_on`), with one `status`
    and one deadline (`due_on`).

    Keyed by (responsible_unit, held_on, status, due_on): the columns
    `recommendation_conditions` reads, named like the raw ones so the same Q objects apply.
    Only recommendations of issued inspections (concluded or closed) are counted. Derived:
    rebuilt from `Recommendation` rows on every write (`inspections.summaries`), never edited.
    """

    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="+",
        # The key's unique index starts with the unit: no second index.
        db_index=False,
    )
    held_on = models.DateField(_("visit date"))
    status = models.CharField(_("status"), max_length=20, choices=Recommendation.Status.choices)
    due_on = models.DateField(_("deadline"))
    recommendations = models.PositiveIntegerField(_("recommendations"))

    objects = RecommendationSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation summary")
        verbose_name_plural = _("recommendation summaries")
        ordering = ["responsible_unit", "held_on", "status", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsible_unit", "held_on", "status", "due_on"],
                name="recommendation_summary_key",
            ),
        ]

    def __str__(self):
        return (
            f"{self.held_on} · {self.get_status_display()} · {self.due_on}: {self.recommendations}"
        )
