"""Helpers of the rounds and scorecard pages' tests (their fixtures are in conftest.py)."""

import datetime

from django.utils import timezone


def ahead(days=0):
    """Deadlines from today on: self-scoring in 10 days, then 10 days per stage."""
    today = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "self_scoring_due": today + datetime.timedelta(days=10),
        "appraisal_due": today + datetime.timedelta(days=20),
        "explanation_due": today + datetime.timedelta(days=30),
        "final_appraisal_due": today + datetime.timedelta(days=40),
    }


def ids(card):
    """{code: criterion id} of the card's criteria."""
    return dict(card.round.criteria_set.criteria.values_list("code", "pk"))


def leaf(card, code):
    return card.scores.get(criterion__code=code)
