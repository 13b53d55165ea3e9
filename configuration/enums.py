from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalBodyKind(models.TextChoices):
    TOWN_COUNCIL = "ajuntament", _("Town council")
    COUNTY_COUNCIL = "consell_comarcal", _("County council")
    ASSOCIATION = "mancomunitat", _("Association of municipalities")
    CONSORTIUM = "consorci", _("Consortium")
