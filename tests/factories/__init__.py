"""factory_boy factories shared by every test package (style.md G23)."""

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
