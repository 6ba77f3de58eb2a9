"""Who hears about a periodic report, and what they are told (notification + e-mail).

Messages are written in the portal's default language (Vietnamese): they are stored and
e-mailed, and their readers may not share the language of whoever triggered them.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc_portal import selectors
from notifications.services import notify


def _date(value):
    return formats.date_format(value, "d/m/Y")


def report_submitted(report, submission):
    rnd = report.round
    with translation.override(settings.LANGUAGE_CODE):
        if submission.is_late:
            subject = _("%(unit)s submitted its %(round)s late (deadline %(date)s)")
        else:
            subject = _("%(unit)s submitted its %(round)s")
        subject = subject % {
            "unit": report.unit.display_name,
            "round": rnd.title,
            "date": _date(rnd.deadline),
        }
        lines = [
            _("Submitted by %(user)s on %(when)s.")
            % {
                "user": submission.submitted_by,
                "when": formats.date_format(
                    timezone.localtime(submission.submitted_at), "d/m/Y H:i"
                ),
            }
        ]
        if submission.number > 1:
            lines.append(_("This is submission no. %(number)s.") % {"number": submission.number})
        if submission.note:
            lines.append(_("Note: %(note)s") % {"note": submission.note})
        notify(
            recipients=selectors.internal_affairs_over(rnd.unit),
            subject=subject,
            body="\n".join(lines),
            url=report.get_absolute_url(),
            kind="report_submitted",
        )


def report_returned(report, submission):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your %(round)s was returned for correction") % {"round": report.round.title}
        body = "\n".join(
            [
                _("Comment: %(comment)s") % {"comment": submission.return_comment},
                _("Correct the report and submit it again in the portal."),
            ]
        )
        notify(
            recipients=[*selectors.unit_staff(report.unit), submission.submitted_by],
            subject=subject,
            body=body,
            url=report.get_absolute_url(),
            kind="report_returned",
        )


def reminder_before(report, today):
    """The deadline is near and the unit has not submitted."""
    rnd = report.round
    days = (rnd.deadline - today).days
    with translation.override(settings.LANGUAGE_CODE):
        if days:
            subject = ngettext(
                "Reminder: the %(round)s is due in %(days)d day (%(date)s)",
                "Reminder: the %(round)s is due in %(days)d days (%(date)s)",
                days,
            )
        else:
            subject = _("Reminder: the %(round)s is due today (%(date)s)")
        subject = subject % {"round": rnd.title, "days": days, "date": _date(rnd.deadline)}
        body = _(
            "%(requester)s expects the report of %(unit)s by %(date)s. The draft is ready in "
            "the portal, generated from your figures: check it, complete the text and submit it."
        ) % {"requester": rnd.unit.name, "unit": report.unit.name, "date": _date(rnd.deadline)}
        return notify(
            recipients=selectors.unit_staff(report.unit),
            subject=subject,
            body=body,
            url=report.get_absolute_url(),
            kind="report_due",
        )


def reminder_after(report, today):
    """The deadline has passed and the unit still has not submitted (or resubmitted)."""
    rnd = report.round
    days = (today - rnd.deadline).days
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Overdue: the %(round)s was due %(days)d day ago (%(date)s)",
            "Overdue: the %(round)s was due %(days)d days ago (%(date)s)",
            days,
        ) % {"round": rnd.title, "days": days, "date": _date(rnd.deadline)}
        body = _(
            "%(requester)s has not received the report of %(unit)s. Submit it in the portal as "
            "soon as possible; it will be recorded as late."
        ) % {"requester": rnd.unit.name, "unit": report.unit.name}
        return notify(
            recipients=selectors.unit_staff(report.unit),
            subject=subject,
            body=body,
            url=report.get_absolute_url(),
            kind="report_overdue",
        )


def missing_reports(rnd, reports):
    """Once, after the deadline: internal affairs hear which units have not submitted."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(round)s: %(count)d unit has not submitted by the deadline",
            "%(round)s: %(count)d units have not submitted by the deadline",
            len(reports),
        ) % {"round": rnd.title, "count": len(reports)}
        body = "\n".join(f"- {report.unit.name}" for report in reports)
        return notify(
            recipients=selectors.internal_affairs_over(rnd.unit),
            subject=subject,
            body=body,
            url=reverse("reports:round-detail", args=[rnd.pk]) + "?show=missing",
            kind="report_missing",
        )
