"""Code lists of the person record. Stored values are the Hèstia interface codes
(domain.md §3.1), so records can be exchanged.

The lists expedients share (document type, sex, civil status, tenure, construction,
family and cohabitation types) live in configuration/enums.py; the person-only
lists live here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from configuration.enums import (
    CivilStatus,
    CohabitationType,
    ConstructionType,
    DocumentType,
    FamilyType,
    PersonStatus,
    Sex,
    TenureRegime,
)

__all__ = [
    "CivilStatus",
    "CohabitationType",
    "ConstructionType",
    "DependencyDegree",
    "DocumentType",
    "EducationLevel",
    "FamilyType",
    "KinshipKind",
    "LabourActivity",
    "LegalSituation",
    "PersonStatus",
    "SYMMETRIC_KINSHIPS",
    "Sex",
    "TenureRegime",
]


class DependencyDegree(models.IntegerChoices):
    """The interface lists these degrees; its integer codes are not published
    (domain.md §3.1 [GAP]), so these follow the listed order."""

    UNKNOWN = 0, _("Not recorded")
    G1_N1 = 1, _("Degree I, level 1")
    G1_N2 = 2, _("Degree I, level 2")
    G2_N1 = 3, _("Degree II, level 1")
    G2_N2 = 4, _("Degree II, level 2")
    G3_N1 = 5, _("Degree III, level 1")
    G3_N2 = 6, _("Degree III, level 2")
    G1 = 7, _("Degree I")
    G2 = 8, _("Degree II")
    G3 = 9, _("Degree III")


class LabourActivity(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    NOT_WORKING = 1, _("Not working")
    UNEMPLOYED = 2, _("Unemployed")
    PENSIONER = 3, _("Pensioner")
    INFORMAL_ECONOMY = 4, _("Informal economy")
    AGRICULTURE = 5, _("Agriculture, livestock and fishing")
    SELF_EMPLOYED = 6, _("Employers, liberal professions, self-employed")
    ADMINISTRATIVE = 7, _("Administrative services")
    INDUSTRY_WORKERS = 8, _("Industry and services workers")
    CONSTRUCTION_WORKERS = 9, _("Construction workers")
    DOMESTIC = 10, _("Domestic service")
    MARGINAL = 11, _("Marginal activities")
    MID_TECHNICIANS = 13, _("Mid-level technicians")
    MANAGERS = 14, _("Managers, senior technicians")
    ITINERANT = 15, _("Itinerant trades")
    OTHER = 16, _("Other")


class LegalSituation(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    REFUGEE = 1, _("Refugee")
    RESIDENCE_NO_WORK = 2, _("Residence without work permit")
    RESIDENCE_PENDING = 3, _("Residence in process")
    EXPULSION = 4, _("Expulsion proceedings")
    NOT_KNOWN = 5, _("Not known")
    IRREGULAR = 6, _("Irregular")
    RESIDENCE_AND_WORK = 7, _("Residence and work")
    EU_REGIME = 8, _("EU regime")
    RETURNEE = 9, _("Returnee proceedings")
    LONG_TERM = 10, _("Long-term residence")
    SPANISH_NATIONALITY = 11, _("Spanish nationality recognised")


class EducationLevel(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    NS_NC = 1, _("Does not know / no answer")
    ILLITERATE = 2, _("Illiterate")
    SPECIAL_SCHOOL = 3, _("Special school")
    PRIMARY_UNFINISHED = 4, _("Primary studies unfinished")
    SECONDARY = 5, _("Compulsory secondary (ESO)")
    UPPER_SECONDARY = 6, _("Upper secondary / intermediate vocational")
    UNIVERSITY_MID = 7, _("University, first cycle")
    UNIVERSITY_HIGHER = 8, _("University, higher")
    LABOUR_PROGRAMMES = 9, _("Labour department programmes")


class KinshipKind(models.TextChoices):
    """How `person` relates to `relative`; "child" is stored as the reverse parent."""

    PARENT = "parent", _("Parent of")
    CHILD = "child", _("Child of")
    PARTNER = "partner", _("Partner of")
    SIBLING = "sibling", _("Sibling of")
    OTHER = "other", _("Other relative of")


SYMMETRIC_KINSHIPS = (KinshipKind.PARTNER, KinshipKind.SIBLING, KinshipKind.OTHER)
