"""What the home panel and the alert pages read: live counts and the first rows
of each kind the professional wants (style.md G12)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from casework.permissions import remembered_reach

from ..models.alerts import AlertPreference
from .kinds import DISMISSABLE_KINDS
from .queries import (
    ALERT_TYPES,
    AlertScope,
    AlertType,
    alert_scope,
    alert_types_for,
    expedients_alert_scope,
)

PAGE_SIZE = 50


def disabled_kinds(user) -> set[str]:
    stored = (
        AlertPreference.objects.filter(user=user)
        .values_list("disabled_kinds", flat=True)
        .first()
    )
    return set(stored or ())


def enabled_kinds(user) -> list[str]:
    """The kinds `user` gets and wants (all by default): helpdesk's in the
    order of `AlertKind`, then the modules' they may see."""
    off = disabled_kinds(user)
    return [t.kind for t in alert_types_for(user) if t.kind not in off]


@dataclass
class AlertRow:
    pk: int
    number: str
    text: str
    url: str


def alert_row(alert_type: AlertType, row) -> AlertRow:
    return AlertRow(
        pk=row.pk,
        number=alert_type.expedient_of(row).number,
        text=alert_type.describe(row),
        url=alert_type.link(row),
    )


@dataclass
class AlertGroup:
    kind: str
    label: str
    count: int
    rows: list[AlertRow] = field(default_factory=list)
    dismissable: bool = False

    @property
    def list_url(self) -> str:
        return reverse("helpdesk_alerts:list", args=[self.kind])


def alert_counts(scope: AlertScope, kinds: Iterable[str]) -> dict[str, int]:
    """How many alerts of each kind, in one query whatever the number of kinds.

    Each kind is counted from its own queryset (`AlertType.rows`, the one its
    page lists), as one scalar subquery of a single SELECT: one round trip and
    one plan for the whole panel, and a kind a module adds joins it by being
    declared. Each subquery probes the kind's partial index once per expedient
    of the scope (see the indexes the kinds' models declare).
    """
    kinds = list(kinds)
    if not kinds:
        return {}
    parts, params = [], []
    for n, kind in enumerate(kinds):
        rows = scope.kind_rows(ALERT_TYPES[kind]).order_by().values("pk")
        try:
            sql, kind_params = rows.query.sql_with_params()
        except EmptyResultSet:  # a scope without expedients (pk__in=[])
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS alerts_{n})")  # noqa: S608
        params.extend(kind_params)
    with connection.cursor() as cursor:
        # Only Django-compiled SQL is joined here; every value is a parameter.
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(kinds, cursor.fetchone(), strict=True))


def alert_firsts(
    scope: AlertScope, kinds: Iterable[str], *, shown: int
) -> dict[str, tuple[int, list[int]]]:
    """How many alerts of each kind and the pks of its first `shown`, in one
    query whatever the number of kinds: (count, pks) by kind, the pks in the
    kind's order.

    Each kind's rows (`AlertType.rows`, in the order its page lists them)
    carry their total as a window count and their place as a row number, and
    are cut at `shown`: the database finds each kind's alerts once for both
    the count and the first rows, where counting, then listing the first
    rows, found them twice. The kinds' parts are joined with UNION ALL (a
    kind without alerts gives no row).
    """
    kinds = list(kinds)
    parts, params = [], []
    for n, kind in enumerate(kinds):
        rows = scope.kind_rows(ALERT_TYPES[kind])
        order = rows.query.order_by or ("pk",)
        rows = rows.annotate(
            alert_total=Window(Count("*")),
            alert_place=Window(RowNumber(), order_by=list(order)),
        ).values_list("pk", "alert_total", "alert_place")[:shown]
        try:
            sql, kind_params = rows.query.sql_with_params()
        except EmptyResultSet:  # a scope without expedients (pk__in=[])
            continue
        # SQLite takes ORDER BY and LIMIT in a UNION only inside a subquery.
        parts.append(f"SELECT {n}, * FROM ({sql}) AS alerts_{n}")  # noqa: S608
        params.extend(kind_params)
    found = {kind: (0, []) for kind in kinds}
    if not parts:
        return found
    with connection.cursor() as cursor:
        # Only Django-compiled SQL is joined here; every value is a parameter.
        cursor.execute(" UNION ALL ".join(parts), params)
        fetched = sorted(cursor.fetchall(), key=lambda row: (row[0], row[3]))
    for n, pk, total, _place in fetched:
        _count, pks = found[kinds[n]]
        found[kinds[n]] = (total, [*pks, pk])
    return found


