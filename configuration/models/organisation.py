"""The organisation: local bodies, areas (the tenant), sectors, teams, professionals."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..collation import CatalanOrder
from ..enums import FundingCategory, LocalBodyKind, TeamKind, Weekday
from ..scope import AreaScopedQuerySet
from .base import TimeStampedModel
from .reference import Municipality

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Write the colour as # followed by six hex digits.")
)


class LocalBody(TimeStampedModel):
    """A town council, county council or association that runs basic social services."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LocalBodyKind.choices)

    class Meta:
        verbose_name = _("local body")
        verbose_name_plural = _("local bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(TimeStampedModel):
    """A basic social-services area (ABSS): the tenant of every personal record."""

    local_body = models.ForeignKey(
        LocalBody,
        verbose_name=_("local body"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short identifier of the area, used in exports and reports."),
    )

    area_lookup = "pk"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("basic social-services area")
        verbose_name_plural = _("basic social-services areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(TimeStampedModel):
    """One municipality an area covers: the first territorial level."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="sectors"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sectors",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "municipality"],
                name="configuration_sector_one_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.municipality.name


SUBSECTOR_TEXT = {"max_length": 2000, "validators": [MaxLengthValidator(2000)]}


class Subsector(TimeStampedModel):
    """An optional subdivision of a sector: a neighbourhood or a zone."""

    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="subsectors",
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    # The agenda's printed papers (agenda/pdf.py) end with the subsector's own
    # words: where to come, what to bring, whom to call; blank, a default.
    reminder_text = models.TextField(
        _("appointment reminder text"),
        blank=True,
        **SUBSECTOR_TEXT,
        help_text=_("Printed at the end of each appointment reminder."),
    )
    receipt_text = models.TextField(
        _("attendance receipt text"),
        blank=True,
        **SUBSECTOR_TEXT,
        help_text=_("Printed at the end of each attendance receipt."),
    )

    area_lookup = "sector__area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsector")
        verbose_name_plural = _("subsectors")
        ordering = ["sector__municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "name"], name="configuration_subsector_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sector} · {self.name}"


class Team(TimeStampedModel):
    """A territorial or thematic team; it works in one or more sectors of its area."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TeamKind.choices, default=TeamKind.TERRITORIAL
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), related_name="teams"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], name="configuration_team_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_names(self) -> str:
        return ", ".join(str(sector) for sector in self.sectors.all())

    @property
    def member_names(self) -> str:
        return ", ".join(str(member) for member in self.members.all())

    @property
    def sector_codes(self) -> str:
        """The sectors as the team import writes them: municipality codes, ";"."""
        return ";".join(sector.municipality.code for sector in self.sectors.all())


class ProfessionalQuerySet(AreaScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_permission(self, permission: str):
        """Professionals whose roles (or own grants) give `permission`,
        written "app_label.codename"."""
        from django.contrib.auth.models import Permission

        app_label, codename = permission.split(".", 1)
        granted = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
        return self.filter(
            Exists(granted.filter(group__user=OuterRef("pk")))
            | Exists(granted.filter(user=OuterRef("pk")))
        )


class ProfessionalManager(UserManager.from_queryset(ProfessionalQuerySet)):
    pass


class User(AbstractUser):
    """A professional (or trainee, or support agent) who signs in to Llar.

    Deregistering sets `is_active` off (sign-in is refused at once) and stamps
    `deregistered_at`; the row stays so records keep the historical name.
    """

    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="professionals",
        null=True,
        blank=True,
        help_text=_("Empty only for the support desk and trainees outside any area."),
    )
    identity_document = models.CharField(
        _("identity document"), max_length=20, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    teams = models.ManyToManyField(
        Team, verbose_name=_("teams"), related_name="members", blank=True
    )
    calendar_colour = models.CharField(
        _("calendar colour"),
        max_length=7,
        default="#0b6e4f",
        validators=[colour_validator],
    )
    deregistered_at = models.DateTimeField(_("deregistered at"), null=True, blank=True)
    # Immigration technicians' European Social Fund cost category (domain.md §2.2).
    funding_category = models.CharField(
        _("FSE funding category"),
        max_length=1,
        choices=FundingCategory.choices,
        blank=True,
        help_text=_("Required for immigration technicians: A, B or C."),
    )

    objects = ProfessionalManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = [
            CatalanOrder("last_name").asc(),  # "Ávila" among the A's
            CatalanOrder("first_name").asc(),
            "username",
        ]
        permissions = [
            ("deregister_user", _("Can deregister and reactivate professionals")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> str:
        return ", ".join(sorted(group.name for group in self.groups.all()))

    @property
    def team_names(self) -> str:
        return ", ".join(sorted(team.name for team in self.teams.all()))


class WorkSchedule(models.Model):
    """When a professional works in a sector, so the agenda shows availability there."""

    professional = models.ForeignKey(
        User,
        verbose_name=_("professional"),
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    area_lookup = "sector__area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("working timetable")
        verbose_name_plural = _("working timetables")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="configuration_workschedule_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        hours = f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        return f"{self.get_weekday_display()} {hours}"


class AreaSettings(TimeStampedModel):
    """Per-area settings a coordinator edits, and the area's data for annual returns."""

    area = models.OneToOneField(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="settings"
    )
    actuacio_edit_days = models.PositiveSmallIntegerField(
        _("days an actuació stays editable"),
        default=30,
        help_text=_(
            "After this many days from its date an actuació becomes read-only "
            "for everyone; it stays readable."
        ),
    )
    plan_expiry_warning_days = models.PositiveSmallIntegerField(
        _("days before expiry to warn about a plan"),
        default=30,
        help_text=_(
            "Intervention plans whose expiry date falls within this many days "
            "appear as about to expire."
        ),
    )
    titular_body_code = models.CharField(
        _("INE code of the titular local body"), max_length=10, blank=True
    )
    population = models.PositiveIntegerField(
        _("population covered"), null=True, blank=True
    )
    head_of_service = models.CharField(_("head of service"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("area settings")
        verbose_name_plural = _("area settings")

    def __str__(self) -> str:
        return str(self.area)
