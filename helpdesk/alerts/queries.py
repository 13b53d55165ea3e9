"""The alerts, computed in the database: one queryset per kind (domain.md §4.8).

Whose alerts. A professional gets the alerts of the open expedients where they
are the reference or co-reference professional; a coordinator also those of
the professionals of their teams (reference or co-reference). Both are always
intersected with `Expedient.objects.visible_to(user)`, so a confidential
expedient alerts only those who may open it, and break-glass access brings no
alerts.

What each kind means (every kind needs an open expedient):
- plan expired: an open plan whose expiry date has passed;
- plan about to expire: an open plan expiring from today to today + the area's
  `AreaSettings.plan_expiry_warning_days` (default 30);
- granted resource past its end date: granted, end date passed, not dismissed
  (`AlertDismissal`, or casework's own `Resource.alert_dismissed` flag);
- resource pre-assigned for over a month: pre-assigned since (`state_changed_on`)
  before the same day of the previous month, and its holder is not deceased;
- no activity for a year: opened or reopened (`state_date`) over 365 days ago
  and nothing recorded since: no actuació dated or recorded in the last 365
  days, and no demand, problem, resource, tràmit or plan recorded in them;
- person without a municipality of residence: a living linked person whose
  record has no municipality of residence (one alert per linked person);
- deceased person: a linked person whose record says deceased;
- problem past its end date: a problem whose end date passed in the last 365
  days and was neither extended nor reopened (older ones were let end).
"""

import calendar
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from casework.enums import BeneficiaryRole, PlanState
from casework.models import (
    Actuacio,
    Demand,
    Expedient,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
    Resource,
    ResourceBeneficiary,
    Tramit,
)
from casework.modules import ModuleAlert, module_alerts
from casework.permissions import user_coordinates
from casework.tabs import expedient_url
from configuration.enums import PersonStatus, ResourceState
from configuration.models import AreaSettings, User
from directory.models import Person

from ..models.alerts import AlertDismissal
from .kinds import AlertKind

INACTIVITY_DAYS = 365
PROBLEM_LOOKBACK_DAYS = 365


