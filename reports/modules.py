"""The tables of the specialised modules' returns (domain.md §5.2): the Memòria
ICD from the SIAD module only (§5.4), and the DGAIA/SAIA monthly figures from
the EAIA module only (§3.7). A module's return reads only that module's
expedients (`expedients(c, module)`), in the user's scope and the filters.

The SIAD tables are `Spec`s like the Fitxa 1's (one GROUP BY each). The EAIA
tables are monthly: their columns are the months of the period and each is
one query too, counting each month with a filtered COUNT (a case in force
belongs to several months, so a GROUP BY over a month key cannot count it).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.enums import AutomaticEvent, Module
from casework.models import Actuacio
from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaPriority,
    EaiaTerritoriality,
)
from casework.modules.eaia.models import EaiaEvolution
from casework.modules.siad.models import SiadActuacio
from configuration.enums import ExpedientState

from .breakdowns import (
    LABEL,
    ROW,
    SEX_COLUMNS,
    UNKNOWN,
    Criteria,
    Spec,
    Table,
    _choice_rows,
    actuacions_in_period,
    age_key,
    age_rows,
    expedients,
    matches,
    pattern_q,
    persons_attended,
    sex_key,
)
from .enums import Breakdown

# --- Memòria ICD (SIAD) ------------------------------------------------------------


def _siad_actuacions(c: Criteria) -> QuerySet:
    """The SIAD actuacions of the period (not deleted) of the SIAD expedients
    in scope."""
    return SiadActuacio.objects.filter(
        pk__in=actuacions_in_period(c).values("pk"),
        expedient__in=expedients(c, Module.SIAD).order_by().values("pk"),
    )


URGENCY_COLUMNS = (("urgent", _("Urgent")), ("ordinary", _("Not urgent")))


def _urgency(c: Criteria):
    return Case(
        When(urgent=True, then=Value("urgent")),
        default=Value("ordinary"),
        output_field=CharField(),
    )


def siad_entry_spec(key: str, field: str, row_title) -> Spec:
    """SIAD actuacions by one of their catalogue entries (rows: the entry's
    code; none recorded: -) and urgency."""
    return Spec(
        key=key,
        entity="siad_actuacions",
        base=_siad_actuacions,
        row=lambda c: Coalesce(F(f"{field}__code"), Value(UNKNOWN)),
        col=_urgency,
        label=Coalesce(F(f"{field}__name"), Value(str(_("Not recorded")))),
        cols=URGENCY_COLUMNS,
        row_title=row_title,
        measure=_("actuacions"),
    )


SIAD_SPECS = (
    Spec(
        key=Breakdown.SIAD_WOMEN_AGE_SEX,
        entity="persons",
        base=lambda c: persons_attended(c, Module.SIAD, main_only=True),
        row=age_key,
        col=lambda c: sex_key(),
        rows=age_rows,
        cols=SEX_COLUMNS,
        row_title=_("Age group"),
        measure=_("persons"),
    ),
    siad_entry_spec(
        Breakdown.SIAD_BY_SERVICE, "attending_service", _("Attending service")
    ),
    siad_entry_spec(
        Breakdown.SIAD_BY_AREA, "consultation_area", _("Consultation area")
    ),
    siad_entry_spec(
        Breakdown.SIAD_BY_TYPE, "consultation_type", _("Consultation type")
    ),
    siad_entry_spec(
        Breakdown.SIAD_BY_VIOLENCE, "violence_situation", _("Violence situation")
    ),
    siad_entry_spec(Breakdown.SIAD_BY_CHANNEL, "channel", _("Channel")),
    siad_entry_spec(Breakdown.SIAD_BY_REFERRAL, "referral_source", _("Referred from")),
)

# --- DGAIA/SAIA monthly figures (EAIA) ------------------------------------------------


def months(c: Criteria) -> list[tuple[str, date, date]]:
    """The months of the period as (key YYYY-MM, first day, last day), clipped
    to the period."""
    result = []
    first = c.start
    while first <= c.end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(following - timedelta(days=1), c.end)
        result.append((f"{first:%Y-%m}", first, last))
        first = following
    return result


def month_columns(c: Criteria) -> tuple:
    return tuple((key, f"{first:%m/%Y}") for key, first, _last in months(c))


def _days(c: Criteria, first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(first, time.min), zone)
    until = timezone.make_aware(
        datetime.combine(last + timedelta(days=1), time.min), zone
    )
    return since, until


def _eaia_cases(c: Criteria) -> QuerySet:
    """The EAIA expedients in scope, with the day they were first opened (the
    automatic actuació of the opening, never deleted)."""
    opened = Actuacio.objects.filter(
        expedient=OuterRef("pk"), event=AutomaticEvent.OPENED
    ).order_by("date", "pk")
    return expedients(c, Module.EAIA).annotate(
        opened_on=Subquery(opened.values("date")[:1])
    )


def _opened_in(c: Criteria, first: date, last: date) -> Q:
    """New in the month: first opened in it (or registered in it)."""
    if c.registered:
        since, until = _days(c, first, last)
        return Q(created_at__gte=since, created_at__lt=until)
    return Q(opened_on__gte=first, opened_on__lte=last)


def _eaia_periods(c: Criteria) -> QuerySet:
    """The Evolució periods of the EAIA expedients in scope."""
    return EaiaEvolution.objects.filter(
        expedient__in=expedients(c, Module.EAIA).order_by().values("pk")
    )


def _in_force_on(c: Criteria, first: date, last: date) -> Q:
    """The period in force on the month's last day (periods are contiguous, so
    one per expedient), of an expedient not closed by then."""
    return (
        Q(starts_on__lte=last)
        & (Q(ends_on__isnull=True) | Q(ends_on__gt=last))
        & ~Q(expedient__state=ExpedientState.CLOSED, expedient__state_date__lte=last)
    )


def _dated_in(field: str):
    def month_q(c: Criteria, first: date, last: date) -> Q:
        return Q(**{f"{field}__gte": first, f"{field}__lte": last})

    return month_q


@dataclass(frozen=True)
class MonthlySpec:
    """A table whose columns are the months of the period. With `row`, rows
    are grouped by it and a row counts in each month `month_q` says (one
    GROUP BY with a filtered COUNT per month). With `events`, each row is an
    event of its own date field: (key, label, month_q); one query without
    GROUP BY."""

    key: str
    entity: str
    base: Callable[[Criteria], QuerySet]
    month_q: Callable | None = None
    row: Callable[[Criteria], object] | None = None
    rows: Callable[[Criteria], tuple] | None = None
    events: tuple = ()
    stock: bool = False  # counted on a day: a row's months do not add up
    label: object = None
    row_title: str = ""
    measure: str = ""

    @property
    def title(self) -> str:
        return Breakdown(self.key).label

    def columns(self, c: Criteria) -> tuple:
        return month_columns(c)

    def explains(self, row: str, col: str) -> bool:
        """A cell lists what it counted unless it adds up months of a stock
        (the same case in force in several months) or several events of the
        same expedient."""
        if self.stock and not col:
            return False
        return not (self.events and not row)

    def _month_filter(self, c: Criteria, row: str, first: date, last: date) -> Q:
        if not self.events:
            return self.month_q(c, first, last)
        wanted = [q for key, _l, q in self.events if matches(key, row)]
        result = Q(pk__in=[])
        for month_q in wanted:
            result |= month_q(c, first, last)
        return result

    def count(self, c: Criteria) -> Table:
        periods = months(c)
        cells, labels = {}, {}
        if self.events:
            aggregates = {
                f"{key}|{month}": Count("pk", filter=month_q(c, first, last))
                for key, _label, month_q in self.events
                for month, first, last in periods
            }
            for name, value in self.base(c).aggregate(**aggregates).items():
                if value:
                    row, month = name.split("|")
                    cells[(row, month)] = value
            rows = [(key, label) for key, label, _q in self.events]
        else:
            aggregates = {
                month: Count("pk", filter=self.month_q(c, first, last))
                for month, first, last in periods
            }
            if self.label is not None:
                aggregates[LABEL] = Min(self.label)
            grouped = (
                self.base(c)
                .annotate(**{ROW: self.row(c)})
                .order_by()
                .values(ROW)
                .annotate(**aggregates)
            )
            for entry in grouped:
                for month, _first, _last in periods:
                    if entry[month]:
                        cells[(entry[ROW], month)] = entry[month]
                        labels.setdefault(entry[ROW], entry.get(LABEL) or entry[ROW])
            if self.rows is not None:
                rows = list(self.rows(c))
            else:
                rows = sorted(
                    labels.items(), key=lambda item: (item[0] == UNKNOWN, item[0])
                )
        return Table(
            key=self.key,
            title=str(self.title),
            row_title=str(self.row_title),
            rows=rows,
            cols=list(month_columns(c)),
            cells=cells,
        )

    def members(self, c: Criteria, *, row: str = "", col: str = "") -> QuerySet:
        """What a cell counted: the rows of `row` dated in the month `col`
        (or in any month of the period)."""
        chosen = [(m, f, last) for m, f, last in months(c) if matches(m, col)]
        when = Q(pk__in=[])
        for _month, first, last in chosen:
            when |= self._month_filter(c, row, first, last)
        rows = self.base(c).filter(when)
        if self.row is not None:
            rows = rows.annotate(**{ROW: self.row(c)}).filter(pattern_q(ROW, row))
        return rows


def _choice(field: str):
    return lambda c: Coalesce(NullIf(F(field), Value("")), Value(UNKNOWN))


def in_force_spec(key: str, field: str, choices, row_title) -> MonthlySpec:
    """Cases in force at each month's end by a field of their period."""
    return MonthlySpec(
        key=key,
        entity="eaia_periods",
        base=_eaia_periods,
        month_q=_in_force_on,
        stock=True,
        row=_choice(field),
        rows=_choice_rows(choices),
        row_title=row_title,
        measure=_("cases in force"),
    )