def alert_rows(scope: AlertScope, firsts: dict[str, list[int]]) -> dict[str, list]:
    """The rows of each kind with these pks (`firsts`: pks by kind, in the
    kind's order, as alert_firsts found them), read by pk: one query per
    model whatever the number of its kinds (the plans' two kinds, the
    resources' two, the linked persons' two share theirs), the rows in each
    kind's order."""
    reads: dict[tuple, tuple] = {}  # (model, its joins) -> (query, pks)
    for kind, pks in firsts.items():
        if not pks:
            continue
        query = scope.kind_rows(ALERT_TYPES[kind]).query
        key = (query.model, repr(query.select_related))
        joins, wanted = reads.get(key, (query.select_related, set()))
        reads[key] = (joins, wanted | set(pks))
    by_pk: dict[tuple, object] = {}
    for (model, _joins), (joins, wanted) in reads.items():
        rows = model._base_manager.filter(pk__in=wanted)
        rows.query.select_related = joins
        by_pk.update(((model, row.pk), row) for row in rows)
    found = {}
    for kind, pks in firsts.items():
        model = scope.kind_rows(ALERT_TYPES[kind]).model
        found[kind] = [by_pk[model, pk] for pk in pks if (model, pk) in by_pk]
    return found


def alert_group(
    scope: AlertScope, kind: str, *, shown: int, count: int | None = None
) -> AlertGroup:
    """One kind: how many there are (counted here unless given), and the
    first `shown` of them (no query when there are none)."""
    alert_type = ALERT_TYPES[kind]
    if count is None:
        count = alert_counts(scope, [kind])[kind]
    first = list(alert_type.rows(scope)[:shown]) if count and shown else []
    return AlertGroup(
        kind=kind,
        label=alert_type.label,
        count=count,
        rows=[alert_row(alert_type, r) for r in first],
        dismissable=kind in DISMISSABLE_KINDS,
    )


@remembered_reach()
def alerts_summary(
    user, *, shown: int = 3, plain: bool = False, counted_first: bool = False
) -> list[AlertGroup]:
    """The kinds `user` wants, each counted live with its first `shown` rows:
    one query finds every kind's count and first pks (alert_firsts), then
    one per model of the kinds with alerts reads their rows by pk
    (alert_rows). `plain`: the scope as a
    plain subquery (see AlertScope); `plain` and `counted_first`: every kind
    counted in one query, then each kind's first rows listed (the earlier
    shape, kept for the bench's comparison)."""
    kinds = enabled_kinds(user)
    if not kinds:
        return []
    scope = alert_scope(user, plain=plain)
    if plain or counted_first or not shown:
        counts = alert_counts(scope, kinds)
        return [
            alert_group(scope, kind, shown=shown, count=counts[kind]) for kind in kinds
        ]
    firsts = alert_firsts(scope, kinds, shown=shown)
    rows = alert_rows(scope, {kind: pks for kind, (_count, pks) in firsts.items()})
    groups = []
    for kind in kinds:
        alert_type = ALERT_TYPES[kind]
        groups.append(
            AlertGroup(
                kind=kind,
                label=alert_type.label,
                count=firsts[kind][0],
                rows=[alert_row(alert_type, r) for r in rows[kind]],
                dismissable=kind in DISMISSABLE_KINDS,
            )
        )
    return groups


@remembered_reach()
def alert_page(
    user, alert_type: AlertType, number=None, *, plain: bool = False
) -> tuple[Page, list[AlertRow]]:
    """One page of an alert kind's list (`number` as typed: the paginator copes).

    The page's rows carry the kind's total as a window count, as the panel's
    do (alert_firsts): the database finds the kind's alerts once for both the
    count and the rows, where the paginator's count, then its slice, found
    them twice (a coordinator's inactive expedients: ~3,300 expedients probed
    twice, `make bench`). A page before the first or past the last has no row
    to carry the total: the paginator then counts and gives the last page,
    as Django's get_page does.
    """
    rows = alert_type.rows(alert_scope(user, plain=plain))
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1  # not a page number: the first, as get_page gives
    if wanted >= 1:
        start = (wanted - 1) * PAGE_SIZE
        counted = rows.annotate(alert_total=Window(Count("*")))
        fetched = list(counted[start : start + PAGE_SIZE])
        if fetched or wanted == 1:
            # Paginator.count is a cached property: set, it is not queried.
            paginator.count = fetched[0].alert_total if fetched else 0
            page = Page(fetched, wanted, paginator)
            return page, [alert_row(alert_type, row) for row in fetched]
    page = paginator.get_page(number)
    return page, [alert_row(alert_type, row) for row in page.object_list]


def alert_ids(scope: AlertScope, kind: str) -> set[int]:
    """Every current alert of `kind` as object ids (for the periodic refresh)."""
    return set(ALERT_TYPES[kind].rows(scope).values_list("pk", flat=True))


def expedients_alerts(
    user, expedient_ids: Iterable[int]
) -> dict[int, list[tuple[AlertType, object]]]:
    """Every current alert of the given expedients, of every kind (whatever
    the user's preferences), as (its type, its row) by expedient id: one
    query per kind however many expedients."""
    scope = expedients_alert_scope(user, expedient_ids)
    found = defaultdict(list)
    for alert_type in alert_types_for(user):
        for row in alert_type.rows(scope):
            found[alert_type.expedient_of(row).pk].append((alert_type, row))
    return found
