from .base import CodeListEntry, TimeStampedModel
from .organisation import (
    Area,
    AreaSettings,
    LocalBody,
    Sector,
    Subsector,
    Team,
    User,
    WorkSchedule,
)
from .reference import Country, Municipality, Province

__all__ = [
    "Area",
    "AreaSettings",
    "CodeListEntry",
    "Country",
    "LocalBody",
    "Municipality",
    "Province",
    "Sector",
    "Subsector",
    "Team",
    "TimeStampedModel",
    "User",
    "WorkSchedule",
]