EAIA_SPECS = (
    MonthlySpec(
        key=Breakdown.EAIA_NEW_BY_PRIORITY,
        entity="expedients",
        base=_eaia_cases,
        month_q=_opened_in,
        row=_choice("child_protection_case__priority"),
        rows=_choice_rows(EaiaPriority),
        row_title=_("Prioritisation criterion"),
        measure=_("new cases"),
    ),
    MonthlySpec(
        key=Breakdown.EAIA_NEW_BY_ORIGIN,
        entity="expedients",
        base=_eaia_cases,
        month_q=_opened_in,
        row=_choice("child_protection_case__case_origin"),
        row_title=_("Case origin"),
        measure=_("new cases"),
    ),
    in_force_spec(
        Breakdown.EAIA_IN_FORCE_BY_TYPE,
        "expedient_type",
        EaiaExpedientType,
        _("Expedient type"),
    ),
    in_force_spec(
        Breakdown.EAIA_IN_FORCE_BY_TERRITORIALITY,
        "territoriality",
        EaiaTerritoriality,
        _("Territoriality criterion"),
    ),
    MonthlySpec(
        key=Breakdown.EAIA_REPORTS,
        entity="expedients",
        base=lambda c: expedients(c, Module.EAIA),
        events=(
            (
                "report_prepared",
                _("Reports to DGAIA/SAIA prepared"),
                _dated_in("child_protection_case__report_prepared_on"),
            ),
            (
                "report_resolved",
                _("DGAIA/SAIA resolutions"),
                _dated_in("child_protection_case__report_resolved_on"),
            ),
            (
                "synthesis_generated",
                _("Case syntheses generated"),
                _dated_in("child_protection_case__synthesis_generated_on"),
            ),
            (
                "synthesis_resolved",
                _("Case syntheses resolved"),
                _dated_in("child_protection_case__synthesis_resolved_on"),
            ),
        ),
        row_title=_("Event"),
        measure=_("expedients"),
    ),
)

MODULE_SPECS = {spec.key: spec for spec in (*SIAD_SPECS, *EAIA_SPECS)}
