"""The women's service (SIAD) actuació's lists (domain.md §3.5, §5.4).

Shared official entries (the ICD return compares areas by them) plus each area's
own, like the other closed lists (catalogues.py). The sources do not publish the
lists (domain.md §3.5 [GAP]); the demo's are invented (demo_catalogues.py). The
SIAD training resources, which each area defines for itself, are in
catalogues.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogues import CatalogueEntry, catalogue_constraints


class SiadChannel(CatalogueEntry):
    """How a SIAD actuació was done (Hèstia "tramitació"): in person, by phone…"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("SIAD channel")
        verbose_name_plural = _("SIAD channels")
        constraints = catalogue_constraints("siadchannel", "code")


class SiadViolenceSituation(CatalogueEntry):
    """A situation of male violence detected in a SIAD actuació."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("violence situation")
        verbose_name_plural = _("violence situations")
        constraints = catalogue_constraints("siadviolencesituation", "code")


class SiadService(CatalogueEntry):
    """The service that attends a SIAD actuació: legal, psychological, first
    reception…"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("SIAD service")
        verbose_name_plural = _("SIAD services")
        constraints = catalogue_constraints("siadservice", "code")


class SiadReferralSource(CatalogueEntry):
    """Where the woman came from, if someone referred her to the SIAD."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("referral source")
        verbose_name_plural = _("referral sources")
        constraints = catalogue_constraints("siadreferralsource", "code")


class SiadConsultationArea(CatalogueEntry):
    """Level 1 of a SIAD consultation's typology (Hèstia "Àrea")."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("consultation area")
        verbose_name_plural = _("consultation areas")
        constraints = catalogue_constraints("siadconsultationarea", "code")


class SiadConsultationType(CatalogueEntry):
    """Level 2 of a SIAD consultation's typology (Hèstia "Consulta"): each type
    belongs to one consultation area."""

    consultation_area = models.ForeignKey(
        SiadConsultationArea,
        verbose_name=_("consultation area"),
        on_delete=models.PROTECT,
        related_name="types",
    )

    parent_fields = ("consultation_area",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("consultation type")
        verbose_name_plural = _("consultation types")
        constraints = catalogue_constraints("siadconsultationtype", "code")


SIAD_CATALOGUE_MODELS: tuple[type[CatalogueEntry], ...] = (
    SiadChannel,
    SiadViolenceSituation,
    SiadService,
    SiadReferralSource,
    SiadConsultationArea,
    SiadConsultationType,
)
