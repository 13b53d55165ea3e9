from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalBodyKind(models.TextChoices):
    TOWN_COUNCIL = "ajuntament", _("Town council")
    COUNTY_COUNCIL = "consell_comarcal", _("County council")
    ASSOCIATION = "mancomunitat", _("Association of municipalities")
    CONSORTIUM = "consorci", _("Consortium")


class TeamKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial")
    THEMATIC = "thematic", _("Thematic")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# --- Hèstia code lists (domain.md §3.1, §3.3) ---------------------------------------
# Small fixed lists: the stored value is the code Hèstia uses in its interface
# messages, so records map one to one when data is exchanged or migrated.


class DocumentType(models.IntegerChoices):
    # Listed as a front desk asks for them (Spanish documents, then a passport,
    # then the rest); the values are Hèstia's codes and never change.
    NIF_NIE = 0, _("NIF/NIE")
    DNI_WITHOUT_LETTER = 4, _("DNI (without letter)")
    PASSPORT = 1, _("Passport")
    OTHER = 2, _("Other")
    NONE = 3, _("None")


class Sex(models.TextChoices):
    MAN = "H", _("Man")
    WOMAN = "D", _("Woman")


class PersonStatus(models.IntegerChoices):
    ACTIVE = 0, _("Active")
    DECEASED = 1, _("Deceased")


class CivilStatus(models.IntegerChoices):
    NOT_RECORDED = 1, _("Not recorded")
    STABLE_PARTNER = 2, _("Stable partner")
    MARRIED = 3, _("Married")
    DIVORCED = 4, _("Divorced")
    SEPARATED_IN_FACT = 5, _("Separated in fact")
    SINGLE = 6, _("Single")
    WIDOWED = 7, _("Widowed")
    LEGALLY_SEPARATED = 8, _("Legally separated")


class TenureRegime(models.IntegerChoices):
    NOT_RECORDED = 0, _("Not recorded")
    OWNERS = 1, _("Owners or buying")
    TENANTS = 2, _("Tenants")
    FREE_HOUSING = 3, _("Free housing")
    HOSTEL = 4, _("Hostel, boarding house, hotel or residence")
    SUBLET = 6, _("Sublet")
    MASOVER = 7, _("Masover (farm caretaker)")
    ILLEGAL_OCCUPATION = 8, _("Illegal occupation")
    DONT_KNOW = 9, _("Don't know / no answer")
    RENT_WITHOUT_CONTRACT = 10, _("Rent without a contract")
    SUBLET_FROM_TENANT = 11, _("Sublet from a tenant")
    SUBLET_FROM_OWNER = 12, _("Sublet from an owner")


class ConstructionType(models.IntegerChoices):
    FLAT = 1, _("Flat")
    HOUSE = 2, _("House")
    FARMHOUSE = 3, _("Farmhouse")
    COLLECTIVE = 4, _("Collective dwelling")
    SHACK = 5, _("Shack or caravan")
    DONT_KNOW = 6, _("Don't know / no answer")
    STUDIO = 7, _("Studio")


class FamilyType(models.IntegerChoices):
    NOT_RECORDED = 0, _("Not recorded")
    ONE_PERSON = 1, _("One person")
    WITHOUT_NUCLEUS = 2, _("Without a nucleus")
    SINGLE_PARENT = 3, _("Single-parent")
    NUCLEAR = 4, _("Nuclear")
    EXTENDED = 5, _("Extended")
    MULTIPLE = 6, _("Multiple")
    BLENDED = 7, _("Blended")


class CohabitationType(models.IntegerChoices):
    NOT_RECORDED = 0, _("Not recorded")
    LIVES_ALONE = 1, _("Lives alone")
    SHARES_FLAT = 2, _("Shares a flat")
    LIVES_WITH_FAMILY = 3, _("Lives with family")
    LIVES_WITH_FRIENDS = 4, _("Lives with friends")
    CENTRE = 5, _("Centre or residence")


