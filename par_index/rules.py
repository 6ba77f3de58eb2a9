"""The rules that compute a criterion's score from the portal's own records.

(Interface; the registry is filled in by the rules work.) Each rule has a key (stored on
`Criterion.rule`), a label, its settings with their defaults (`Criterion.rule_params`
overrides them per criterion), and a function computing a `Result` for a unit and a year.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Param:
    name: str
    label: object  # a gettext_lazy string
    default: object
    kind: str = "number"  # "number", "percent" (0–100) or "date" (dd/mm)


@dataclass
class Result:
    score: Decimal | None  # None: the rule cannot score (no data); left by hand
    value: str  # what was measured, as the page shows it ("23/24 nhiệm vụ, 95,83 %")
    detail: str  # how the score was reached ("≥ 80 % → một nửa điểm tối đa")
    evidence: list = field(default_factory=list)  # dicts of Evidence fields (kind, label, url, …)


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    description: object
    params: tuple
    compute: object  # callable(unit, year, criterion, params) -> Result


REGISTRY = {}


def register(rule):
    REGISTRY[rule.key] = rule
    return rule


def choices():
    return [(key, rule.label) for key, rule in REGISTRY.items()]