def one_month_before(day: date) -> date:
    """The same day of the previous month (the month's last day when shorter)."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def alert_expedients(user) -> QuerySet:
    """The open expedients whose alerts `user` gets (see the module's docstring)."""
    professionals = {user.pk}
    if user_coordinates(user):
        # Read once: a list lets the database start from the professionals'
        # indexes (a subquery in an OR made it scan the area's expedients).
        colleagues = User.objects.filter(teams__members=user)
        professionals.update(colleagues.values_list("pk", flat=True))
    named = Q(reference_professional__in=professionals) | Q(
        co_reference_professional__in=professionals
    )
    return Expedient.objects.visible_to(user).open().filter(named)


def warning_days(user) -> int:
    """The window of "about to expire" plans in the user's area."""
    field = AreaSettings._meta.get_field("plan_expiry_warning_days")
    stored = (
        AreaSettings.objects.filter(area_id=user.area_id)
        .values_list("plan_expiry_warning_days", flat=True)
        .first()
    )
    return field.default if stored is None else stored


# Per database engine, up to how many expedients the kinds' queries name them
# (see AlertScope.expedient_ids); engines not listed keep the subquery.
LISTED_EXPEDIENTS = {"postgresql": 10_000, "sqlite": 10_000}


class AnyOfIds(Func):
    """`<field> = ANY(<ids>)`, the ids as one bigint array (PostgreSQL; `ids`
    as its text form, see AlertScope.id_array)."""

    output_field = BooleanField()

    def __init__(self, field: str, ids: str):
        super().__init__(F(field))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"{column} = ANY(%s::bigint[])", (*params, self.ids)


@dataclass(frozen=True)
class AlertScope:
    """What every kind's query starts from, computed once per user.

    `plain` keeps the scope as the plain subquery everywhere: the definition
    the optimised shapes must agree with (the tests, the bench's baseline).
    """

    expedients: QuerySet
    today: date
    warning_days: int
    plain: bool = False
    # Whose alerts (the modules' kinds start from their own expedients); None:
    # the alerts of `expedients` whoever's (the handover summaries).
    user: User | None = None

    @cached_property
    def expedient_ids(self) -> list[int] | QuerySet:
        """The expedients whose alerts the user gets: read once as a list of
        ids (up to LISTED_EXPEDIENTS of them), else the subquery.

        Repeated as a subquery, the scope rule (`visible_to`, several ORs with
        correlated subqueries) was planned again in each of the panel's
        queries, and PostgreSQL misjudged its rows: a coordinator's panel took
        seconds, most of it JIT compilation of plans it believed huge. SQLite
        planned it well but ran it again for each kind (50-90 ms each for a
        coordinator's 3,300 expedients, `make bench`).
        """
        cap = 0 if self.plain else LISTED_EXPEDIENTS.get(connection.vendor, 0)
        if cap:
            pks = self.expedients.order_by().values_list("pk", flat=True)
            ids = list(pks[: cap + 1])
            if len(ids) <= cap:
                return ids
        return self.expedients.values("pk")

    @cached_property
    def expedient_set(self) -> RawSQL | QuerySet:
        """What every kind filters on (`expedient__in=scope.expedient_set`).

        The list of ids goes to PostgreSQL as one array, unnested: a long
        `IN (1, 2, …)` list cost milliseconds of planning per query (each id
        estimated on its own) and still misjudged the joins, while an unnested
        array is planned at once with its exact length, so the kinds' partial
        indexes are probed once per expedient (EXPLAIN ANALYZE, `make bench`).

        On SQLite the list goes as one JSON array read by `json_each`: one
        parameter whatever its length (an `IN (?, ?, …)` list counts against
        SQLite's limit of 32,766 parameters per statement, which the panel's
        one query would pass with eight kinds of 4,100 expedients), and the
        planner loops over it probing each kind's index by expedient; with
        the persons kinds, a long `IN` list made it scan the deceased persons
        and try every listed expedient for each (seconds).
        """
        ids = self.expedient_ids
        if isinstance(ids, list) and connection.vendor == "postgresql":
            return RawSQL("SELECT unnest(%s::bigint[])", (self.id_array,))  # noqa: S611
        if isinstance(ids, list) and connection.vendor == "sqlite":
            return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))  # noqa: S611
        return ids

    @cached_property
    def id_array(self) -> str:
        """The listed ids in PostgreSQL's text form of an array, `{1,2,3}`,
        written once: psycopg adapts a Python list of ints element by element
        on every query that passes it (about 8 ms for 3,300 ids on the bench
        machine, for each of the panel's kinds); a string is quoted at once."""
        return "{" + ",".join(map(str, self.expedient_ids)) + "}"

    def holds(self, field: str = "expedient_id", *, probed: bool = False):
        """The filter "`field` is one of the scope's expedients".

        `probed`: on PostgreSQL, with the ids listed, as `field = ANY(array)`
        rather than a semi-join with the unnested array. The planner cannot
        tell how many distinct ids the unnested array holds (it guesses 200),
        so for a table it reaches through `field`'s index it may walk the whole
        index in a merge join (the linked persons: 235,000 entries for 7,200
        links); `= ANY` is one index scan that descends once per id, with its
        rows estimated from the array itself. Kinds whose best index starts
        with another column (a problem's end date) keep the semi-join: there
        `= ANY` became a condition checked against every entry of the range.
        Measured per kind with EXPLAIN ANALYZE (docs/architecture.md).
        """
        ids = self.expedient_ids
        if probed and isinstance(ids, list) and connection.vendor == "postgresql":
            return AnyOfIds(field, self.id_array)
        return Q(**{f"{field}__in": self.expedient_set})

    def module_expedients(self, alert: ModuleAlert) -> QuerySet | RawSQL | list:
        """What a module's kind counts from: the expedients the module gives
        the user for it, or this scope's own when it has no user."""
        if self.user is None:
            return self.expedient_set
        # One per kind's source, read once (kinds of a module share theirs).
        found = self._module_expedients
        if alert.expedients not in found:
            found[alert.expedients] = import_string(alert.expedients)(self.user)
        return found[alert.expedients]

    @cached_property
    def _module_expedients(self) -> dict:
        return {}

    def kind_rows(self, alert_type: "AlertType") -> QuerySet:
        """`alert_type`'s rows in this scope, built once: the panel reads a
        kind's queryset for its count and first pks, then for its rows' model
        and joins, and building the twelve kinds' querysets again and again
        cost ~20 ms of a coordinator's panel (`make bench`). Never evaluated
        here: each reader clones it (a slice, an annotation) or reads its query."""
        built = self._kind_rows
        if alert_type.kind not in built:
            built[alert_type.kind] = alert_type.rows(self)
        return built[alert_type.kind]

    @cached_property
    def _kind_rows(self) -> dict:
        return {}


