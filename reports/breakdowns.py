"""The tables the official returns are built from (domain.md §5.2–5.3).

Each table is one query: the rows counted (`base`, always reached through the
user's scope: `visible_to`), a row key and a column key computed in the
database, and one GROUP BY. Persons are counted with an EXISTS over the
expedients worked in the period, never with COUNT(DISTINCT) over a join
(performance.md §3.4). "Explain this number" filters the very same annotated
queryset by the cell's keys (`members`), so a figure and its list never
disagree.

Deleted items (`deleted_at` set, casework/models/items.py) are never counted:
the items are read through their default managers, and the EXISTS over
actuacions says `deleted_at__isnull=True` itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.enums import (
    AutomaticEvent,
    EnergyAccessChannel,
    EnergyDenialReason,
    Module,
    ProblemScope,
)
from casework.models import Actuacio, Expedient, LinkedPerson, ProblemRecord, Resource
from configuration.enums import ExpedientState, PromotingEntity, ResourceState, Sex
from configuration.models import Sector, User
from directory.models import Person

from .enums import Breakdown, DateBasis

UNKNOWN = "-"
ROW, COL, LABEL = "report_row", "report_col", "report_label"

# (key, label, youngest age, oldest age or None): age at the period's end.
AGE_GROUPS = (
    ("0-17", _("0 to 17"), 0, 17),
    ("18-29", _("18 to 29"), 18, 29),
    ("30-44", _("30 to 44"), 30, 44),
    ("45-64", _("45 to 64"), 45, 64),
    ("65-74", _("65 to 74"), 65, 74),
    ("75+", _("75 and over"), 75, None),
)


@dataclass(frozen=True)
class Criteria:
    """What a return counts: whose scope, which area and period, the counting
    choice and the optional filters of domain.md §5.2."""

    user: User
    area_id: int
    start: date
    end: date
    basis: str = DateBasis.HAPPENED
    sector_id: int | None = None
    subsector_id: int | None = None
    team_id: int | None = None
    professional_id: int | None = None

    def query(self) -> dict:
        """The criteria as URL parameters (and as the audit entry's criteria)."""
        values = {
            "area": self.area_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "basis": self.basis,
            "sector": self.sector_id,
            "subsector": self.subsector_id,
            "team": self.team_id,
            "professional": self.professional_id,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}

    @property
    def registered(self) -> bool:
        return self.basis == DateBasis.REGISTERED

    def created_in_period(self, prefix: str = "") -> Q:
        """Registered in the period: `created_at` within its days (local time)."""
        zone = timezone.get_current_timezone()
        since = timezone.make_aware(datetime.combine(self.start, time.min), zone)
        until = timezone.make_aware(
            datetime.combine(self.end + timedelta(days=1), time.min), zone
        )
        return Q(
            **{f"{prefix}created_at__gte": since, f"{prefix}created_at__lt": until}
        )

    def dated_in_period(self, field: str) -> Q:
        """By the counting choice: `field` (a date), or registration, in the period."""
        if self.registered:
            return self.created_in_period()
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- the common bases -------------------------------------------------------------


def expedients(c: Criteria, module: str = Module.SSB) -> QuerySet:
    """The expedients of `module` (basic social services unless said) in the
    user's scope and the filters: a return of a module counts only its data."""
    rows = Expedient.objects.visible_to(c.user).filter(area_id=c.area_id, module=module)
    if c.sector_id:
        rows = rows.filter(sector_id=c.sector_id)
    if c.subsector_id:
        rows = rows.filter(subsector_id=c.subsector_id)
    if c.team_id:
        team_sectors = Sector.objects.filter(teams__pk=c.team_id).values("pk")
        rows = rows.filter(
            Q(reference_team_id=c.team_id) | Q(sector_id__in=team_sectors)
        )
    if c.professional_id:
        rows = rows.filter(
            Q(reference_professional_id=c.professional_id)
            | Q(co_reference_professional_id=c.professional_id)
        )
    return rows


def actuacions_in_period(c: Criteria) -> QuerySet:
    """The actuacions of the period that nobody deleted."""
    return Actuacio.objects.filter(c.dated_in_period("date"))


def worked_expedients(c: Criteria, module: str = Module.SSB) -> QuerySet:
    """Expedients worked in the period (new or not, AOC's rule): with an
    actuació of the period, the automatic ones (opened, closed, reopened,
    resource granted) included."""
    worked = actuacions_in_period(c).filter(expedient=OuterRef("pk"))
    return expedients(c, module).filter(Exists(worked))


def persons_attended(
    c: Criteria, module: str = Module.SSB, *, main_only: bool = False
) -> QuerySet:
    """Persons linked to an expedient of `module` worked in the period (with
    `main_only`, its main person only): each person once, whatever the number
    of expedients or sectors."""
    links = LinkedPerson.objects.filter(
        person=OuterRef("pk"),
        expedient__in=worked_expedients(c, module).order_by().values("pk"),
    )
    if main_only:
        links = links.filter(is_main=True)
    return (
        Person.objects.visible_to(c.user)
        .current()
        .filter(area_id=c.area_id)
        .filter(Exists(links))
    )


# --- the keys ---------------------------------------------------------------------


def sex_key():
    return Case(
        When(sex=Sex.MAN, then=Value(Sex.MAN.value)),
        When(sex=Sex.WOMAN, then=Value(Sex.WOMAN.value)),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


SEX_COLUMNS = (
    (Sex.WOMAN.value, Sex.WOMAN.label),
    (Sex.MAN.value, Sex.MAN.label),
    (UNKNOWN, _("Not recorded")),
)


def age_key(c: Criteria):
    whens = [When(birth_date__isnull=True, then=Value(UNKNOWN))]
    for key, _label, _youngest, oldest in AGE_GROUPS:
        if oldest is None:
            whens.append(When(birth_date__isnull=False, then=Value(key)))
        else:
            born_after = years_before(c.end, oldest + 1)
            whens.append(When(birth_date__gt=born_after, then=Value(key)))
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def age_rows(c: Criteria) -> tuple:
    return (
        *((key, label) for key, label, *_ in AGE_GROUPS),
        (UNKNOWN, _("Birth date not recorded")),
    )


# --- the tables -------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How one table is counted: `base(c)` the rows, `row(c)`/`col(c)` their keys,
    `label` the expression naming a row when rows are not a fixed list."""

    key: str
    entity: str  # persons, expedients, problems, resources, professionals
    base: Callable[[Criteria], QuerySet]
    row: Callable[[Criteria], object]
    col: Callable[[Criteria], object]
    rows: Callable[[Criteria], tuple] | None = None  # fixed rows: ((key, label), …)
    cols: tuple = ()
    label: object = None
    row_title: str = ""
    measure: str = ""

    @property
    def title(self) -> str:
        return Breakdown(self.key).label

    def columns(self, c: Criteria) -> tuple:
        return self.cols

    def annotated(self, c: Criteria) -> QuerySet:
        return self.base(c).annotate(**{ROW: self.row(c), COL: self.col(c)})


def _problems(c: Criteria) -> QuerySet:
    if c.registered:
        period = c.created_in_period()
    else:
        period = Q(starts_on__lte=c.end, ends_on__gte=c.start)
    return ProblemRecord.objects.filter(
        period, expedient__in=expedients(c).order_by().values("pk")
    )


def _benefits(c: Criteria) -> QuerySet:
    """Resources granted and in force during the period (from their start, or
    the day their state changed, to their end; no end: still running), or
    registered in it."""
    if c.registered:
        period = c.created_in_period()
    else:
        period = Q(from_day__lte=c.end) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=c.start)
        )
    return (
        Resource.objects.filter(
            state=ResourceState.GRANTED,
            expedient__in=expedients(c).order_by().values("pk"),
        )
        .alias(from_day=Coalesce("starts_on", "state_changed_on"))
        .filter(period)
    )


def _energy(c: Criteria) -> QuerySet:
    """Household-supply aids (benefits marked as energy or water supply,
    2.3.7.x) of the period, whatever their state: dated by their start, or the
    day their state changed (a denial has no start), or registered in it."""
    return (
        Resource.objects.filter(
            benefit__is_energy_supply=True,
            expedient__in=expedients(c).order_by().values("pk"),
        )
        .alias(decided_on=Coalesce("starts_on", "state_changed_on"))
        .filter(c.dated_in_period("decided_on"))
    )


def _energy_denied(c: Criteria) -> QuerySet:
    return _energy(c).filter(state=ResourceState.DENIED)


def _choice_key(field: str):
    return Coalesce(Cast(field, CharField()), Value(UNKNOWN))


def _columns(choices) -> tuple:
    return tuple((str(choice.value), choice.label) for choice in choices)


BENEFIT_LABEL = Concat(F("benefit__code"), Value(" "), F("benefit__name"))


def _choice_rows(choices):
    def rows(c):
        return (
            *_columns(choices),
            (UNKNOWN, _("Not recorded")),
        )

    return rows


def _staff(c: Criteria) -> QuerySet:
    """Professionals of the area working at some point of the period."""
    zone = timezone.get_current_timezone()
    until = timezone.make_aware(
        datetime.combine(c.end + timedelta(days=1), time.min), zone
    )
    since = timezone.make_aware(datetime.combine(c.start, time.min), zone)
    rows = (
        User.objects.visible_to(c.user)
        .filter(area_id=c.area_id, date_joined__lt=until)
        .filter(Q(is_active=True) | Q(deregistered_at__gte=since))
    )
    if c.team_id:
        rows = rows.filter(pk__in=User.objects.filter(teams__pk=c.team_id).values("pk"))
    if c.sector_id:
        rows = rows.filter(
            pk__in=User.objects.filter(teams__sectors__pk=c.sector_id).values("pk")
        )
    if c.professional_id:
        rows = rows.filter(pk=c.professional_id)
    return rows


def _new_or_continuing(c: Criteria):
    if c.registered:
        new = c.created_in_period()
    else:
        opened = Actuacio.objects.filter(
            expedient=OuterRef("pk"),
            event=AutomaticEvent.OPENED,
            date__gte=c.start,
            date__lte=c.end,
        )
        new = Q(Exists(opened))
    return Case(
        When(new, then=Value("new")),
        default=Value("continuing"),
        output_field=CharField(),
    )


def _state_key(c: Criteria):
    return Case(
        When(state=ExpedientState.OPEN, then=Value("open")),
        default=Value("closed"),
        output_field=CharField(),
    )


SPECS: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec(
            key=Breakdown.PERSONS_AGE_SEX,
            entity="persons",
            base=persons_attended,
            row=age_key,
            col=lambda c: sex_key(),
            rows=age_rows,
            cols=SEX_COLUMNS,
            row_title=_("Age group"),
            measure=_("persons"),
        ),
        Spec(
            key=Breakdown.PERSONS_NATIONALITY_SEX,
            entity="persons",
            base=persons_attended,
            row=lambda c: Coalesce(F("nationality__code"), Value(UNKNOWN)),
            col=lambda c: sex_key(),
            label=Coalesce(F("nationality__name"), Value(str(_("Not recorded")))),
            cols=SEX_COLUMNS,
            row_title=_("Nationality"),
            measure=_("persons"),
        ),
        Spec(
            key=Breakdown.EXPEDIENTS,
            entity="expedients",
            base=worked_expedients,
            row=_new_or_continuing,
            col=_state_key,
            rows=lambda c: (
                ("new", _("Opened in the period")),
                ("continuing", _("Opened before")),
            ),
            cols=(
                ("open", ExpedientState.OPEN.label),
                ("closed", ExpedientState.CLOSED.label),
            ),
            row_title=_("Expedients"),
            measure=_("expedients"),
        ),
        Spec(
            key=Breakdown.PROBLEMS,
            entity="problems",
            base=_problems,
            row=lambda c: F("problem__type__code"),
            col=lambda c: F("scope"),
            label=Concat(
                F("problem__type__code"), Value(" "), F("problem__type__name")
            ),
            cols=tuple((choice.value, choice.label) for choice in ProblemScope),
            row_title=_("Problem type"),
            measure=_("problems"),
        ),
        Spec(
            key=Breakdown.BENEFITS,
            entity="resources",
            base=_benefits,
            row=lambda c: F("benefit__code"),
            col=lambda c: _choice_key("promoting_entity"),
            label=BENEFIT_LABEL,
            cols=_columns(PromotingEntity),
            row_title=_("Benefit"),
            measure=_("resources granted"),
        ),
        Spec(
            key=Breakdown.STAFF,
            entity="professionals",
            base=_staff,
            row=lambda c: Coalesce(F("groups__name"), Value(UNKNOWN)),
            col=lambda c: Value("all", output_field=CharField()),
            label=Coalesce(F("groups__name"), Value(str(_("No role")))),
            cols=(("all", _("Professionals")),),
            row_title=_("Role"),
            measure=_("professionals"),
        ),
        Spec(
            key=Breakdown.ENERGY_BY_STATE,
            entity="resources",
            base=_energy,
            row=lambda c: F("benefit__code"),
            col=lambda c: _choice_key("state"),
            label=BENEFIT_LABEL,
            cols=_columns(ResourceState),
            row_title=_("Benefit"),
            measure=_("aids"),
        ),
        Spec(
            key=Breakdown.ENERGY_BY_CHANNEL,
            entity="resources",
            base=_energy,
            row=lambda c: _choice_key("access_channel"),
            col=lambda c: _choice_key("state"),
            rows=_choice_rows(EnergyAccessChannel),
            cols=_columns(ResourceState),
            row_title=_("How the case arrived"),
            measure=_("aids"),
        ),
        Spec(
            key=Breakdown.ENERGY_DENIALS,
            entity="resources",
            base=_energy_denied,
            row=lambda c: _choice_key("denial_reason"),
            col=lambda c: Value("all", output_field=CharField()),
            rows=_choice_rows(EnergyDenialReason),
            cols=(("all", _("Denied")),),
            row_title=_("Denial reason"),
            measure=_("aids"),
        ),
    )
}


# --- counting ---------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str
    row_title: str
    rows: list  # [(key, label)]
    cols: list
    cells: dict = field(default_factory=dict)  # (row, col) -> int
    help_text: str = ""  # where the table comes from, when no spec says it

    def value(self, row: str, col: str) -> int:
        return self.cells.get((row, col), 0)

    def row_total(self, row: str) -> int:
        return sum(self.value(row, col) for col, _label in self.cols)

    def col_total(self, col: str) -> int:
        return sum(self.value(row, col) for row, _label in self.rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def matching(self, row_pattern: str = "", col_pattern: str = "") -> int:
        """The sum of the cells a variable names (reports.models.ReturnVariable)."""
        return sum(
            value
            for (row, col), value in self.cells.items()
            if matches(row, row_pattern) and matches(col, col_pattern)
        )


def matches(key: str, pattern: str) -> bool:
    if not pattern:
        return True
    if pattern.endswith("*"):
        return key.startswith(pattern[:-1])
    return key == pattern


def pattern_q(name: str, pattern: str) -> Q:
    if not pattern:
        return Q()
    if pattern.endswith("*"):
        return Q(**{f"{name}__startswith": pattern[:-1]})
    return Q(**{name: pattern})


def count(key: str, c: Criteria) -> Table:
    """One table: one GROUP BY query."""
    spec = SPECS[key]
    if hasattr(spec, "count"):  # the monthly tables (reports.modules)
        return spec.count(c)
    grouped = spec.annotated(c).order_by().values(ROW, COL)
    aggregates = {"n": Count("pk")}
    if spec.label is not None:
        aggregates[LABEL] = Min(spec.label)
    cells, labels = {}, {}
    for entry in grouped.annotate(**aggregates):
        cells[(entry[ROW], entry[COL])] = entry["n"]
        labels.setdefault(entry[ROW], entry.get(LABEL) or entry[ROW])
    if spec.rows is not None:
        rows = [(k, label) for k, label in spec.rows(c)]
    else:
        rows = sorted(labels.items(), key=lambda item: (item[0] == UNKNOWN, item[0]))
    cols = list(spec.cols)
    known = {k for k, _label in cols}
    for _row, col in sorted(cells):
        if col not in known:  # a value outside the fixed columns: show it
            cols.append((col, col))
            known.add(col)
    return Table(
        key=key,
        title=str(spec.title),
        row_title=str(spec.row_title),
        rows=rows,
        cols=cols,
        cells=cells,
    )


def members(key: str, c: Criteria, *, row: str = "", col: str = "") -> QuerySet:
    """What a cell (or a variable: patterns, or a total: empty) counted: the
    same annotated queryset as `count`, filtered by the cell's keys."""
    spec = SPECS[key]
    if hasattr(spec, "members"):
        return spec.members(c, row=row, col=col)
    return spec.annotated(c).filter(pattern_q(ROW, row), pattern_q(COL, col))


# The tables of the specialised modules' returns (SIAD, EAIA), declared there.
from .modules import MODULE_SPECS  # noqa: E402

SPECS.update(MODULE_SPECS)
