"""The person record (fitxa personal), its extended block, and kinship.

One record per real person in an area, shared by every expedient of every module.
Identity documents and names are also kept normalised (`document_norm`,
`search_name`) so search and the uniqueness rule work however people type them.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from configuration.bounds import (
    FREE_TEXT,
    validate_birth_date,
    validate_document_expiry,
    validate_past_date,
)
from configuration.collation import ByteOrder
from configuration.custom_values import extra_values_field
from configuration.models import (
    Area,
    Country,
    MotherTongue,
    Municipality,
    Province,
    StreetType,
    Team,
    Versioned,
)
from configuration.scope import AreaScopedQuerySet

from ..enums import (
    CivilStatus,
    CohabitationType,
    ConstructionType,
    DependencyDegree,
    DocumentType,
    EducationLevel,
    FamilyType,
    LabourActivity,
    LegalSituation,
    PersonStatus,
    Sex,
    TenureRegime,
)
from ..identity import check_document, normalise_document
from ..normalise import normalise_name

USER = settings.AUTH_USER_MODEL


def _fk(model, label, **extra):
    return models.ForeignKey(
        model,
        verbose_name=label,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        **extra,
    )


class PersonQuerySet(AreaScopedQuerySet):
    def active(self):
        return self.filter(status=PersonStatus.ACTIVE)

    def current(self):
        """Records that have not been merged into another (what search shows)."""
        return self.filter(merged_into__isnull=True)


class Person(Versioned):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="persons"
    )
    # Identification
    document_type = models.PositiveSmallIntegerField(
        _("document type"), choices=DocumentType.choices, default=DocumentType.NIF_NIE
    )
    document_number = models.CharField(_("document number"), max_length=30, blank=True)
    document_norm = models.CharField(max_length=30, blank=True, editable=False)
    health_card = models.CharField(_("health card (CIP)"), max_length=20, blank=True)
    social_security_number = models.CharField(
        _("social security number"), max_length=20, blank=True
    )
    first_name = models.CharField(_("given name"), max_length=100)
    surname1 = models.CharField(_("first surname"), max_length=100)
    surname2 = models.CharField(_("second surname"), max_length=100, blank=True)
    search_name = models.CharField(max_length=320, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(
        _("birth date"),
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_birth_date],
    )
    birth_country = _fk(Country, _("birth country"))
    birth_province = _fk(Province, _("birth province"))
    birth_municipality = _fk(Municipality, _("birth municipality"))
    nationality = _fk(Country, _("nationality"))
    civil_status = models.PositiveSmallIntegerField(
        _("civil status"), choices=CivilStatus.choices, default=CivilStatus.NOT_RECORDED
    )
    phone1 = models.CharField(_("phone"), max_length=30, blank=True)
    phone2 = models.CharField(_("second phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    observations = models.TextField(_("observations"), blank=True, **FREE_TEXT)
    # Status
    status = models.PositiveSmallIntegerField(
        _("status"), choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    death_date = models.DateField(
        _("date of death"), null=True, blank=True, validators=[validate_past_date]
    )
    deceased_set_by = _fk(USER, _("deceased recorded by"))
    unborn = models.BooleanField(_("unborn (nasciturus)"), default=False)
    consent_signed = models.BooleanField(_("data-use consent signed"), default=False)
    consent_date = models.DateField(
        _("consent date"), null=True, blank=True, validators=[validate_past_date]
    )
    consent_document = models.FileField(
        _("consent document"), upload_to="consents/%Y/", blank=True
    )
    # Residence address: the municipality drives the residence gate of casework
    transient = models.BooleanField(_("transient (no fixed address)"), default=False)
    tenure_regime = models.PositiveSmallIntegerField(
        _("tenure regime"),
        choices=TenureRegime.choices,
        default=TenureRegime.NOT_RECORDED,
    )
    construction_type = models.PositiveSmallIntegerField(
        _("construction type"), choices=ConstructionType.choices, null=True, blank=True
    )
    residence_province = _fk(Province, _("province of residence"))
    residence_municipality = _fk(Municipality, _("municipality of residence"))
    locality = models.CharField(
        _("locality or neighbourhood"), max_length=100, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    street_type = _fk(StreetType, _("street type"))
    # What was typed before street types became the TipusVia catalogue: kept
    # readable on the record, never asked for again (issue 17.5).
    street_type_text = models.CharField(
        _("street type (as typed before)"), max_length=30, blank=True
    )
    street_name = models.CharField(_("street"), max_length=200, blank=True)
    street_number = models.CharField(_("number"), max_length=10, blank=True)
    block = models.CharField(_("block"), max_length=10, blank=True)
    staircase = models.CharField(_("staircase"), max_length=10, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    door = models.CharField(_("door"), max_length=10, blank=True)
    # Cohabitation
    family_type = models.PositiveSmallIntegerField(
        _("family type"), choices=FamilyType.choices, default=FamilyType.NOT_RECORDED
    )
    cohabitation_type = models.PositiveSmallIntegerField(
        _("cohabitation"),
        choices=CohabitationType.choices,
        default=CohabitationType.NOT_RECORDED,
    )
    members_count = models.PositiveSmallIntegerField(
        _("members"), null=True, blank=True
    )
    minors_count = models.PositiveSmallIntegerField(_("minors"), null=True, blank=True)
    children_count = models.PositiveSmallIntegerField(
        _("children"), null=True, blank=True
    )
    dependants_count = models.PositiveSmallIntegerField(
        _("dependants in charge"), null=True, blank=True
    )
    # Dependency and disability
    dependent = models.BooleanField(_("dependent"), default=False)
    dependency_degree = models.PositiveSmallIntegerField(
        _("dependency degree"), choices=DependencyDegree.choices, default=0
    )
    dependency_file = models.CharField(
        _("dependency file number"), max_length=30, blank=True
    )
    pia_request_date = models.DateField(
        _("PIA request date"), null=True, blank=True, validators=[validate_past_date]
    )
    energy_dependency = models.BooleanField(_("energy dependency"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    disability_percent = models.PositiveSmallIntegerField(
        _("disability degree (%)"), null=True, blank=True
    )
    reduced_mobility = models.BooleanField(_("reduced mobility"), default=False)
    # Responsibility and traceability
    reference_professional = models.ForeignKey(
        USER,
        verbose_name=_("reference professional"),
        on_delete=models.PROTECT,
        related_name="referent_persons",
    )
    reference_team = _fk(Team, _("reference team"))
    # Set when this record was merged into another; the merge keeps a snapshot
    # so it can be undone (directory.merge).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        related_name="merged_records",
        null=True,
        blank=True,
        editable=False,
    )
    created_by = _fk(USER, _("created by"))
    updated_by = _fk(USER, _("last changed by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person record")
        verbose_name_plural = _("person records")
        # By the normalised name ("avila garcia maria"): accents and case do not
        # move anyone ("Ávila" among the A's) and its index serves big listings.
        # The listing reads it from directory_person_area_name (search_index.py).
        ordering = [ByteOrder("search_name").asc(), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "document_norm"],
                condition=~Q(document_norm=""),
                name="directory_person_one_document_per_area",
            ),
            models.CheckConstraint(
                condition=Q(disability_percent__isnull=True)
                | Q(disability_percent__lte=100),
                name="directory_person_disability_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(status=PersonStatus.ACTIVE) | Q(death_date__isnull=False),
                name="directory_person_deceased_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "document_norm"], name="directory_doc_idx"),
            models.Index(fields=["area", "health_card"], name="directory_cip_idx"),
            # The alerts of linked persons (helpdesk.alerts.queries): the few
            # deceased, and the living with no municipality of residence.
            models.Index(
                fields=["id"],
                condition=Q(status=PersonStatus.DECEASED),
                name="directory_person_deceased",
            ),
            models.Index(
                fields=["id"],
                condition=Q(
                    status=PersonStatus.ACTIVE, residence_municipality__isnull=True
                ),
                name="directory_person_no_residence",
            ),
            # The returns' persons tables (reports.breakdowns): an area's
            # current persons with what they count by (age, sex, nationality),
            # read from the index alone instead of their whole rows (PostgreSQL
            # keeps the included columns; 277 -> 55 ms of 500,000 persons).
            models.Index(
                fields=["area"],
                include=["id", "birth_date", "sex", "nationality"],
                condition=Q(merged_into__isnull=True),
                name="directory_person_returns",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.first_name, self.surname1, self.surname2) if p)

    def save(self, *args, **kwargs):
        # Keep the search keys in step with what they derive from, on every write path.
        self.document_norm = normalise_document(self.document_number)
        self.search_name = normalise_name(self.surname1, self.surname2, self.first_name)
        self.health_card = normalise_document(self.health_card)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"document_norm", "search_name", "health_card"}
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)
        # New name words join the typo dictionary of the search desk.
        from .search import NameToken

        NameToken.register(self.search_name.split())

    def clean(self):
        """Validate the document for its type and its uniqueness in the area."""
        super().clean()
        try:
            self.document_number = check_document(
                self.document_type, self.document_number
            )
        except ValidationError as error:
            raise ValidationError({"document_number": error}) from None
        norm = normalise_document(self.document_number)
        if norm and self.area_id:
            twin = (
                Person.objects.filter(area_id=self.area_id, document_norm=norm)
                .exclude(pk=self.pk)
                .first()
            )
            if twin:
                raise ValidationError(
                    {
                        "document_number": ValidationError(
                            _("This document is already recorded for %(name)s."),
                            code="duplicate_document",
                            params={"name": twin, "pk": twin.pk},
                        )
                    }
                )
        if self.status == PersonStatus.DECEASED and not self.death_date:
            raise ValidationError({"death_date": _("Record the date of death.")})
        if self.birth_date and self.birth_date > date.today() and not self.unborn:
            # Only an unborn child's (expected) birth date lies ahead.
            raise ValidationError(
                {"birth_date": _("The birth date cannot be in the future.")}
            )

    @property
    def is_deceased(self) -> bool:
        return self.status == PersonStatus.DECEASED

    @property
    def full_name(self) -> str:
        """Surnames first, as the desk lists and sorts people."""
        surnames = " ".join(p for p in (self.surname1, self.surname2) if p)
        return f"{surnames}, {self.first_name}" if self.first_name else surnames

    @property
    def age(self) -> int | None:
        """Completed years today (or at death); None without a birth date."""
        if not self.birth_date:
            return None
        until = self.death_date or date.today()
        before_birthday = (until.month, until.day) < (
            self.birth_date.month,
            self.birth_date.day,
        )
        return until.year - self.birth_date.year - before_birthday


class PersonExtended(Versioned):
    """The extended block: work, income, immigration, studies, social network, health.

    A separate row with its own permission (technical roles and coordinators) and
    its own created/changed stamps, as the interface keeps it.
    """

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="extended",
        primary_key=True,
    )
    labour_activity = models.PositiveSmallIntegerField(
        _("labour activity"), choices=LabourActivity.choices, default=0
    )
    work_permit = models.BooleanField(_("work permit"), default=False)
    work_permit_expiry = models.DateField(
        _("work permit expiry"),
        null=True,
        blank=True,
        validators=[validate_document_expiry],
    )
    work_municipality = _fk(Municipality, _("work municipality"))
    employed = models.BooleanField(_("employed"), default=False)
    self_employed = models.BooleanField(_("self-employed"), default=False)
    income_amount = models.DecimalField(
        _("monthly income"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    income_channels = models.JSONField(_("income channels"), default=list, blank=True)
    legal_situation = models.PositiveSmallIntegerField(
        _("legal situation"), choices=LegalSituation.choices, default=0
    )
    arrival_in_spain = models.DateField(
        _("arrival in Spain"), null=True, blank=True, validators=[validate_past_date]
    )
    arrival_in_municipality = models.DateField(
        _("arrival in the municipality"),
        null=True,
        blank=True,
        validators=[validate_past_date],
    )
    nie_expiry = models.DateField(
        _("NIE expiry"), null=True, blank=True, validators=[validate_document_expiry]
    )
    pending_reunification = models.JSONField(
        _("pending family reunification"), default=list, blank=True
    )
    education_level = models.PositiveSmallIntegerField(
        _("education level"), choices=EducationLevel.choices, default=0
    )
    studies_recognised = models.BooleanField(_("studies recognised"), default=False)
    school = models.CharField(_("school"), max_length=200, blank=True)
    mother_tongue = _fk(MotherTongue, _("mother tongue"))
    # What was typed before mother tongues became the LlenguaMaterna catalogue.
    mother_tongue_text = models.CharField(
        _("mother tongue (as typed before)"), max_length=10, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    belongs_to_association = models.BooleanField(
        _("member of an association"), default=False
    )
    association_name = models.CharField(_("association"), max_length=200, blank=True)
    support_from = models.JSONField(
        _("receives support from"), default=list, blank=True
    )
    health_area = models.CharField(_("primary health area"), max_length=100, blank=True)
    created_by = _fk(USER, _("created by"))
    updated_by = _fk(USER, _("last changed by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    area_lookup = "person__area"

    extra = extra_values_field()
    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("extended data")
        verbose_name_plural = _("extended data")

    def __str__(self) -> str:
        return str(self.person)
