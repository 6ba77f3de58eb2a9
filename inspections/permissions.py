"""Who may do what with inspections; scope itself is enforced by the querysets' `for_user`."""

from cchc_portal import roles

# Roles that see an inspection's working papers (draft findings and recommendations)
# before its conclusion is issued; unit staff see them once the conclusion is out.
DRAFT_READERS = (roles.INSPECTOR, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP)
TEAM_ROLES = (roles.INSPECTOR, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP)


def sees_drafts(user):
    return roles.has_any_role(user, *DRAFT_READERS)


def reader_key(user):
    """What the records a user reads through `for_user` depend on, for a cache key shared by
    readers who see the same rows: the scope (its path, "*" for everything), whether the
    user sees drafts, and for one who does not, the user (a team member sees their own
    inspections' drafts)."""
    scope = "*" if user.sees_everything else (user.unit.path if user.unit_id else None)
    drafts = sees_drafts(user)
    return (scope, drafts, None if drafts else user.pk)


def can_manage_plans(user, unit=None):
    """Internal affairs keep the annual inspection plans of the units in their scope."""
    return roles.can_manage_units(user, unit)


def can_create_inspection(user):
    return roles.has_any_role(user, roles.INSPECTOR, roles.INTERNAL_AFFAIRS)


def is_on_team(user, inspection):
    """Lead or member; reads the prefetched members, so no query in a loop."""
    if not user.is_authenticated:
        return False
    if inspection.lead_id == user.pk:
        return True
    return any(member.pk == user.pk for member in inspection.members.all())


def can_manage_inspection(user, inspection):
    """Change the schedule and the team: internal affairs in scope, the team lead, admins.

    A leadership user may lead a team (a vice-chair often does) but stays read-only."""
    if inspection.is_frozen:
        return False
    if user.is_administrator or (inspection.lead_id == user.pk and roles.can_write(user)):
        return True
    return roles.can_manage_units(user, inspection.unit)


def is_team_or_admin(user, inspection):
    """Writes for the team (start, record, conclude): administrators, and team members with a
    role that writes; leadership on a team reads its working papers and nothing more."""
    if user.is_administrator:
        return True
    return roles.can_write(user) and is_on_team(user, inspection)


def can_record(user, inspection):
    """Findings, recommendations, checklist, snapshot and conclusion: the team only, and only
    until the conclusion is issued."""
    return not inspection.is_frozen and is_team_or_admin(user, inspection)


def can_submit_remediation(user, recommendation):
    """Staff of the unit a recommendation is addressed to report what they fixed."""
    return roles.can_edit_unit_records(user, recommendation.responsible_unit)


def can_review(user, recommendation):
    """Internal affairs whose scope covers the responsible unit accept or return reports."""
    return roles.has_any_role(user, roles.INTERNAL_AFFAIRS) and user.can_see_unit(
        recommendation.responsible_unit
    )


def can_manage_catalogue(user):
    """The shortcoming catalogue is kept by the administrator alone; everyone reads it.

    One list for every city, not one per city: the recurrence counts (how many inspections,
    in how many units, found the same shortcoming) and the province's comparisons only mean
    something if every city files a shortcoming under the same entry, and a city's internal
    affairs must not rename or switch off an entry that another city's findings use. A city
    that needs a new entry asks the administrator. The other shared lists (reform areas,
    procedure fields) follow the same rule: they are edited only in the Django admin.
    """
    return user.is_authenticated and user.is_administrator


def can_create_checklist(user):
    """Checklist templates belong to a unit: internal affairs write their own units' ones."""
    return roles.can_manage_units(user)


def can_edit_checklist(user, template):
    return roles.can_manage_units(user, template.unit)