def alert_scope(user, *, today: date | None = None, plain: bool = False) -> AlertScope:
    return AlertScope(
        expedients=alert_expedients(user),
        today=today or date.today(),
        warning_days=warning_days(user),
        plain=plain,
        user=user,
    )


def expedients_alert_scope(
    user, expedient_ids: Iterable[int], *, today: date | None = None
) -> AlertScope:
    """The alerts of the given expedients, those open that `user` sees (the
    handover summaries: every kind applies, whoever's the expedients are)."""
    return AlertScope(
        expedients=Expedient.objects.visible_to(user)
        .open()
        .filter(pk__in=list(expedient_ids)),
        today=today or date.today(),
        warning_days=warning_days(user),
    )


# --- one queryset per kind -------------------------------------------------------


def _open_plans(scope: AlertScope) -> QuerySet:
    return InterventionPlan.objects.filter(
        scope.holds(probed=True), state=PlanState.OPEN
    ).select_related("expedient")


def plans_expired(scope: AlertScope) -> QuerySet:
    return (
        _open_plans(scope)
        .filter(expires_on__lt=scope.today)
        .order_by("expires_on", "pk")
    )


def plans_expiring(scope: AlertScope) -> QuerySet:
    last = scope.today + timedelta(days=scope.warning_days)
    return (
        _open_plans(scope)
        .filter(expires_on__gte=scope.today, expires_on__lte=last)
        .order_by("expires_on", "pk")
    )


def _resources(scope: AlertScope, state: int) -> QuerySet:
    return Resource.objects.filter(
        scope.holds(probed=True), state=state
    ).select_related("expedient", "benefit")


def resources_expired(scope: AlertScope) -> QuerySet:
    dismissed = AlertDismissal.objects.filter(
        kind=AlertKind.RESOURCE_EXPIRED, object_id=OuterRef("pk")
    )
    return (
        _resources(scope, ResourceState.GRANTED)
        .filter(ends_on__lt=scope.today, alert_dismissed=False)
        .filter(~Exists(dismissed))
        .order_by("ends_on", "pk")
    )


def resources_pending(scope: AlertScope) -> QuerySet:
    holder_deceased = ResourceBeneficiary.objects.filter(
        resource=OuterRef("pk"),
        role=BeneficiaryRole.HOLDER,
        person__status=PersonStatus.DECEASED,
    )
    return (
        _resources(scope, ResourceState.PRE_ASSIGNED)
        .filter(state_changed_on__lt=one_month_before(scope.today))
        .filter(~Exists(holder_deceased))
        .order_by("state_changed_on", "pk")
    )


def inactive_expedients(scope: AlertScope) -> QuerySet:
    cutoff = scope.today - timedelta(days=INACTIVITY_DAYS)
    since = timezone.make_aware(datetime.combine(cutoff, time.min))
    # An actuació dated or recorded in the year: two EXISTS rather than one
    # with an OR, so that each probes its own index.
    actuacions = Actuacio.objects.filter(expedient=OuterRef("pk"))
    recent = Exists(actuacions.filter(date__gte=cutoff)) | Exists(
        actuacions.filter(created_at__gte=since)
    )
    for model in (Demand, ProblemRecord, Resource, Tramit, InterventionPlan):
        recent |= Exists(
            model.objects.filter(expedient=OuterRef("pk"), created_at__gte=since)
        )
    return (
        Expedient.objects.filter(scope.holds("pk", probed=True), state_date__lt=cutoff)
        .filter(~recent)
        .order_by("state_date", "pk")
    )


def _links(scope: AlertScope) -> QuerySet:
    return (
        LinkedPerson.objects.filter(scope.holds(probed=True))
        .select_related("expedient", "person")
        .order_by("expedient_id", "pk")
    )


def persons_without_municipality(scope: AlertScope) -> QuerySet:
    return _links(scope).filter(
        person__residence_municipality__isnull=True,
        person__status=PersonStatus.ACTIVE,
    )


def deceased_persons(scope: AlertScope) -> QuerySet:
    if connection.vendor != "postgresql":
        return _links(scope).filter(person__status=PersonStatus.DECEASED)
    # PostgreSQL: a semi-join on the deceased's ids (their partial index);
    # joined, a page's rows hashed ~11,000 whole person rows. SQLite does the
    # opposite: the semi-join made it walk the links in the order shown,
    # testing each (4.7 s for a coordinator's first rows), the join does not.
    deceased = Person.objects.filter(status=PersonStatus.DECEASED).values("pk")
    return _links(scope).filter(person__in=deceased)


