# Each module's own models live in its subpackage (casework/modules/<key>/) and
# are imported here so that Django finds them with the app's models.
from ..modules.siad.models import (
    SiadActuacio,
    SiadTrainingAssignment,
    SiadTrainingSession,
    WomensServiceCase,
)
from .access import BreakGlassAccess
from .expedient import BasicCase, Expedient, ExpedientSequence, Housing, LinkedPerson
from .items import (
    Actuacio,
    Demand,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from .plans import InterventionPlan, PlanObjective

__all__ = [
    "Actuacio",
    "BasicCase",
    "BreakGlassAccess",
    "Demand",
    "Expedient",
    "ExpedientSequence",
    "Housing",
    "InterventionPlan",
    "LinkedPerson",
    "PlanObjective",
    "ProblemRecord",
    "Resource",
    "ResourceBeneficiary",
    "SiadActuacio",
    "SiadTrainingAssignment",
    "SiadTrainingSession",
    "Tramit",
    "WomensServiceCase",
]
