"""Fill scorecards' computed scores from their criteria's rules (`par_index.rules`).

For each score whose criterion carries a registered rule: the rule's score goes to
`computed_score`, what was measured and how the score was reached to `computed_detail` (two
lines: the value, then the how), the time to `computed_at`; the score's automatic evidence
(`Evidence.automatic`) is replaced by the records the rule names, the evidence people chose is
kept. In a draft the self score starts at the computed one: it is filled when empty, and
follows a recomputation while it still equals the score computed before (the unit has not
entered another); a score the unit typed is never overwritten, and a computation that finds
no data leaves the self score as it is.

Only drafts are computed: once submitted, the card's computed values and evidence are what
the unit submitted with (a reopened card is a draft again). A round's cards are computed
together: each rule loads the figures of all their units at once (one or a few queries per
rule, whatever the number of units), then the rows are written in bulk, with their history.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cchc_portal.models import Unit

from . import rules
from .models import Evidence, Score, Scorecard

COMPUTED_FIELDS = ["computed_score", "computed_detail", "computed_at", "self_score"]


def compute_card(card, *, today=None, acting_user=None):
    """Compute every rule-bearing criterion of `card` (a draft; others are left as they
    are) and return it."""
    _compute(card.round, Scorecard.objects.filter(pk=card.pk), today, acting_user)
    card.refresh_from_db()
    return card


def compute_round(rnd, *, today=None, acting_user=None):
    """Compute the draft scorecards of a round, all units' figures read together."""
    _compute(rnd, Scorecard.objects.filter(round=rnd), today, acting_user)


@transaction.atomic
def _compute(rnd, cards, today, acting_user):
    today = today or timezone.localdate()
    cards = cards.filter(status=Scorecard.Status.DRAFT)
    ruled = Score.objects.filter(scorecard__in=cards, criterion__rule__in=list(rules.REGISTRY))
    scores = list(
        ruled.select_related("criterion__criteria_set", "scorecard__unit").order_by(
            "scorecard_id", "criterion__position", "pk"
        )
    )
    if not scores:
        return []
    units = Unit.objects.filter(pk__in=cards.values("unit_id"))
    by_rule = defaultdict(list)
    for score in scores:
        by_rule[score.criterion.rule].append(score)
    now = timezone.now()
    changed, unchanged, evidence = [], [], []
    loaded = {}  # rules sharing a loader (the two intake rates) read once
    with translation.override(settings.LANGUAGE_CODE):
        for key, rule_scores in by_rule.items():
            rule = rules.REGISTRY[key]
            if rule.load not in loaded:
                loaded[rule.load] = rule.load(units, rnd.year, today)
            data = loaded[rule.load]
            for score in rule_scores:
                unit = score.scorecard.unit
                result = rule.judge(
                    data.get(unit.pk),
                    unit,
                    rnd.year,
                    score.criterion,
                    rule.settings(score.criterion.rule_params),
                    today,
                )
                (changed if _apply(score, result, now) else unchanged).append(score)
                evidence.extend(
                    Evidence(
                        score=score,
                        automatic=True,
                        stage=Evidence.Stage.SELF,
                        **item,
                    )
                    for item in result.evidence
                )
    if changed:
        bulk_update_with_history(changed, Score, COMPUTED_FIELDS, default_user=acting_user)
    if unchanged:
        Score.objects.bulk_update(unchanged, ["computed_at"])
    _delete_with_history(
        Evidence.objects.filter(score__in=ruled.values("pk"), automatic=True), acting_user, now
    )
    if evidence:
        for item in evidence:
            item.label = item.label[:500]
        bulk_create_with_history(evidence, Evidence, default_user=acting_user)
    return scores


def _apply(score, result, now):
    """Put `result` on `score`; whether a value a person reads changed (history then)."""
    detail = "\n".join(part for part in (result.value, result.detail) if part)
    before = (score.computed_score, score.computed_detail, score.self_score)
    follows = score.self_score is None or score.self_score == score.computed_score
    if follows and result.score is not None:
        score.self_score = result.score
    score.computed_score = result.score
    score.computed_detail = detail
    score.computed_at = now
    return (score.computed_score, score.computed_detail, score.self_score) != before


def _delete_with_history(evidence, acting_user, now):
    """Delete the rows with one "deleted" history row each, in two queries whatever their
    number (as `bulk_create_with_history` writes; `manage.py audit_backfill` logs them)."""
    rows = list(evidence)
    if not rows:
        return
    history = Evidence.history.model
    history.objects.bulk_create(
        [
            history(
                **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
                history_date=now,
                history_type="-",
                history_user=acting_user,
            )
            for row in rows
        ]
    )
    Evidence.objects.filter(pk__in=[row.pk for row in rows])._raw_delete(evidence.db)
