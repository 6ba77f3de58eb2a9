"""The figures glossary: every definition resolves, every label is its own, and no second
definition of a figure creeps back into the code."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cchc_portal.figures import glossary

ROOT = Path(settings.BASE_DIR)
APPS = ("cchc_portal", "reforms", "procedures", "inspections", "notifications", "dashboards")
APPS += ("reports",)


def resolve(path):
    """The object a dotted path names: the longest importable module, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ModuleNotFoundError(path)


@pytest.mark.parametrize("figure", glossary.FIGURES, ids=lambda f: f.key)
def test_every_definition_resolves(figure):
    target = resolve(figure.definition)
    if figure.part is not None:
        mapping = target() if callable(target) else target
        assert figure.part in mapping, f"{figure.definition} has no {figure.part!r}"


def test_keys_kinds_and_labels_are_unique_and_translated():
    keys = [figure.key for figure in glossary.FIGURES]
    assert len(keys) == len(set(keys))
    assert {figure.kind for figure in glossary.FIGURES} <= set(glossary.KINDS)
    with translation.override("vi"):
        vietnamese = [str(figure.label) for figure in glossary.FIGURES]
    with translation.override("en"):
        english = [str(figure.label) for figure in glossary.FIGURES]
    assert len(vietnamese) == len(set(vietnamese))
    assert len(english) == len(set(english))
    assert [v for v, e in zip(vietnamese, english, strict=True) if v == e] == []
    assert all(figure.counts.strip() for figure in glossary.FIGURES)


def test_glossary_reads_as_a_user_sees_it():
    with translation.override("vi"):
        assert str(glossary.figure("intake_electronic_rate").label) == (
            "Tỷ lệ xử lý trên phần mềm một cửa điện tử"
        )
        assert str(glossary.figure("recommendations_open").label) == "Kiến nghị cần khắc phục"
        assert str(glossary.figure("recommendations_reported").label) == ("Kiến nghị chờ thẩm định")
    assert glossary.figure("tasks_overdue").definition == "reforms.models.task_conditions"


def _python_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


# (pattern, the only files allowed to say it, why)
SINGLE_DEFINITIONS = [
    (
        re.compile(r"\bdue_on__lt\b|\bdue_on\s*<\s*today"),
        {"inspections/models/remediation.py"},
        "a recommendation is overdue only by RecommendationQuerySet.overdue",
    ),
    (
        re.compile(r"(?<!round__)\bdeadline__lt\b|\bdeadline\s*<\s*(today|reference_day|as_of)"),
        # The reports' own ReportRound.deadline is a different date, named once there.
        {"reforms/models.py", "reports/models.py"},
        "a task is overdue only by reforms.models.task_conditions",
    ),
    (
        re.compile(r"\bcompleted_on__l(t|te)\b"),
        {"reforms/models.py"},
        "a task is done as of a date only by reforms.models.task_conditions",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "allowed", "why"), SINGLE_DEFINITIONS, ids=lambda v: getattr(v, "pattern", None)
)
def test_a_figure_has_one_definition_in_the_code(pattern, allowed, why):
    found = []
    for path in _python_sources():
        name = str(path.relative_to(ROOT))
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == [], why


def test_the_grep_catches_a_second_definition(tmp_path):
    """The single-definition patterns match what a copy would look like."""
    copies = {
        0: 'Recommendation.objects.filter(due_on__lt=today).exclude(status="accepted")',
        1: "ReformTask.objects.filter(deadline__lt=today)",
        2: "tasks.filter(completed_on__lte=as_of)",
    }
    for index, line in copies.items():
        assert SINGLE_DEFINITIONS[index][0].search(line)
    assert not SINGLE_DEFINITIONS[1][0].search("owed.filter(round__deadline__lt=today)")
