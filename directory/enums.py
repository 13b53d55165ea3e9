"""Code lists of the person record. Stored values are the Hèstia interface codes
(domain.md §3.1), so records can be exchanged; labels are the interface's own terms.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.IntegerChoices):
    NIF_NIE = 0, _("NIF/NIE")
    PASSPORT = 1, _("Passport")
    OTHER = 2, _("Other")
    NONE = 3, _("None")
    DNI_WITHOUT_LETTER = 4, _("DNI (without letter)")


class Sex(models.TextChoices):
    MAN = "H", _("Man")
    WOMAN = "D", _("Woman")


class PersonStatus(models.IntegerChoices):
    ACTIVE = 0, _("Active")
    DECEASED = 1, _("Deceased (èxitus)")


class CivilStatus(models.IntegerChoices):
    UNKNOWN = 1, _("Not recorded")
    STABLE_PARTNER = 2, _("Stable partner")
    MARRIED = 3, _("Married")
    DIVORCED = 4, _("Divorced")
    SEPARATED_DE_FACTO = 5, _("Separated (de facto)")
    SINGLE = 6, _("Single")
    WIDOWED = 7, _("Widowed")
    SEPARATED_LEGALLY = 8, _("Separated (legally)")


class TenureRegime(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    OWNERS = 1, _("Owners / buying")
    TENANTS = 2, _("Tenants")
    FREE_HOUSING = 3, _("Free housing")
    HOSTEL = 4, _("Hostel, boarding house, hotel, residence")
    SUBLET = 6, _("Sublet")
    MASOVER = 7, _("Masover (farm tenancy)")
    SQUAT = 8, _("Unlawful occupation")
    NS_NC = 9, _("Does not know / no answer")
    RENT_WITHOUT_CONTRACT = 10, _("Renting without a contract")
    SUBLET_FROM_TENANT = 11, _("Sublet from a tenant")
    SUBLET_FROM_OWNER = 12, _("Sublet from an owner")


class ConstructionType(models.IntegerChoices):
    FLAT = 1, _("Flat")
    HOUSE = 2, _("House")
    FARMHOUSE = 3, _("Farmhouse (mas)")
    COLLECTIVE = 4, _("Collective housing")
    SHACK = 5, _("Shack / caravan")
    NS_NC = 6, _("Does not know / no answer")
    STUDIO = 7, _("Studio")


class FamilyType(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    SINGLE_PERSON = 1, _("Single person")
    NO_NUCLEUS = 2, _("No nucleus")
    SINGLE_PARENT = 3, _("Single parent")
    NUCLEAR = 4, _("Nuclear")
    EXTENDED = 5, _("Extended")
    MULTIPLE = 6, _("Multiple")
    RECONSTITUTED = 7, _("Reconstituted")


class CohabitationType(models.IntegerChoices):
    UNKNOWN = 0, _("Not recorded")
    ALONE = 1, _("Lives alone")
    SHARES_FLAT = 2, _("Shares a flat")
    WITH_FAMILY = 3, _("Lives with family")
    WITH_FRIENDS = 4, _("Lives with friends")
    CENTRE = 5, _("Centre or residence")


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
