"""What the home panel and the alert pages read: live counts and the first rows
of each kind the professional wants (style.md G12)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Window
from django.urls import reverse

from ..models.alerts import AlertPreference
from .kinds import DISMISSABLE_KINDS, AlertKind
from .queries import (
    ALERT_TYPES,
    AlertScope,
    AlertType,
    alert_scope,
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
    """The kinds `user` wants, in the order of `AlertKind` (all by default)."""
    off = disabled_kinds(user)
    return [kind for kind in AlertKind.values if kind not in off]


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


# The engines where one query per group, with a window count, beats a COUNT then
# the first rows (PostgreSQL, at scale; SQLite was slower with it: `make bench`).
WINDOW_COUNT_VENDORS = {"postgresql"}


def alert_group(scope: AlertScope, kind: str, *, shown: int) -> AlertGroup:
    """One kind: how many there are, and the first `shown` of them."""
    alert_type = ALERT_TYPES[kind]
    rows = alert_type.rows(scope)
    if connection.vendor in WINDOW_COUNT_VENDORS:
        # One query: the first rows, each carrying the total (a window count,
        # taken before the LIMIT).
        first = list(rows.annotate(alert_total=Window(Count("pk")))[: max(shown, 1)])
        count = first[0].alert_total if first else 0
    else:
        count = rows.count()
        first = list(rows[:shown]) if count else []
    return AlertGroup(
        kind=kind,
        label=alert_type.label,
        count=count,
        rows=[alert_row(alert_type, r) for r in first[:shown]],
        dismissable=kind in DISMISSABLE_KINDS,
    )


def alerts_summary(user, *, shown: int = 3) -> list[AlertGroup]:
    """The kinds `user` wants, each counted live, with its first `shown` rows."""
    kinds = enabled_kinds(user)
    if not kinds:
        return []
    scope = alert_scope(user)
    return [alert_group(scope, kind, shown=shown) for kind in kinds]


def alert_page(user, alert_type: AlertType, number=None) -> tuple[Page, list[AlertRow]]:
    """One page of an alert kind's list (`number` as typed: the paginator copes)."""
    rows = alert_type.rows(alert_scope(user))
    page = Paginator(rows, PAGE_SIZE).get_page(number)
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
    for alert_type in ALERT_TYPES.values():
        for row in alert_type.rows(scope):
            found[alert_type.expedient_of(row).pk].append((alert_type, row))
    return found
