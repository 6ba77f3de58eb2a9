"""What other pages and apps read about the PAR index: a round's ranking, each unit's latest index.

Every total comes from `par_index.scoring` (the tree and `round_totals`/`totals_from_rows`);
nothing here adds scores itself. A card is ranked once appraised (appraised, explained or
finalised) by its appraised total; ties share a rank (1, 2, 2, 4). Both reads cost a fixed
number of queries whatever the number of units.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum

from . import scoring
from .models import Criterion, Score, Scorecard, ScoringRound

Status = Scorecard.Status
# Cards whose appraised total is settled enough to rank (the first appraisal is complete).
RANKED = (Status.APPRAISED, Status.EXPLAINED, Status.FINALISED)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# A round's cached ranking is replaced on any change (its stamp); the timeout only frees space.
INDEX_TIMEOUT = 7 * 24 * 3600


def percent_of(totals):
    """A Totals' total as a percentage of its maximum (95.83), or None for an empty set."""
    share = totals.percent
    return None if share is None else (share * HUNDRED).quantize(CENT)


def competition_ranks(values):
    """{key: rank} from {key: value}, largest first; equal values share a rank (1, 2, 2, 4)."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    ranks = {}
    previous = None
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous[1]:
            previous = (position, value)
        ranks[key] = previous[0]
    return ranks


@dataclass
class RankingRow:
    card: Scorecard
    self_total: Decimal
    appraised_total: Decimal | None  # None until the card is appraised
    by_area: list  # [(area Criterion, appraised points or None)], in the set's order
    percent: Decimal | None  # appraised total as a percentage of the maximum
    rank: int | None
    last_year: Decimal | None  # the unit's appraised total in last year's round
    change: Decimal | None

    @property
    def unit(self):
        return self.card.unit

    @property
    def status(self):
        return self.card.status

    @property
    def is_ranked(self):
        return self.rank is not None


@dataclass
class Ranking:
    round: ScoringRound
    areas: list  # area Criterion objects, in the set's order
    max_total: Decimal
    rows: list = field(default_factory=list)
    previous_round: ScoringRound | None = None

    @property
    def ranked_rows(self):
        return [row for row in self.rows if row.is_ranked]


def ranking_stamp(rnd):
    """A text that changes whenever the ranking of `rnd` may change: a card or a score of any
    round of its appraising unit (last year's included), a round itself, or a unit's name."""
    cards = (
        Scorecard.objects.filter(round__unit_id=rnd.unit_id)
        .order_by()
        .aggregate(
            cards=Count("pk"),
            versions=Sum("version"),
            changed=Max("updated_at"),
            units=Max("unit__updated_at"),
        )
    )
    rounds = (
        ScoringRound.objects.filter(unit_id=rnd.unit_id)
        .order_by()
        .aggregate(count=Count("pk"), changed=Max("updated_at"))
    )
    parts = [cards["cards"], cards["versions"], rounds["count"]]
    for moment in (cards["changed"], cards["units"], rounds["changed"]):
        parts.append(moment.timestamp() if moment else 0)
    return ".".join(str(part) for part in parts)


def previous_round(rnd):
    """Last year's round of the same appraising unit on a set for the same kind of unit."""
    return (
        ScoringRound.objects.filter(
            unit_id=rnd.unit_id, year=rnd.year - 1, criteria_set__level=rnd.criteria_set.level
        )
        .select_related("criteria_set")
        .order_by("pk")
        .first()
    )


def _appraised_by_unit(rnd):
    """{unit id: appraised total} of the round's ranked cards."""
    cards = list(
        Scorecard.objects.filter(round=rnd, status__in=RANKED).order_by().only("pk", "unit_id")
    )
    totals = scoring.round_totals(rnd, cards=cards)
    return {card.unit_id: totals[card.pk]["appraised"].total for card in cards}


def ranking(rnd):
    """The round's cards with their totals and ranks: ranked cards first by rank (then by
    unit), the others after them in the tree's order, unranked. Four queries, seven when
    last year has a round."""
    t = scoring.tree(rnd.criteria_set)
    cards = list(
        Scorecard.objects.filter(round=rnd).select_related("unit").order_by("unit__path", "pk")
    )
    totals = scoring.round_totals(rnd, t, cards)
    before = previous_round(rnd)
    last_year = _appraised_by_unit(before) if before is not None else {}
    areas = [node.criterion for node in t.areas]
    ranks = competition_ranks(
        {card.pk: totals[card.pk]["appraised"].total for card in cards if card.status in RANKED}
    )
    rows = []
    for card in cards:
        own = totals[card.pk]
        ranked = card.pk in ranks
        appraised = own["appraised"] if ranked else None
        previous = last_year.get(card.unit_id)
        rows.append(
            RankingRow(
                card=card,
                self_total=own["self"].total,
                appraised_total=appraised.total if ranked else None,
                by_area=[(a, appraised.by_area[a.pk] if ranked else None) for a in areas],
                percent=percent_of(appraised) if ranked else None,
                rank=ranks.get(card.pk),
                last_year=previous,
                change=appraised.total - previous if ranked and previous is not None else None,
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0))
    return Ranking(round=rnd, areas=areas, max_total=t.max_total, rows=rows, previous_round=before)


@dataclass(frozen=True)
class LatestIndex:
    """A unit's index in the latest round where its card is appraised (or finalised)."""

    year: int
    total: Decimal
    max_total: Decimal
    percent: Decimal | None
    rank: int
    status: str
    round_id: int
    scorecard_id: int
    ranked_count: int  # the cards ranked in that round

    def __iter__(self):  # (year, total, max, percent, rank, status)
        return iter((self.year, self.total, self.max_total, self.percent, self.rank, self.status))

    @property
    def is_final(self):
        return self.status == Status.FINALISED

    @property
    def status_label(self):
        return Status(self.status).label


def _unit_filter(units):
    if isinstance(units, QuerySet):
        return {"unit__in": units.values("pk")}
    return {"unit_id__in": [getattr(unit, "pk", unit) for unit in units]}


def latest_index(units):
    """{unit id: LatestIndex} for each of `units` (Units, ids or a Unit queryset) with a card
    appraised or later: the latest such round (by year), its appraised total and rank.

    The units' entries are kept in the shared cache under a stamp of their rounds' cards
    (count, versions, last change): every move and every page save of a card gives it a new
    version, and any other save of a score touches its card (`Score.save`), so a stale entry
    is never read. Three queries when cached (one when no unit has an index), six when not,
    whatever the number of units."""
    if not isinstance(units, QuerySet):
        units = list(units)
        if not units:
            return {}
    cards = (
        Scorecard.objects.filter(status__in=RANKED, **_unit_filter(units))
        .order_by("-round__year", "-round_id")
        .values("unit_id", "round_id", "round__year")
    )
    chosen = {}
    for card in cards:
        chosen.setdefault(card["unit_id"], card)
    if not chosen:
        return {}
    entries = _cached_entries({unit_id: card["round_id"] for unit_id, card in chosen.items()})
    return {
        unit_id: LatestIndex(year=card["round__year"], **entries[unit_id])
        for unit_id, card in chosen.items()
        if unit_id in entries
    }


def _round_stamps(round_ids):
    """{round id: a text that changes whenever one of its cards or their scores changes}."""
    rows = (
        Scorecard.objects.filter(round_id__in=round_ids)
        .order_by()
        .values("round_id")
        .annotate(cards=Count("pk"), versions=Sum("version"), changed=Max("updated_at"))
    )
    return {
        row["round_id"]: f"{row['cards']}.{row['versions']}.{row['changed'].timestamp()}"
        for row in rows
    }


def _cached_entries(round_of_unit):
    """{unit id: LatestIndex fields but the year} of the units' rounds ({unit id: round id}),
    kept in the shared cache while every one of those rounds' stamps holds: one entry for
    the units asked (as a page asks them), else computed (`round_index`)."""
    stamps = _round_stamps(set(round_of_unit.values()))
    text = ";".join(
        f"{unit_id}:{round_id}:{stamps.get(round_id)}"
        for unit_id, round_id in sorted(round_of_unit.items())
    )
    key = f"par-index:latest:{hashlib.sha256(text.encode()).hexdigest()}"
    entries = cache.get(key)
    if entries is None:
        indexes = round_index(list(stamps))
        entries = {
            unit_id: indexes[round_id][unit_id]
            for unit_id, round_id in round_of_unit.items()
            if unit_id in indexes.get(round_id, {})
        }
        cache.set(key, entries, INDEX_TIMEOUT)
    return entries


def round_index(round_ids):
    """{round id: {unit id: fields}} of the rounds' ranked cards: appraised total, maximum,
    percentage, rank among the round's ranked cards (one query for the scores, one for the
    trees)."""
    rounds = dict(
        ScoringRound.objects.filter(pk__in=round_ids).values_list("pk", "criteria_set_id")
    )
    criteria = {}
    for criterion in Criterion.objects.filter(criteria_set_id__in=set(rounds.values())).order_by(
        "position", "pk"
    ):
        criteria.setdefault(criterion.criteria_set_id, []).append(criterion)
    trees = {pk: scoring.tree(None, criteria.get(pk, [])) for pk in set(rounds.values())}
    leaves = [c.pk for t in trees.values() for c in t.leaves]
    sums = scoring.area_sums(
        Score.objects.filter(
            scorecard__round_id__in=list(rounds),
            scorecard__status__in=RANKED,
            criterion_id__in=leaves,
        ),
        "scorecard__round_id",
        "scorecard__unit_id",
        "scorecard__status",
        stages=("appraised",),
    )
    cards_of_round = {}  # round id -> {unit id: (card id, status)}
    for pk, card in sums.items():
        columns = card["columns"]
        cards_of_round.setdefault(columns["scorecard__round_id"], {})[
            columns["scorecard__unit_id"]
        ] = (pk, columns["scorecard__status"])
    result = {}
    for round_id, round_cards in cards_of_round.items():
        t = trees[rounds[round_id]]
        totals = {
            pk: scoring.totals_from_sums(t, *sums[pk]["appraised"])
            for pk, _status in round_cards.values()
        }
        ranks = competition_ranks({pk: value.total for pk, value in totals.items()})
        result[round_id] = {
            unit_id: {
                "total": totals[pk].total,
                "max_total": totals[pk].max_total,
                "percent": percent_of(totals[pk]),
                "rank": ranks[pk],
                "status": status,
                "round_id": round_id,
                "scorecard_id": pk,
                "ranked_count": len(ranks),
            }
            for unit_id, (pk, status) in round_cards.items()
        }
    return result


def report_index(unit, year):
    """The unit's latest appraised index of `year` or before, for its periodic report
    (`cchc_portal.figures.sources.par_index_of`): JSON-safe, or None."""
    index = latest_index([unit]).get(unit.pk)
    if index is None or index.year > year:
        return None
    return {
        "year": index.year,
        "total": str(index.total),
        "max": str(index.max_total),
        "rank": index.rank,
        "count": index.ranked_count,
    }
