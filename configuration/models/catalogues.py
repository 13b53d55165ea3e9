"""Catalogues: the code lists professionals choose from on records (domain.md §3).

An entry is either shared (no area: the official entry, changed only by the
support desk) or local to one area (added and edited by that area's coordinators
and administrators). Codes are the Hèstia interface codes where those exist.
Admin screens: configuration/viewsets/catalogues.py; imports: configuration/imports.py.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ImmigrationCourseLevel, TramitKind, TramitScope
from ..placeholders import validate_placeholders
from .base import CodeListEntry
from .organisation import Area

DUPLICATE_CODE = _("An entry with the same code already exists in this catalogue.")


def current_year() -> int:
    return timezone.localdate().year


def catalogue_constraints(
    model_name: str, *key: str, shared: bool = True
) -> list[models.UniqueConstraint]:
    """Return a catalogue's unique rules: once per area, once among shared entries."""
    suffix = "_".join(key)
    local = models.UniqueConstraint(
        fields=["area", *key],
        condition=Q(area__isnull=False),
        name=f"configuration_{model_name}_local_{suffix}",
        violation_error_message=DUPLICATE_CODE,
    )
    if not shared:
        return [local]
    return [
        local,
        models.UniqueConstraint(
            fields=list(key),
            condition=Q(area__isnull=True),
            name=f"configuration_{model_name}_shared_{suffix}",
            violation_error_message=DUPLICATE_CODE,
        ),
    ]


class CatalogueQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Return the shared entries and the user's own area's (all: superusers)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.area_id is None:
            return self.shared()
        return self.filter(Q(area__isnull=True) | Q(area_id=user.area_id))

    def shared(self) -> models.QuerySet:
        return self.filter(area__isnull=True)

    def active(self) -> models.QuerySet:
        return self.filter(is_active=True)


class CatalogueEntry(CodeListEntry):
    """Abstract base of every catalogue: a code-list entry, shared or of one area.

    `natural_key_fields` identify an entry within its scope (imports match on
    them); `parent_fields` name foreign keys to other catalogue entries, which must
    be shared or of the same area.
    """

    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Empty for a shared official entry, which only the support desk edits."
        ),
    )

    objects = CatalogueQuerySet.as_manager()

    natural_key_fields: tuple[str, ...] = ("code",)
    parent_fields: tuple[str, ...] = ()

    class Meta(CodeListEntry.Meta):
        abstract = True

    @property
    def is_shared(self) -> bool:
        return self.area_id is None

    @property
    def scope_label(self) -> str:
        return str(_("Shared")) if self.area_id is None else str(self.area)

    def clean(self):
        super().clean()
        self._clean_parents()
        self._clean_natural_key()

    def _clean_parents(self) -> None:
        for name in self.parent_fields:
            parent_id = getattr(self, self._meta.get_field(name).attname)
            if parent_id is None:
                continue
            parent_area_id = getattr(self, name).area_id
            if parent_area_id is not None and parent_area_id != self.area_id:
                raise ValidationError(
                    {name: _("Choose a shared entry or one of this entry's own area.")}
                )

    def _clean_natural_key(self) -> None:
        # The database constraints say the same; this gives a form error instead of
        # an IntegrityError, and also stops a local entry reusing a shared code.
        key = {name: getattr(self, name) for name in self.natural_key_fields}
        if any(value in (None, "") for value in key.values()):
            return
        scope = Q(area__isnull=True)
        if self.area_id is not None:
            scope |= Q(area_id=self.area_id)
        others = type(self)._default_manager.filter(scope, **key).exclude(pk=self.pk)
        if others.exists():
            raise ValidationError({"code": DUPLICATE_CODE})


