from .catalogue import ChecklistCriterion, ChecklistTemplate, ShortcomingType
from .inspection import ChecklistResult, Finding, Inspection, InspectionPlan
from .remediation import (
    EvidenceFile,
    Recommendation,
    RemediationReport,
    acceptance_rate,
    recommendation_conditions,
)
from .summary import RecommendationSummary

__all__ = [
    "ChecklistCriterion",
    "ChecklistResult",
    "ChecklistTemplate",
    "EvidenceFile",
    "Finding",
    "Inspection",
    "InspectionPlan",
    "Recommendation",
    "RecommendationSummary",
    "RemediationReport",
    "ShortcomingType",
    "acceptance_rate",
    "recommendation_conditions",
]
