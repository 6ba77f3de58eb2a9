from .catalogue import ChecklistCriterion, ChecklistTemplate, ShortcomingType
from .inspection import ChecklistResult, Finding, Inspection, InspectionPlan
from .remediation import (
    EvidenceFile,
    Recommendation,
    RemediationReport,
    acceptance_rate,
    recommendation_conditions,
)

__all__ = [
    "ChecklistCriterion",
    "ChecklistResult",
    "ChecklistTemplate",
    "EvidenceFile",
    "Finding",
    "Inspection",
    "InspectionPlan",
    "Recommendation",
    "RemediationReport",
    "ShortcomingType",
    "acceptance_rate",
    "recommendation_conditions",
]
