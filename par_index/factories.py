"""factory-boy factories for the PAR index, and a small complete criteria set."""

import datetime
from decimal import Decimal

import factory

from cchc_portal.factories import UnitFactory

from .models import CriteriaSet, Criterion, UnitLevel

# (code, text, max points, kind, children) — 10 points: two regular areas, a bonus area.
SMALL_SET = [
    (
        "1",
        "Công tác chỉ đạo, điều hành CCHC",
        "6",
        Criterion.Kind.REGULAR,
        [
            ("1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", "2", "plan_issued_on_time"),
            ("1.2", "Mức độ hoàn thành kế hoạch CCHC", "4", ""),
        ],
    ),
    (
        "2",
        "Cải cách thủ tục hành chính",
        "4",
        Criterion.Kind.REGULAR,
        [
            ("2.1", "Tỷ lệ hồ sơ trực tuyến", "2", ""),
            ("2.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2", ""),
        ],
    ),
    (
        "3",
        "Điểm thưởng",
        "1",
        Criterion.Kind.BONUS,
        [("3.1", "Sáng kiến CCHC được công nhận", "1", "")],
    ),
]


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    level = UnitLevel.COMMUNE
    name = factory.Sequence(lambda n: f"Bộ tiêu chí cấp xã {n}")
    decimal_places = 2


def build_criteria(criteria_set, spec=None, *, rules=True):
    """Add the tree `spec` (SMALL_SET unless given) to `criteria_set`; rule keys are kept only
    with `rules` (a rule name not registered is dropped). Returns {code: Criterion}."""
    from . import rules as registry

    spec = SMALL_SET if spec is None else spec
    made = {}
    position = 0
    for code, text, max_points, kind, children in spec:
        position += 1
        area = Criterion.objects.create(
            criteria_set=criteria_set,
            code=code,
            text=text,
            max_points=Decimal(max_points),
            kind=kind,
            position=position,
        )
        made[code] = area
        for child_code, child_text, child_max, rule in children:
            position += 1
            made[child_code] = Criterion.objects.create(
                criteria_set=criteria_set,
                parent=area,
                code=child_code,
                text=child_text,
                max_points=Decimal(child_max),
                position=position,
                rule=rule if rules and rule in registry.REGISTRY else "",
            )
    return made


def small_set(unit, *, rules=True, **kwargs):
    """A complete 10-point set issued by `unit` (see SMALL_SET)."""
    criteria_set = CriteriaSetFactory(unit=unit, **kwargs)
    build_criteria(criteria_set, rules=rules)
    return criteria_set


def round_dates(year=2022):
    """Deadlines in the set's year + 1: self-scoring, appraisal, explanations, final."""
    return {
        "self_scoring_due": datetime.date(year + 1, 1, 15),
        "appraisal_due": datetime.date(year + 1, 1, 31),
        "explanation_due": datetime.date(year + 1, 2, 10),
        "final_appraisal_due": datetime.date(year + 1, 2, 20),
    }
