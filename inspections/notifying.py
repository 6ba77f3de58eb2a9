"""Who hears about what happens to a recommendation, and what they are told.

Messages are written in the portal's default language (Vietnamese): they are stored and
e-mailed, and their readers may not share the language of whoever triggered them.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc_portal import selectors
from notifications.services import notify


def _date(value):
    return formats.date_format(value, "d/m/Y")


def recommendations_issued(inspection, recommendations):
    """The conclusion is out: each responsible unit hears what it must fix, by when."""
    by_unit = {}
    for recommendation in recommendations:
        by_unit.setdefault(recommendation.responsible_unit, []).append(recommendation)
    with translation.override(settings.LANGUAGE_CODE):
        for unit, items in by_unit.items():
            lines = [
                _("%(number)s. %(text)s (deadline %(date)s)")
                % {"number": r.number, "text": r.text, "date": _date(r.due_on)}
                for r in items
            ]
            subject = ngettext(
                "%(count)d recommendation to remediate after the inspection of %(date)s",
                "%(count)d recommendations to remediate after the inspection of %(date)s",
                len(items),
            ) % {"count": len(items), "date": _date(inspection.start_on)}
            body = "\n".join(
                [
                    _("The conclusion of the inspection at %(unit)s has been issued.")
                    % {"unit": inspection.unit.name},
                    _("Recommendations addressed to %(unit)s:") % {"unit": unit.name},
                    *lines,
                ]
            )
            notify(
                recipients=selectors.unit_staff(unit),
                subject=subject,
                body=body,
                url=reverse("inspections:remediation-list"),
                kind="recommendation_issued",
            )


def report_submitted(recommendation, report):
    inspection = recommendation.inspection
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(unit)s submitted a remediation report for recommendation %(number)s") % {
            "unit": recommendation.responsible_unit.display_name,
            "number": recommendation.number,
        }
        body = "\n".join(
            [
                _("Inspection: %(inspection)s") % {"inspection": inspection},
                _("Recommendation: %(text)s") % {"text": recommendation.text},
                _("Report: %(text)s") % {"text": report.text},
            ]
        )
        notify(
            recipients=[
                *selectors.internal_affairs_over(recommendation.responsible_unit),
                inspection.lead,
            ],
            subject=subject,
            body=body,
            url=recommendation.get_absolute_url(),
            kind="report_submitted",
        )


def report_reviewed(recommendation, report):
    accepted = report.decision == report.Decision.ACCEPTED
    with translation.override(settings.LANGUAGE_CODE):
        if accepted:
            subject = _("Recommendation %(number)s: remediation accepted") % {
                "number": recommendation.number
            }
        else:
            subject = _("Recommendation %(number)s: report returned, please complete it") % {
                "number": recommendation.number
            }
        lines = [_("Recommendation: %(text)s") % {"text": recommendation.text}]
        if report.review_comment:
            lines.append(_("Reviewer's comment: %(comment)s") % {"comment": report.review_comment})
        if not accepted:
            lines.append(_("Deadline: %(date)s") % {"date": _date(recommendation.due_on)})
        notify(
            recipients=[
                *selectors.unit_staff(recommendation.responsible_unit),
                report.submitted_by,
            ],
            subject=subject,
            body="\n".join(lines),
            url=recommendation.get_absolute_url(),
            kind="report_accepted" if accepted else "report_returned",
        )


def recommendation_overdue(recommendation):
    """Sent once, the first day a recommendation is past its deadline."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Recommendation %(number)s for %(unit)s is past its deadline (%(date)s)") % {
            "number": recommendation.number,
            "unit": recommendation.responsible_unit.display_name,
            "date": _date(recommendation.due_on),
        }
        notify(
            recipients=[
                *selectors.unit_staff(recommendation.responsible_unit),
                *selectors.internal_affairs_over(recommendation.responsible_unit),
            ],
            subject=subject,
            body=_("Recommendation: %(text)s") % {"text": recommendation.text},
            url=recommendation.get_absolute_url(),
            kind="recommendation_overdue",
        )


def overdue_reminder(user, recommendations):
    """The daily reminder to a unit's staff: everything of theirs still overdue."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Reminder: %(count)d overdue recommendation to remediate",
            "Reminder: %(count)d overdue recommendations to remediate",
            len(recommendations),
        ) % {"count": len(recommendations)}
        lines = [
            _("%(number)s. %(text)s (deadline %(date)s)")
            % {"number": r.number, "text": r.text, "date": _date(r.due_on)}
            for r in recommendations
        ]
        notify(
            recipients=[user],
            subject=subject,
            body="\n".join(lines),
            url=reverse("inspections:remediation-list"),
            kind="overdue_reminder",
        )
