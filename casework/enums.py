"""Closed lists of casework that are the application's own (not catalogues).

The Hèstia code lists an area may extend live in configuration (catalogues and
configuration.enums); these are lists the rules depend on.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.TextChoices):
    """The expedient types: basic social services and the specialised modules."""

    SSB = "ssb", _("Basic social services")
    SAD = "sad", _("Home care (SAD)")
    SIAD = "siad", _("Women's service (SIAD)")
    IMMIGRATION = "immigration", _("Immigration")
    EAIA = "eaia", _("Child protection (EAIA)")


class ActuacioOrigin(models.TextChoices):
    MANUAL = "manual", _("Manual")
    AUTOMATIC = "automatic", _("Automatic")


class AutomaticEvent(models.TextChoices):
    """Why an automatic actuació was written (domain.md §4.2)."""

    OPENED = "opened", _("Expedient opened")
    CLOSED = "closed", _("Expedient closed")
    REOPENED = "reopened", _("Expedient reopened")
    TRAMIT = "tramit", _("Tràmit registered")
    RESOURCE_GRANTED = "resource_granted", _("Resource granted")


class ProblemScope(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    FAMILY = "family", _("Family")


class BeneficiaryRole(models.TextChoices):
    HOLDER = "holder", _("Holder")
    BENEFICIARY = "beneficiary", _("Beneficiary")


class PendingBills(models.IntegerChoices):
    UNASSIGNED = 0, _("Unassigned")
    UP_TO_FOUR = 1, _("Four or fewer")
    MORE_THAN_FOUR = 2, _("More than four")


class EnergyAccessChannel(models.IntegerChoices):
    OWN_INITIATIVE = 1, _("Own initiative")
    THIRD_SECTOR = 2, _("Referred by a third-sector organisation")
    SUPPLY_COMPANY = 3, _("Notice from the supply company")
    PUBLIC_SERVICES = 4, _("Referred by local or other public services")


class EnergyDenialReason(models.IntegerChoices):
    INCOME_ABOVE_THRESHOLD = 1, _("Income above the threshold")
    NO_BUDGET = 2, _("No local budget left")
    ADDRESS_CHANGED = 3, _("Change of address")
    UNREACHABLE = 4, _("The person could not be contacted")
    OTHER = 5, _("Other")


class PlanState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PlanClosingReason(models.TextChoices):
    ACHIEVED = "achieved", _("Objectives achieved")
    PARTLY_ACHIEVED = "partly", _("Objectives partly achieved")
    AGREEMENT_BROKEN = "broken", _("Agreement not kept")
    EXPEDIENT_CLOSED = "expedient_closed", _("The expedient was closed")
    OTHER = "other", _("Other")


class ObjectiveResult(models.TextChoices):
    PENDING = "", _("Not evaluated yet")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class ObjectiveType(models.TextChoices):
    """Kinds of objective of an intervention plan (after Mallorca's HSI)."""

    PERSONAL = "personal", _("Personal autonomy")
    FAMILY = "family", _("Family relations")
    HOUSING = "housing", _("Housing")
    ECONOMIC = "economic", _("Income and economic management")
    WORK = "work", _("Training and work")
    EDUCATION = "education", _("Education and schooling")
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social and community ties")
    OTHER = "other", _("Other")


class MissingSupply(models.TextChoices):
    """Supplies and equipment a dwelling lacks (housing tab, part 2)."""

    ELECTRICITY = "electricity", _("Electricity")
    WATER = "water", _("Running water")
    HOT_WATER = "hot_water", _("Hot water")
    GAS = "gas", _("Gas")
    HEATING = "heating", _("Heating")
    KITCHEN = "kitchen", _("Kitchen")
    BATHROOM = "bathroom", _("Bathroom or shower")
    TOILET = "toilet", _("Toilet inside the dwelling")
    FRIDGE = "fridge", _("Fridge")
    WASHING_MACHINE = "washing_machine", _("Washing machine")
    TELEPHONE = "telephone", _("Telephone")
    LIFT = "lift", _("Lift")


class HabitabilityProblem(models.TextChoices):
    """Habitability problems of a dwelling (housing tab, part 2)."""

    DAMP = "damp", _("Damp")
    CRACKS = "cracks", _("Cracks or structural damage")
    OVERCROWDING = "overcrowding", _("Overcrowding")
    VERMIN = "vermin", _("Vermin")
    POOR_VENTILATION = "ventilation", _("Poor ventilation or light")
    ARCHITECTURAL_BARRIERS = "barriers", _("Architectural barriers")
    HYGIENE = "hygiene", _("Poor hygiene")
    DANGEROUS_INSTALLATION = (
        "installation",
        _("Dangerous gas or electrical installation"),
    )
    SUBSTANDARD = "substandard", _("Shack or substandard dwelling")


class BreakGlassReason(models.TextChoices):
    """Why a professional opened a confidential expedient they are not named on."""

    URGENT_CARE = "urgent_care", _("Urgent care of the person")
    COVERING = "covering", _("Covering for the reference professional")
    LEGAL_REQUEST = "legal_request", _("Legal or court request")
    OTHER = "other", _("Other")
