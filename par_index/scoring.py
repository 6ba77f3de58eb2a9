"""The one definition of a criteria set's tree, its checks, and a scorecard's totals.

Only leaves are scored. An area's points are the sum of its leaves'; a bonus area's sum is
capped at the area's maximum and added, a penalty area's is capped likewise and subtracted;
the citizen-survey part is added but kept apart. The index's maximum is the sum of the
regular and survey areas' maxima; its percentage is the total over that maximum.
Every page, export and chart reads totals from here (`card_totals`, `round_totals`).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_score

from .models import Criterion, Score

Kind = Criterion.Kind
ZERO = Decimal(0)
CENT = Decimal("0.01")
# Areas whose maxima make the index's maximum.
COUNTED_KINDS = (Kind.REGULAR, Kind.SURVEY)


@dataclass
class Node:
    criterion: Criterion
    children: list = field(default_factory=list)

    @property
    def is_leaf(self):
        return not self.children


@dataclass
class Tree:
    """A criteria set's nodes, ordered, with their children; read once per page."""

    areas: list  # [Node] at the top
    nodes: dict  # criterion id -> Node

    @cached_property
    def leaves(self):
        # Read for every card's totals (a ranking: hundreds of cards): walked once.
        return [node.criterion for node in self.walk() if node.is_leaf]

    def walk(self):
        """Every node, depth first, in the set's order."""
        stack = list(reversed(self.areas))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def max_total(self):
        return sum(
            (a.criterion.max_points for a in self.areas if a.criterion.kind in COUNTED_KINDS), ZERO
        )


def tree(criteria_set, criteria=None):
    """The set's tree from its criteria (read here unless given)."""
    if criteria is None:
        criteria = list(criteria_set.criteria.order_by("position", "pk"))
    nodes = {c.pk: Node(c) for c in criteria}
    areas = []
    for c in criteria:
        if c.parent_id is None:
            areas.append(nodes[c.pk])
        elif c.parent_id in nodes:
            nodes[c.parent_id].children.append(nodes[c.pk])
    return Tree(areas, nodes)


def set_problems(criteria_set, expected_total=None, criteria=None):
    """What keeps a set from being used, as sentences a user reads (empty when none).

    A regular or survey node's children's maxima must add up to its own maximum; a bonus
    or penalty area's children may add up to more (the area's maximum is the cap)."""
    problems = []
    t = tree(criteria_set, criteria)
    if not t.areas:
        return [_("The set has no criteria yet.")]
    for node in t.walk():
        c = node.criterion
        if node.is_leaf or c.kind not in COUNTED_KINDS:
            continue
        children = sum((child.criterion.max_points for child in node.children), ZERO)
        if children != c.max_points:
            problems.append(
                _("%(code)s: the maxima of its criteria add up to %(sum)s, not %(max)s.")
                % {
                    "code": c.code,
                    "sum": format_score(children),
                    "max": format_score(c.max_points),
                }
            )
    if expected_total is not None and t.max_total != expected_total:
        problems.append(
            _("The areas' maxima add up to %(sum)s, not %(max)s.")
            % {"sum": format_score(t.max_total), "max": format_score(expected_total)}
        )
    return problems


@dataclass
class Totals:
    """A scorecard's points at one stage ("self" or "appraised")."""

    by_area: dict  # area criterion id -> points (capped for bonus and penalty)
    total: Decimal
    regular: Decimal  # regular areas only
    survey: Decimal
    bonus: Decimal
    penalty: Decimal
    max_total: Decimal
    scored: int  # leaves with a score at this stage
    leaves: int

    @property
    def percent(self):
        """The total as a share of the maximum (0–1), or None for an empty set."""
        return self.total / self.max_total if self.max_total else None

    @property
    def complete(self):
        return self.scored == self.leaves


def _stage_value(row, stage):
    if stage == "self":
        return row["self_score"]
    if row["final_score"] is not None:
        return row["final_score"]
    return row["appraised_score"]


def totals_from_rows(t, rows, stage):
    """Totals of one card from its score rows ({"criterion_id", "self_score",
    "appraised_score", "final_score"}), at `stage` ("self" or "appraised")."""
    sums = {}
    scored = 0
    for row in rows:
        node = t.nodes.get(row["criterion_id"])
        if node is None or not node.is_leaf:
            continue
        value = _stage_value(row, stage)
        if value is None:
            continue
        scored += 1
        area_id = node.criterion.area_id or node.criterion.pk
        sums[area_id] = sums.get(area_id, ZERO) + value
    return totals_from_sums(t, sums, scored)