class FamilyResidence(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    CATALONIA = 1, _("All in Catalonia")
    SPAIN = 2, _("Spain")
    EUROPE = 3, _("Europe")
    OUTSIDE_EU = 4, _("Outside the EU")


class ExpedientState(models.IntegerChoices):
    OPEN = 1, _("Open")
    CLOSED = 2, _("Closed")


class ExpedientStage(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    RECEPTION = 1, _("Reception")
    FOLLOW_UP = 2, _("Follow-up")
    TREATMENT = 3, _("Treatment (intervention plan)")


class RiskGrade(models.IntegerChoices):
    NOT_ASSESSED = 0, _("Not assessed")
    VULNERABLE = 1, _("Vulnerable")
    RISK = 2, _("Risk")
    HIGH_RISK = 3, _("High risk")


class PromotingEntity(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    LOCAL = 1, _("Local administration")
    COUNTY = 2, _("County administration")
    REGIONAL = 3, _("Regional administration")
    STATE = 4, _("State administration")
    THIRD_SECTOR = 5, _("Third-sector organisations")


class ResourceState(models.IntegerChoices):
    PRE_ASSIGNED = 0, _("Pre-assigned")
    GRANTED = 1, _("Granted")
    DENIED = 2, _("Denied")
    WITHDRAWN = 3, _("Withdrawn")


class ResourceScope(models.IntegerChoices):
    """Target group of a resource (Hèstia `Ambit`)."""

    UNASSIGNED = 0, _("Unassigned")
    FAMILY = 1, _("Family")
    CHILDHOOD = 2, _("Childhood")
    YOUTH = 3, _("Youth")
    WOMEN = 4, _("Women")
    OLDER_PEOPLE = 5, _("Older people")
    DISABILITY = 6, _("People with disabilities")
    PRISONERS = 7, _("Prisoners and former prisoners")
    ETHNIC_MINORITIES = 8, _("Ethnic minorities")
    HOMELESS = 9, _("Homeless and transient people")
    ADDICTIONS = 10, _("Drug addicts")
    MENTAL_ILLNESS = 11, _("Non-institutionalised psychiatric patients")
    TERMINALLY_ILL = 12, _("Terminally ill people")
    OTHER_GROUPS = 13, _("Other groups in need")
    IMMIGRANTS = 14, _("Immigrants")


class SadKind(models.IntegerChoices):
    NONE = 0, _("Not home help")
    SOCIAL = 1, _("Social home help")
    DEPENDENCY = 2, _("Dependency home help")


class TramitState(models.IntegerChoices):
    PROCESSED = 0, _("Processed")
    GRANTED = 1, _("Granted")
    DENIED = 2, _("Denied")


class TramitKind(models.TextChoices):
    """Hèstia's own list has no published codes, so the values are words."""

    OWN = "propi", _("Own (designed by the area)")
    GENERALITAT = "generalitat", _("Generalitat")


class TramitScope(models.IntegerChoices):
    SOCIAL_SERVICES = 1, _("Social services")
    FOSTERING_ADOPTION = 2, _("Fostering and adoption")
    WOMEN = 3, _("Women")
    CIVIC_ORGANISATIONS = 4, _("Civic, community and volunteer organisations")
    FAMILIES = 5, _("Families")
    OLDER_PEOPLE = 6, _("Older people")
    IMMIGRATION = 7, _("Immigration")
    CHILDHOOD = 8, _("Childhood and adolescence")
    YOUTH = 9, _("Youth")
    LGTB = 10, _("LGTB")
    DEPENDENCY = 11, _("People with dependency")
    DISABILITY = 12, _("People with disabilities")
    MENTAL_ILLNESS = 13, _("People with mental illness")
    COMPLAINTS = 14, _("Complaints and suggestions")
    OTHER_FORMS = 15, _("Other forms")


class AppointmentState(models.IntegerChoices):
    PENDING = 0, _("Pending")
    HELD = 1, _("Held")
    NOT_HELD = 2, _("Not held")
    CANCELLED_BY_PROFESSIONAL = 3, _("Cancelled by the professional")
    CANCELLED_BY_PERSON = 4, _("Cancelled by the person")
    NO_SHOW = 5, _("Did not come")


class AppointmentType(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    INTERVIEW = 1, _("Interview")
    ACCOMPANIMENT = 2, _("Accompaniment")
    TECHNICAL_MEETING = 3, _("Technical meeting")
    COORDINATION_MEETING = 4, _("Coordination meeting")
    SUPERVISION = 5, _("Supervision")
    TRAINING = 6, _("Training")
    MANAGEMENT = 7, _("Management")
    DOCUMENTATION = 8, _("Documentation")


class ImmigrationCourseLevel(models.TextChoices):
    """Decree 150/2014 first-reception typology; it fixes the course's hours."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    A3 = "A3", _("A3 (literacy)")
    B = "B", "B"
    C = "C", "C"


class FundingCategory(models.TextChoices):
    """An immigration technician's European Social Fund (FSE) cost category."""

    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class CatalogueScope(models.TextChoices):
    """Whether a catalogue entry is the shared official one or an area's own."""

    SHARED = "shared", _("Shared")
    LOCAL = "local", _("Own area")
