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
    "Tramit",
]
