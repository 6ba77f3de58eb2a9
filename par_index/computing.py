"""Fill a scorecard's computed scores from its criteria's rules (`par_index.rules`)."""


def compute_card(card, *, today=None):
    """Compute every rule-bearing criterion of `card`: its computed score, value and detail,
    its automatic evidence; a draft's empty self score starts at the computed one.
    (Implemented by the rules work.)"""
    return card