class LocalCatalogueEntry(CatalogueEntry):
    """A catalogue whose entries always belong to one area (no shared entries)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(CatalogueEntry.Meta):
        abstract = True


# --- the benefits portfolio: type -> subtype -> item (domain.md §3.3.7) ------------


class BenefitType(CatalogueEntry):
    """Level 1 of the portfolio (Hèstia TipusPrestacio): "1 Prestacions de serveis"."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("benefit type")
        verbose_name_plural = _("benefit types")
        constraints = catalogue_constraints("benefittype", "code")


class BenefitSubtype(CatalogueEntry):
    """Level 2 of the portfolio (Hèstia Subtipus), e.g. "1.1 Serveis socials bàsics"."""

    type = models.ForeignKey(
        BenefitType,
        verbose_name=_("benefit type"),
        on_delete=models.PROTECT,
        related_name="subtypes",
    )

    parent_fields = ("type",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("benefit subtype")
        verbose_name_plural = _("benefit subtypes")
        constraints = catalogue_constraints("benefitsubtype", "code")


class Benefit(CatalogueEntry):
    """An item of the portfolio (Hèstia TipusRecurs) that a resource grants.

    The official list repeats one printed code with two names (5.4.5), so an item
    is identified by its code and name together.
    """

    subtype = models.ForeignKey(
        BenefitSubtype,
        verbose_name=_("benefit subtype"),
        on_delete=models.PROTECT,
        related_name="benefits",
    )
    is_energy_supply = models.BooleanField(
        _("household energy or water supply"),
        default=False,
        help_text=_("Resources of this benefit record the energy-poverty details."),
    )

    natural_key_fields = ("code", "name")
    parent_fields = ("subtype",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = catalogue_constraints("benefit", "code", "name")


# --- problems: two levels, versioned by year (RUDEL, domain.md §3.3.6, §5.3) -------


class ProblemType(CatalogueEntry):
    year = models.PositiveSmallIntegerField(
        _("year"), default=current_year, validators=[MinValueValidator(2000)]
    )

    natural_key_fields = ("year", "code")

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("problem type")
        verbose_name_plural = _("problem types")
        ordering = ["-year", "sort_order", "code"]
        constraints = catalogue_constraints("problemtype", "year", "code")

    def __str__(self) -> str:
        return f"{super().__str__()} ({self.year})"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})"


class Problem(CatalogueEntry):
    type = models.ForeignKey(
        ProblemType,
        verbose_name=_("problem type"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), default=current_year, validators=[MinValueValidator(2000)]
    )

    natural_key_fields = ("year", "code")
    parent_fields = ("type",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-year", "sort_order", "code"]
        constraints = catalogue_constraints("problem", "year", "code")

    def __str__(self) -> str:
        return f"{super().__str__()} ({self.year})"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self):
        super().clean()
        if self.type_id is not None and self.type.year != self.year:
            raise ValidationError(
                {"type": _("Choose a problem type of the same year.")}
            )


# --- closed lists of the SSB expedient (domain.md §3.2, §3.3) ----------------------