def totals_from_sums(t, sums, scored):
    """Totals of one card from its points summed per area ({area id: points}) and the
    number of leaves scored, at one stage (capped and added up as `totals_from_rows`)."""
    by_area = {}
    parts = dict.fromkeys(Kind.values, ZERO)
    for area in t.areas:
        c = area.criterion
        points = sums.get(c.pk, ZERO)
        if c.kind in (Kind.BONUS, Kind.PENALTY):
            points = min(points, c.max_points)
        by_area[c.pk] = points
        parts[c.kind] += points
    total = parts[Kind.REGULAR] + parts[Kind.SURVEY] + parts[Kind.BONUS] - parts[Kind.PENALTY]
    return Totals(
        by_area=by_area,
        total=total,
        regular=parts[Kind.REGULAR],
        survey=parts[Kind.SURVEY],
        bonus=parts[Kind.BONUS],
        penalty=parts[Kind.PENALTY],
        max_total=t.max_total,
        scored=scored,
        leaves=len(t.leaves),
    )


SCORE_COLUMNS = ("scorecard_id", "criterion_id", "self_score", "appraised_score", "final_score")


def card_totals(card, t=None):
    """{"self": Totals, "appraised": Totals} of one scorecard (one query, plus the tree's)."""
    t = t or tree(card.round.criteria_set)
    # No ORDER BY: the totals do not depend on the rows' order (Score's ordering joins the
    # card, its round and its unit).
    rows = list(Score.objects.filter(scorecard=card).order_by().values(*SCORE_COLUMNS))
    return {stage: totals_from_rows(t, rows, stage) for stage in ("self", "appraised")}


STAGES = ("self", "appraised")


def area_sums(scores, *columns, stages=STAGES):
    """{scorecard id: {"columns": {column: value}, "self": (sums, scored), "appraised": …}}
    from the Score queryset `scores` (the leaves to count, already filtered), in one query:
    each card's points summed per area in SQL (a few rows a card, not one per leaf). `sums`
    is {area id: points} as `totals_from_sums` takes them; `columns` are read along;
    `stages` limits the sums to those stages."""
    value = {"self": F("self_score"), "appraised": Coalesce("final_score", "appraised_score")}
    per_area = (
        scores.order_by()  # no ORDER BY, nor its columns in the GROUP BY
        .values("scorecard_id", *columns, area=Coalesce("criterion__area_id", "criterion_id"))
        .annotate(
            **{f"{stage}_sum": Sum(value[stage]) for stage in stages},
            **{f"{stage}_scored": Count(value[stage]) for stage in stages},
        )
    )
    by_card = {}
    for row in per_area:
        card = by_card.get(row["scorecard_id"])
        if card is None:
            card = by_card[row["scorecard_id"]] = {
                "columns": {column: row[column] for column in columns},
                **{stage: ({}, [0]) for stage in stages},
            }
        for stage in stages:
            sums, scored = card[stage]
            if row[f"{stage}_scored"]:
                # Stored with two decimals; SQLite's sum drops the trailing zeros.
                sums[row["area"]] = row[f"{stage}_sum"].quantize(CENT)
                scored[0] += row[f"{stage}_scored"]
    return {
        pk: {
            "columns": card["columns"],
            **{stage: (card[stage][0], card[stage][1][0]) for stage in stages},
        }
        for pk, card in by_card.items()
    }


def round_totals(rnd, t=None, cards=None):
    """{scorecard id: {"self": Totals, "appraised": Totals}} for a round's cards (or `cards`),
    in one query (`area_sums`), capped and added up as `totals_from_rows` does."""
    t = t or tree(rnd.criteria_set)
    # The set's leaves only, as totals_from_rows keeps.
    scores = Score.objects.filter(scorecard__round=rnd, criterion_id__in=[c.pk for c in t.leaves])
    if cards is not None:
        scores = scores.filter(scorecard__in=[c.pk for c in cards])
    by_card = area_sums(scores)
    ids = [c.pk for c in cards] if cards is not None else list(by_card)
    empty = {stage: ({}, 0) for stage in STAGES}
    return {
        pk: {stage: totals_from_sums(t, *by_card.get(pk, empty)[stage]) for stage in STAGES}
        for pk in ids
    }


def node_points(t, rows, stage):
    """{criterion id: points or None} of every node of one card at `stage`: a leaf's score,
    a criterion's the sum of its scored leaves (None when none is scored), an area's its
    points in `totals_from_rows` (capped for bonus and penalty)."""
    values = {}
    for row in rows:
        node = t.nodes.get(row["criterion_id"])
        if node is not None and node.is_leaf:
            values[node.criterion.pk] = _stage_value(row, stage)

    def walk(node):
        if node.is_leaf:
            return values.get(node.criterion.pk)
        parts = [walk(child) for child in node.children]
        scored = [part for part in parts if part is not None]
        values[node.criterion.pk] = sum(scored, ZERO) if scored else None
        return values[node.criterion.pk]

    for area in t.areas:
        walk(area)
    by_area = totals_from_rows(t, rows, stage).by_area
    for area in t.areas:
        if values.get(area.criterion.pk) is not None:
            values[area.criterion.pk] = by_area[area.criterion.pk]
    return values
