"""Who may do what with the PAR index; scope itself is the querysets' `for_user`.

A unit's staff score their own unit and explain; internal affairs over a round's unit open it,
appraise, finalise and reopen; leadership and everyone else in scope only read.
"""

from django.core.exceptions import PermissionDenied

from cchc_portal import roles


def can_manage_sets(user, unit=None):
    """Internal affairs keep the criteria sets their unit (or one in their scope) issues."""
    return roles.can_manage_units(user, unit)


def can_manage_rounds(user, unit=None):
    """Internal affairs open and set the rounds of their unit's subtree."""
    return roles.can_manage_units(user, unit)


def can_appraise(user, card):
    """The appraisal team: internal affairs over the round's unit."""
    return roles.can_manage_units(user, card.round.unit)


def can_self_score(user, card):
    """Staff of exactly the scored unit fill in its self-scoring and its explanations."""
    return roles.can_edit_unit_records(user, card.unit)


def can_read_card(user, card):
    return user.can_see_unit(card.unit)


def can_follow_round(user, rnd):
    """The city's view of a round (its ranking): internal affairs and leadership over the
    round's unit, as reports' round pages (`reports.permissions.follows_rounds`)."""
    return roles.has_any_role(user, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP) and (
        user.can_see_unit(rnd.unit)
    )


def require(allowed):
    if not allowed:
        raise PermissionDenied