def problems_expired(scope: AlertScope) -> QuerySet:
    oldest = scope.today - timedelta(days=PROBLEM_LOOKBACK_DAYS)
    return (
        ProblemRecord.objects.filter(
            scope.holds(),
            ends_on__lt=scope.today,
            ends_on__gte=oldest,
        )
        .select_related("expedient", "problem")
        .order_by("ends_on", "pk")
    )


# --- how each kind reads on screen ---------------------------------------------------


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class AlertType:
    kind: str  # an AlertKind, or a module's ModuleAlert.key
    rows: Callable[[AlertScope], QuerySet]
    tab: str  # the expedient tab the alert opens
    describe: Callable[[object], str]
    # A module's kind: its label, and who gets it (helpdesk's kinds: everyone).
    module_label: str = ""
    may_see: Callable[..., bool] = everyone
    expedient_field: str = "expedient"  # the row's expedient ("": the row)

    @property
    def label(self) -> str:
        return self.module_label or AlertKind(self.kind).label

    def expedient_of(self, row) -> Expedient:
        if isinstance(row, Expedient):
            return row
        return getattr(row, self.expedient_field)

    def link(self, row) -> str:
        return expedient_url(self.expedient_of(row).pk, self.tab)


def module_alert_type(alert: ModuleAlert) -> AlertType:
    """The AlertType of a kind a module declares (casework.modules)."""
    rows = import_string(alert.rows)

    def scoped(scope: AlertScope) -> QuerySet:
        return rows(scope.module_expedients(alert), today=scope.today)

    return AlertType(
        alert.key,
        scoped,
        alert.tab,
        import_string(alert.describe),
        module_label=alert.label,
        may_see=alert.may_see,
        expedient_field=alert.expedient,
    )


ALERT_TYPES: dict[str, AlertType] = {
    t.kind: t
    for t in (
        AlertType(
            AlertKind.PLAN_EXPIRED,
            plans_expired,
            "plans",
            lambda p: (
                _("%(plan)s: expired on %(date)s")
                % {"plan": p.title, "date": _day(p.expires_on)}
            ),
        ),
        AlertType(
            AlertKind.PLAN_EXPIRING,
            plans_expiring,
            "plans",
            lambda p: (
                _("%(plan)s: expires on %(date)s")
                % {"plan": p.title, "date": _day(p.expires_on)}
            ),
        ),
        AlertType(
            AlertKind.RESOURCE_EXPIRED,
            resources_expired,
            "resources",
            lambda r: (
                _("%(benefit)s: ended on %(date)s")
                % {"benefit": r.benefit.name, "date": _day(r.ends_on)}
            ),
        ),
        AlertType(
            AlertKind.RESOURCE_PENDING,
            resources_pending,
            "resources",
            lambda r: (
                _("%(benefit)s: pre-assigned since %(date)s")
                % {"benefit": r.benefit.name, "date": _day(r.state_changed_on)}
            ),
        ),
        AlertType(
            AlertKind.INACTIVE_EXPEDIENT,
            inactive_expedients,
            "actuacions",
            lambda e: (
                _("Open since %(date)s, nothing recorded for a year")
                % {"date": _day(e.state_date)}
            ),
        ),
        AlertType(
            AlertKind.NO_MUNICIPALITY,
            persons_without_municipality,
            "persons",
            lambda link: (
                _("%(person)s has no municipality of residence")
                % {"person": link.person}
            ),
        ),
        AlertType(
            AlertKind.DECEASED_PERSON,
            deceased_persons,
            "persons",
            lambda link: _("%(person)s is deceased") % {"person": link.person},
        ),
        AlertType(
            AlertKind.PROBLEM_EXPIRED,
            problems_expired,
            "problems",
            lambda p: (
                _("%(problem)s: ended on %(date)s")
                % {"problem": p.problem.name, "date": _day(p.ends_on)}
            ),
        ),
    )
}
ALERT_TYPES.update({alert.key: module_alert_type(alert) for alert in module_alerts()})


def alert_types_for(user) -> list[AlertType]:
    """The kinds `user` may get, helpdesk's first, then the modules'."""
    return [t for t in ALERT_TYPES.values() if t.may_see(user)]
