"""Casework's tables. Each module's own table lives in
casework/modules/<key>/models.py and is loaded here for every entry of
casework.modules.MODULES; BasicCase is also named here for the many places
that import it from casework.models."""

from importlib import import_module
from importlib.util import find_spec

from ..modules import MODULES
from ..modules.immigration.models import (
    ImmigrationActuacio,
    ImmigrationAttendance,
    ImmigrationCase,
    ImmigrationCourseClass,
    ImmigrationTrainingModule,
)
from ..modules.sad.models import (
    HomeCareCase,
    HomeCareDefinition,
    HomeCareEvent,
    HomeCareWorkPlan,
)

# Each module's own models live in its subpackage (casework/modules/<key>/) and
# are imported here so that Django finds them with the app's models.
from ..modules.siad.models import (
    SiadActuacio,
    SiadTrainingAssignment,
    SiadTrainingSession,
    WomensServiceCase,
)
from ..modules.ssb.models import BasicCase
from .access import BreakGlassAccess
from .documents import Document
from .expedient import Expedient, ExpedientSequence, Housing, LinkedPerson
from .genogram import GenogramRelative
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
    "Document",
    "Expedient",
    "ExpedientSequence",
    "HomeCareCase",
    "HomeCareDefinition",
    "HomeCareEvent",
    "HomeCareWorkPlan",
    "Housing",
    "ImmigrationActuacio",
    "ImmigrationAttendance",
    "ImmigrationCase",
    "ImmigrationCourseClass",
    "ImmigrationTrainingModule",
    "InterventionPlan",
    "LinkedPerson",
    "GenogramRelative",
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

for _path in MODULES:
    if find_spec(f"{_path}.models") is not None:
        import_module(f"{_path}.models")
