"""factory_boy factories shared by every test package (style.md G23)."""

from .catalogues import (
    BenefitFactory,
    BenefitSubtypeFactory,
    BenefitTypeFactory,
    CountryFactory,
    DemandTypeFactory,
    ImmigrationCourseFactory,
    ProblemFactory,
    ProblemTypeFactory,
    ProvinceFactory,
    SiadTrainingResourceFactory,
    TramitTypeFactory,
)
from .configuration import (
    AreaFactory,
    LocalBodyFactory,
    MunicipalityFactory,
    SectorFactory,
    SubsectorFactory,
    TeamFactory,
    UserFactory,
    WorkScheduleFactory,
    professional,
)

__all__ = [
    "BenefitFactory",
    "BenefitSubtypeFactory",
    "BenefitTypeFactory",
    "CountryFactory",
    "DemandTypeFactory",
    "ImmigrationCourseFactory",
    "ProblemFactory",
    "ProblemTypeFactory",
    "ProvinceFactory",
    "SiadTrainingResourceFactory",
    "TramitTypeFactory",
    "AreaFactory",
    "LocalBodyFactory",
    "MunicipalityFactory",
    "SectorFactory",
    "SubsectorFactory",
    "TeamFactory",
    "UserFactory",
    "WorkScheduleFactory",
    "professional",
]