class DemandType(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("demand type")
        verbose_name_plural = _("demand types")
        constraints = catalogue_constraints("demandtype", "code")


class ActuacioType(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("actuació type")
        verbose_name_plural = _("actuació types")
        constraints = catalogue_constraints("actuaciotype", "code")


class ActuacioPlace(CatalogueEntry):
    """Where an actuació or appointment happens (Hèstia appointment places)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("actuació place")
        verbose_name_plural = _("actuació places")
        constraints = catalogue_constraints("actuacioplace", "code")


class CaseOrigin(CatalogueEntry):
    """Who brought the case (Hèstia ProcedenciaDelCas)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("case origin")
        verbose_name_plural = _("case origins")
        constraints = catalogue_constraints("caseorigin", "code")


class ClosingReason(CatalogueEntry):
    """Why an expedient was closed (Hèstia MotiuTanca)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("closing reason")
        verbose_name_plural = _("closing reasons")
        constraints = catalogue_constraints("closingreason", "code")


class DocumentKind(CatalogueEntry):
    """What a document filed in an expedient is: a signed consent, a report
    from another service, an application form… (domain.md §3.3.10)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        constraints = catalogue_constraints("documentkind", "code")


class DocumentTemplate(CatalogueEntry):
    """A document the area generates from an expedient (domain.md §3.3.8,
    §3.3.10): a consent, an appointment reminder or receipt, a tràmit's form, a
    social report. Its text is plain structured text ("# " starts a heading,
    a blank line a paragraph) with placeholders (configuration.placeholders);
    generated, it is filed in the expedient as a document of `kind`."""

    kind = models.ForeignKey(
        DocumentKind,
        verbose_name=_("document kind"),
        on_delete=models.PROTECT,
        related_name="templates",
        help_text=_("The kind of the document filed in the expedient."),
    )
    body = models.TextField(
        _("text"),
        validators=[validate_placeholders],
        help_text=_(
            'A line starting with "# " is a heading; a blank line starts a new '
            "paragraph. Placeholders go between double braces."
        ),
    )
    to_complete = models.BooleanField(
        _("to complete by the professional"),
        default=False,
        help_text=_(
            "Besides the PDF, an editable document (DOCX) is generated and filed, "
            "for the professional to complete."
        ),
    )

    parent_fields = ("kind",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = catalogue_constraints("documenttemplate", "code")


class RelationshipType(CatalogueEntry):
    """A linked person's relationship to the main person of the household."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("relationship type")
        verbose_name_plural = _("relationship types")
        constraints = catalogue_constraints("relationshiptype", "code")


# --- catalogues areas keep for themselves (domain.md §3.3.8, §3.5, §3.6) -----------


class TramitType(CatalogueEntry):
    """A kind of application (tràmit); creating one may pre-assign a benefit."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=TramitKind.choices, default=TramitKind.OWN
    )
    scope = models.PositiveSmallIntegerField(
        _("scope"),
        choices=TramitScope.choices,
        default=TramitScope.SOCIAL_SERVICES,
    )
    pre_assigns = models.ForeignKey(
        Benefit,
        verbose_name=_("pre-assigns benefit"),
        on_delete=models.PROTECT,
        related_name="tramit_types",
        null=True,
        blank=True,
        help_text=_(
            "Creating a tràmit of this type adds a resource of this benefit in the "
            "pre-assigned state."
        ),
    )

    parent_fields = ("pre_assigns",)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("tràmit type")
        verbose_name_plural = _("tràmit types")
        constraints = catalogue_constraints("tramittype", "code")


class SiadTrainingResource(LocalCatalogueEntry):
    """A training resource the area's SIAD coordinator offers (domain.md §3.5)."""

    class Meta(LocalCatalogueEntry.Meta):
        verbose_name = _("SIAD training resource")
        verbose_name_plural = _("SIAD training resources")
        constraints = catalogue_constraints(
            "siadtrainingresource", "code", shared=False
        )


class HomeCareTask(CatalogueEntry):
    """A task of the home-care service (SAD): personal care, the home, company
    (domain.md §3.4). A service's characteristics list the tasks it covers."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("home-care task")
        verbose_name_plural = _("home-care tasks")
        constraints = catalogue_constraints("homecaretask", "code")


class ImmigrationProject(LocalCatalogueEntry):
    """A local project of the area's immigration and citizenship service that
    an immigration actuació belongs to (domain.md §3.6)."""

    class Meta(LocalCatalogueEntry.Meta):
        verbose_name = _("immigration project")
        verbose_name_plural = _("immigration projects")
        constraints = catalogue_constraints("immigrationproject", "code", shared=False)


class ImmigrationTeacher(LocalCatalogueEntry):
    """A teacher of the area's first-reception courses, internal (a professional
    of the area) or external."""

    internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("A professional of the area rather than an external teacher."),
    )

    class Meta(LocalCatalogueEntry.Meta):
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        constraints = catalogue_constraints("immigrationteacher", "code", shared=False)


class ImmigrationProvider(LocalCatalogueEntry):
    """A provider the area contracts first-reception courses with."""

    class Meta(LocalCatalogueEntry.Meta):
        verbose_name = _("course provider")
        verbose_name_plural = _("course providers")
        constraints = catalogue_constraints("immigrationprovider", "code", shared=False)


# Decree 150/2014 first reception: the hours each typology lasts; A3 (literacy)
# sets its own. A person completes a course with this share of its hours.
TYPOLOGY_HOURS = {
    ImmigrationCourseLevel.A1: 90,
    ImmigrationCourseLevel.A2: 90,
    ImmigrationCourseLevel.B: 15,
    ImmigrationCourseLevel.C: 15,
}
COMPLETION_SHARE = Decimal("0.75")


class ImmigrationCourse(LocalCatalogueEntry):
    """A course of the area (Decree 150/2014, domain.md §3.6): eligible for
    European funding (FSE) with a typology that fixes its hours, or not so
    funded with the hours it has."""

    european_funding = models.BooleanField(
        _("eligible for European funding (FSE)"), default=True
    )
    level = models.CharField(
        _("typology"),
        max_length=2,
        choices=ImmigrationCourseLevel.choices,
        blank=True,
    )
    hours = models.PositiveSmallIntegerField(
        _("hours"),
        validators=[MinValueValidator(1)],
        null=True,
        blank=True,
        help_text=_(
            "The typology fixes the hours (A1 and A2: 90 h; B and C: 15 h); only A3 "
            "(literacy) allows another number. A person completes the course with "
            "75% attendance."
        ),
    )
    teacher = models.ForeignKey(
        ImmigrationTeacher,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
    )
    provider = models.ForeignKey(
        ImmigrationProvider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
    )

    parent_fields = ("teacher", "provider")

    class Meta(LocalCatalogueEntry.Meta):
        verbose_name = _("immigration course")
        verbose_name_plural = _("immigration courses")
        constraints = catalogue_constraints("immigrationcourse", "code", shared=False)

    def clean(self):
        super().clean()
        if not self.european_funding:
            if self.level:
                raise ValidationError(
                    {
                        "level": _(
                            "Only a course eligible for European funding has a "
                            "Decree 150/2014 typology."
                        )
                    }
                )
        elif not self.level:
            raise ValidationError(
                {"level": _("Choose the typology of a course eligible for FSE.")}
            )
        fixed = TYPOLOGY_HOURS.get(self.level)
        if fixed is not None and self.hours is None:
            self.hours = fixed
        elif fixed is not None and self.hours != fixed:
            raise ValidationError(
                {
                    "hours": _(
                        "A %(level)s course lasts %(hours)s hours: only A3 "
                        "(literacy) takes other hours."
                    )
                    % {"level": self.level, "hours": fixed}
                }
            )
        if self.hours is None:
            raise ValidationError({"hours": _("Type the hours of the course.")})

    def save(self, *args, **kwargs):
        # A fixed typology's hours, even when written without the form's check.
        if self.hours is None and self.level in TYPOLOGY_HOURS:
            self.hours = TYPOLOGY_HOURS[self.level]
        super().save(*args, **kwargs)

    @property
    def completion_hours(self) -> Decimal:
        """The attended hours that complete it: 75% of its hours."""
        return Decimal(self.hours or 0) * COMPLETION_SHARE


CATALOGUE_MODELS: tuple[type[CatalogueEntry], ...] = (
    BenefitType,
    BenefitSubtype,
    Benefit,
    ProblemType,
    Problem,
    DemandType,
    ActuacioType,
    ActuacioPlace,
    CaseOrigin,
    ClosingReason,
    DocumentKind,
    RelationshipType,
    TramitType,
    SiadTrainingResource,
    ImmigrationTeacher,
    ImmigrationProvider,
    ImmigrationCourse,
    ImmigrationProject,
    HomeCareTask,
)
