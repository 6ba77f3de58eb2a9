"""The PAR index's scale generator (`par_index/scale.py`): consistent rounds for `make bench`."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from cchc_portal.models import Unit
from par_index import scale, scoring, selectors
from par_index.models import CriteriaSet, Evidence, Score, Scorecard, ScoringRound

Status = Scorecard.Status
LAST_YEAR = datetime.date.today().year


@pytest.fixture
def country(db):
    """Two provinces of 8 wards/communes and a department, three years."""
    call_command("generate_scale_data", provinces=2, wards=8, departments=1, years=3, verbosity=0)


@pytest.fixture
def province(country):
    return Unit.objects.get(code="bench-province")


def test_each_province_gets_the_sample_set_and_a_round_for_the_last_two_years(country):
    rounds = ScoringRound.objects.order_by("unit__code", "year")
    assert [(r.unit.code, r.year) for r in rounds] == [
        ("bench-province", LAST_YEAR - 1),
        ("bench-province", LAST_YEAR),
        ("bench-province-2", LAST_YEAR - 1),
        ("bench-province-2", LAST_YEAR),
    ]
    assert CriteriaSet.objects.count() == 4
    for criteria_set in CriteriaSet.objects.all():
        assert criteria_set.is_sample
        # The demo's tree: 10 areas, 40 sub-criteria, maxima adding up to 100.
        assert scoring.set_problems(criteria_set, expected_total=Decimal(100)) == []
        t = scoring.tree(criteria_set)
        assert (len(t.areas), len(t.leaves)) == (10, 40)
        for node in t.walk():
            c = node.criterion
            assert c.area_id == (c.parent_id and t.nodes[c.parent_id].criterion.area_id or c.pk)
            assert c.depth == (
                0 if c.parent_id is None else t.nodes[c.parent_id].criterion.depth + 1
            )


def test_every_ward_and_commune_has_a_card_with_a_score_for_every_leaf(province):
    for rnd in ScoringRound.objects.filter(unit=province):
        leaves = {c.pk for c in scoring.tree(rnd.criteria_set).leaves}
        cards = rnd.scorecards.all()
        assert cards.count() == 8  # the department is not scored on the commune set
        assert set(cards.values_list("unit__kind", flat=True)) <= {"ward", "commune"}
        for card in cards:
            assert set(card.scores.values_list("criterion_id", flat=True)) == leaves
            assert card.scores.count() == 40


def test_the_newest_round_has_cards_at_every_stage_and_last_years_is_finalised(province):
    newest, previous = ScoringRound.objects.filter(unit=province).order_by("-year")
    statuses = list(newest.scorecards.order_by("unit__path").values_list("status", flat=True))
    assert statuses == [Status.DRAFT, Status.SUBMITTED, Status.APPRAISED, Status.FINALISED] * 2
    assert set(previous.scorecards.values_list("status", flat=True)) == {Status.FINALISED}


def test_each_stage_has_the_scores_and_stamps_it_needs(province):
    newest = ScoringRound.objects.filter(unit=province).order_by("-year").first()
    for card in newest.scorecards.all():
        scores = list(card.scores.select_related("criterion"))
        self_scored = [s for s in scores if s.self_score is not None]
        for s in self_scored:
            assert Decimal(0) <= s.self_score <= s.criterion.max_points
        if card.status == Status.DRAFT:
            assert 0 < len(self_scored) <= 40
            assert card.submitted_at is None
            assert all(s.appraised_score is None for s in scores)
            assert not Evidence.objects.filter(score__scorecard=card).exists()
            continue
        assert len(self_scored) == 40
        assert card.submitted_by.username == "canbo.bench"
        assert Evidence.objects.filter(score__scorecard=card).count() == 3
        appraised = card.status in (Status.APPRAISED, Status.FINALISED)
        assert all((s.appraised_score is not None) == appraised for s in scores)
        assert (card.appraised_at is not None) == appraised
        for s in scores:
            if s.appraised_score is not None:
                assert s.appraised_score <= s.self_score
                assert bool(s.appraisal_comment) == (s.appraised_score != s.self_score)
        final = card.status == Status.FINALISED
        assert all((s.final_score is not None) == final for s in scores)
        assert (card.finalised_by is not None) == final


def test_computed_criteria_carry_their_value_and_how_it_was_reached(province):
    rnd = ScoringRound.objects.filter(unit=province).order_by("-year").first()
    card = rnd.scorecards.exclude(status=Status.DRAFT).first()
    computed = card.scores.exclude(criterion__rule="")
    assert computed.count() == 8
    for score in computed:
        assert score.computed_score == score.self_score
        assert score.computed_detail


def test_the_ranking_ranks_the_appraised_cards_with_last_years_change(province):
    rnd = ScoringRound.objects.filter(unit=province).order_by("-year").first()
    result = selectors.ranking(rnd)
    assert result.previous_round.year == LAST_YEAR - 1
    assert result.max_total == Decimal(100)
    ranked = result.ranked_rows
    assert len(ranked) == 4  # appraised and finalised cards
    totals = scoring.round_totals(rnd)
    for row in ranked:
        assert row.appraised_total == totals[row.card.pk]["appraised"].total
        assert row.last_year is not None
        assert row.change == row.appraised_total - row.last_year


def test_no_history_rows_are_written(country):
    assert Scorecard.history.count() == 0
    assert Score.history.count() == 0
    assert ScoringRound.history.count() == 0
    assert CriteriaSet.history.count() == 0


def test_run_again_it_keeps_the_sets_and_cards_new_units_into_every_round(province):
    rounds = {r.pk: r.scorecards.count() for r in ScoringRound.objects.filter(unit=province)}
    Unit.objects.create(name="Phường thêm", code="bench-extra", kind="ward", parent=province)
    units = list(Unit.objects.filter(parent=province).order_by("path"))
    created = scale.generate(
        units=units, years=[LAST_YEAR - 3, LAST_YEAR - 2], rng=random.Random(7)
    )
    assert [r.year for r in created] == [LAST_YEAR - 3, LAST_YEAR - 2]
    kept = ScoringRound.objects.filter(pk__in=rounds).annotate(cards=Count("scorecards"))
    assert {r.pk: r.cards for r in kept} == {pk: count + 1 for pk, count in rounds.items()}
    extra = Scorecard.objects.filter(unit__code="bench-extra")
    assert extra.count() == 4
    assert extra.get(round__year=LAST_YEAR).scores.count() == 40


def test_the_rounds_totals_summed_in_sql_are_each_cards_own(province):
    """`round_totals` sums per area in SQL; `card_totals` adds each leaf's row in Python."""
    for rnd in ScoringRound.objects.filter(unit=province):
        t = scoring.tree(rnd.criteria_set)
        totals = scoring.round_totals(rnd, t)
        cards = list(rnd.scorecards.all())
        assert set(totals) == {card.pk for card in cards}
        for card in cards:
            assert totals[card.pk] == scoring.card_totals(card, t), card.status
        some = cards[:3]
        assert scoring.round_totals(rnd, t, some) == {c.pk: totals[c.pk] for c in some}
