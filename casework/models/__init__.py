# The home-care module's tables belong to the casework app (one set of migrations).
from ..modules.sad.models import (
    HomeCareCase,
    HomeCareDefinition,
    HomeCareEvent,
    HomeCareWorkPlan,
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
    "HomeCareCase",
    "HomeCareDefinition",
    "HomeCareEvent",
    "HomeCareWorkPlan",
    "Housing",
    "InterventionPlan",
    "LinkedPerson",
    "PlanObjective",
    "ProblemRecord",
    "Resource",
    "ResourceBeneficiary",
    "Tramit",
]
