"""Synthetic PAR index rounds at province scale for `make bench` (bulk inserts, no history rows).

Per province (`units[0].parent`, where the bench's internal affairs sit): the demo's sample
criteria set for wards and communes (`par_index.demo.SPEC`: 10 areas, 40 sub-criteria, 100
points) for each of the last two years asked for, and a round of the province over its wards
and communes on each. The newest round's scorecards are at every stage, in turn: self-scoring
(partly filled), submitted, appraised (some scores lowered with a comment), finalised (an
explanation and a final score where the appraisal changed one); every older round is
finalised, so the ranking's change against last year has data. Cards past self-scoring carry
a few evidence rows. Called again (the query-count test grows the data), a year that has its
set already is kept, and a unit added since gets its card in every round of the province.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from cchc_portal import bulk
from cchc_portal.models import User

from .demo import ROUND_TITLE, SET_DECISION, SET_NAME, SET_NOTE, SPEC
from .factories import round_dates
from .models import (
    CriteriaSet,
    Criterion,
    Evidence,
    Score,
    Scorecard,
    ScoringRound,
    UnitLevel,
)

Status = Scorecard.Status
# The newest round's cards take these stages in turn, by their unit's order.
STAGES = (Status.DRAFT, Status.SUBMITTED, Status.APPRAISED, Status.FINALISED)
ROUNDS = 2  # the last two years asked for: the newest and last year's
EVIDENCE_PER_CARD = 3  # on the first leaves of a card past self-scoring
CENT = Decimal("0.01")
COMPUTED_DETAIL = "Tính từ số liệu của đơn vị trên Cổng CCHC (dữ liệu thử nghiệm)."
LOWERED = "Tài liệu kiểm chứng chưa chứng minh đủ mức điểm tự chấm."
EXPLAINED = "Đơn vị bổ sung tài liệu kiểm chứng."
SETTLED = "Giữ điểm thẩm định."


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def generate(*, units, years, rng):
    province = units[0].parent
    reviewer = User.objects.get(username="noivu.bench")
    staff = User.objects.get(username="canbo.bench")
    created = []
    for year in years[-ROUNDS:]:
        if CriteriaSet.objects.filter(unit=province, year=year, level=UnitLevel.COMMUNE).exists():
            continue
        criteria_set = criteria_set_for(province, year)
        created += ScoringRound.objects.bulk_create(
            [
                ScoringRound(
                    unit=province,
                    criteria_set=criteria_set,
                    year=year,
                    title=ROUND_TITLE.format(year=year),
                    created_by=reviewer,
                    **round_dates(year),
                )
            ]
        )
    rounds = list(
        ScoringRound.objects.filter(unit=province, criteria_set__level=UnitLevel.COMMUNE)
        .select_related("criteria_set")
        .order_by("-year", "-pk")
    )
    for rnd in rounds:
        _cards(rnd, newest=rnd == rounds[0], people=(staff, reviewer), rng=rng)
    return created


def criteria_set_for(province, year):
    """The demo's sample set of `year` issued by `province`, its tree inserted level by level
    (each node's depth, area and kind set as `Criterion.save` would)."""
    [criteria_set] = CriteriaSet.objects.bulk_create(
        [
            CriteriaSet(
                unit=province,
                year=year,
                level=UnitLevel.COMMUNE,
                name=SET_NAME.format(year=year),
                decision=SET_DECISION,
                decimal_places=2,
                is_sample=True,
                note=SET_NOTE,
            )
        ]
    )
    # (spec row, parent Criterion or None) level by level, positions in depth-first order.
    position = 0
    areas, middles, leaves = [], [], []
    for code, text, max_points, kind, children in SPEC:
        position += 1
        area = Criterion(
            criteria_set=criteria_set,
            code=code,
            text=text,
            max_points=Decimal(max_points),
            kind=kind,
            position=position,
            depth=0,
        )
        areas.append(area)
        for child in children:
            position += 1
            if isinstance(child[3], list):
                sub_code, sub_text, sub_max, grandchildren = child
                middle = Criterion(
                    criteria_set=criteria_set,
                    code=sub_code,
                    text=sub_text,
                    max_points=Decimal(sub_max),
                    kind=kind,
                    position=position,
                    depth=1,
                )
                middles.append((middle, area))
                for leaf_code, leaf_text, leaf_max, guidance, rule in grandchildren:
                    position += 1
                    leaves.append(
                        (
                            Criterion(
                                criteria_set=criteria_set,
                                code=leaf_code,
                                text=leaf_text,
                                max_points=Decimal(leaf_max),
                                kind=kind,
                                position=position,
                                depth=2,
                                guidance=guidance,
                                rule=rule,
                            ),
                            middle,
                        )
                    )
            else:
                sub_code, sub_text, sub_max, guidance, rule = child
                leaves.append(
                    (
                        Criterion(
                            criteria_set=criteria_set,
                            code=sub_code,
                            text=sub_text,
                            max_points=Decimal(sub_max),
                            kind=kind,
                            position=position,
                            depth=1,
                            guidance=guidance,
                            rule=rule,
                        ),
                        area,
                    )
                )
    Criterion.objects.bulk_create(areas)
    Criterion.objects.filter(criteria_set=criteria_set, parent=None).update(area=F("pk"))
    for area in areas:
        area.area_id = area.pk
    for level in (middles, leaves):
        for node, parent in level:
            node.parent = parent
            node.area_id = parent.area_id
        Criterion.objects.bulk_create([node for node, _parent in level])
    return criteria_set


def _cards(rnd, *, newest, people, rng):
    """Cards (and their scores and evidence) for the round's scored units that have none."""
    has_card = set(rnd.scorecards.values_list("unit_id", flat=True))
    scored = [u for u in rnd.scored_units().order_by("path") if u.pk not in has_card]
    if not scored:
        return
    leaves = list(
        Criterion.objects.filter(criteria_set=rnd.criteria_set, children__isnull=True).order_by(
            "position", "pk"
        )
    )
    dates = round_dates(rnd.year)
    staff, reviewer = people
    cards = []
    for index, unit in enumerate(scored, start=len(has_card)):
        status = STAGES[index % len(STAGES)] if newest else Status.FINALISED
        reached = STAGES.index(status)
        card = Scorecard(round=rnd, unit=unit, status=status)
        if reached >= 1:
            card.submitted_at = _moment(dates["self_scoring_due"] - datetime.timedelta(days=2))
            card.submitted_by = staff
        if reached >= 2:
            card.appraised_at = _moment(dates["appraisal_due"] - datetime.timedelta(days=2))
            card.appraised_by = reviewer
        if reached >= 3:
            card.explained_at = _moment(dates["explanation_due"] - datetime.timedelta(days=2))
            card.explained_by = staff
            card.finalised_at = _moment(dates["final_appraisal_due"] - datetime.timedelta(days=2))
            card.finalised_by = reviewer
        cards.append(card)
    Scorecard.objects.bulk_create(cards)
    computed_at = _moment(dates["self_scoring_due"] - datetime.timedelta(days=10))
    scores = bulk.insert(_score(card, leaf, rng, computed_at) for card in cards for leaf in leaves)
    by_card = {}
    for score in scores:
        by_card.setdefault(score.scorecard_id, []).append(score)
    bulk.insert(
        Evidence(
            score=score,
            kind=Evidence.Kind.DOCUMENT,
            label=f"Văn bản kiểm chứng tiêu chí {leaf.code} năm {rnd.year}",
            page=str(n + 1),
            added_by=staff,
        )
        for card in cards
        if card.status != Status.DRAFT
        for n, (score, leaf) in enumerate(
            zip(by_card[card.pk][:EVIDENCE_PER_CARD], leaves, strict=False)
        )
    )


def _self_value(leaf, rng):
    """A self score: bonus and penalty points mostly none, the others mostly the maximum."""
    if leaf.kind in (Criterion.Kind.BONUS, Criterion.Kind.PENALTY):
        share = rng.choice((0, 0, 0, 0.5, 1))
    else:
        share = rng.choice((1, 1, 1, 1, 0.75, 0.5, 0))
    return (leaf.max_points * Decimal(share)).quantize(CENT)


def _score(card, leaf, rng, computed_at):
    reached = STAGES.index(card.status)
    # A draft is partly filled (about two leaves in three); every later card wholly.
    filled = reached >= 1 or rng.random() < 0.67
    score = Score(scorecard=card, criterion=leaf)
    if filled:
        score.self_score = _self_value(leaf, rng)
        if leaf.rule:
            score.computed_score = score.self_score
            score.computed_detail = COMPUTED_DETAIL
            score.computed_at = computed_at
    if reached >= 2:
        lowered = score.self_score > 0 and rng.random() < 0.15
        if lowered:
            score.appraised_score = (score.self_score / 2).quantize(CENT)
            score.appraisal_comment = LOWERED
        else:
            score.appraised_score = score.self_score
    if reached >= 3:
        score.final_score = score.appraised_score
        if score.appraisal_comment:
            score.explanation = EXPLAINED
            score.final_comment = SETTLED
    return score
