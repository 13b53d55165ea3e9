"""The bench year of the returns benchmark (`manage.py bench_returns`).

The alerts' bench expedients (bench/alerts/load.py) hold about 1.05 M
actuacions spread over ten years; the official returns count one year, and
issue #21 holds their tables to at least 1.25 M actuacions in it. `top_up`
adds the missing ones to the year, through COPY (bench/people/writer.py),
spread over the bench expedients alive in it (opened before its end, not
closed before its start: the day of each falls between; never after the last
actuació of an expedient the alerts find inactive), each by its referent.
They are marked by their topic (`TOPIC`), so a run counts what an earlier
one added and carries on from there: the rows are drawn in batches
of BATCH, batch k from its own seeded generator, so the rows are the same
whichever run writes them, and a second run adds nothing.

The problems and resources the RUDEL tables read hang off the same
expedients (bench/alerts/load.py draws one to three problems and zero to
three resources per expedient); `year_counts` says how many fall in the year.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from bench.alerts.load import analyze, bench_expedients, write_rows
from casework.models import Actuacio, ProblemRecord, Resource
from configuration.enums import ExpedientState, ResourceState

TOPIC = "Actuació de l'any de la memòria (dades generades)"
TARGET = 1_250_000
BATCH = 20_000


def bench_year() -> int:
    """The year the returns benchmark counts: the last whole one."""
    return timezone.localdate().year - 1


def year_actuacions(year: int):
    """The bench expedients' live actuacions dated in `year`."""
    return Actuacio.objects.filter(
        expedient__in=bench_expedients().order_by().values("pk"),
        date__year=year,
        deleted_at__isnull=True,
    )


def year_counts(year: int) -> dict[str, int]:
    """What the RUDEL tables of `year` read, in the bench expedients."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    expedients = bench_expedients().order_by().values("pk")
    actuacions = year_actuacions(year)
    return {
        "actuacions": actuacions.count(),
        "added actuacions": actuacions.filter(topic=TOPIC).count(),
        "expedients worked": actuacions.values("expedient_id").distinct().count(),
        "problems in force": ProblemRecord.objects.filter(
            expedient__in=expedients, starts_on__lte=end, ends_on__gte=start
        ).count(),
        "resources granted in force": Resource.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start),
            expedient__in=expedients,
            state=ResourceState.GRANTED,
            starts_on__lte=end,
        ).count(),
    }


@dataclass
class Alive:
    """A bench expedient alive in the year: its days there, its referent."""

    pk: int
    first: date
    last: date
    referent: int


def alive_in(year: int) -> list[Alive]:
    """The bench expedients opened before the year's end and not closed
    before its start, in id order. One with no actuació for a year (the
    alerts' inactive expedient) gets none after its last one: it stays
    inactive, and the alerts benchmark on the same data finds it still."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    today = timezone.localdate()
    cutoff = today - timedelta(days=365)
    last_activity = dict(
        Actuacio.objects.filter(
            expedient__in=bench_expedients().order_by().values("pk"),
            deleted_at__isnull=True,
        )
        .order_by()
        .values("expedient_id")
        .annotate(last=Max("date"))
        .values_list("expedient_id", "last")
    )
    rows = (
        bench_expedients()
        .order_by("pk")
        .values_list(
            "pk", "created_at", "state", "state_date", "reference_professional_id"
        )
    )
    found = []
    for pk, created_at, state, state_date, referent in rows.iterator(chunk_size=5000):
        opened = timezone.localtime(created_at).date()
        closed = today if state == ExpedientState.OPEN else (state_date or today)
        first, last = max(opened, start), min(closed, end, today)
        latest = last_activity.get(pk)
        if latest is not None and latest < cutoff:
            last = min(last, latest)
        if first <= last and referent is not None:
            found.append(Alive(pk, first, last, referent))
    return found


@dataclass
class TopUp:
    year: int
    before: int = 0
    added: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def draw_batch(k: int, size: int, alive: list[Alive], seed: int, year: int):
    """Batch k of the added actuacions: `size` rows, each on an expedient
    drawn from those alive (weighted by its days in the year), dated within them."""
    rng = random.Random(f"{seed}:returns:{year}:{k}")  # noqa: S311
    weights = [(e.last - e.first).days + 1 for e in alive]
    zone = timezone.get_current_timezone()
    rows = []
    for expedient in rng.choices(alive, weights, k=size):
        span = (expedient.last - expedient.first).days
        day = expedient.first + timedelta(days=rng.randrange(span + 1))
        recorded = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=rng.randrange(8, 19), minutes=rng.randrange(60)
        )
        rows.append(
            {
                "expedient_id": expedient.pk,
                "date": day,
                "topic": TOPIC,
                "responsible_id": expedient.referent,
                "created_by_id": expedient.referent,
                "updated_by_id": expedient.referent,
                "created_at": timezone.make_aware(recorded, zone),
            }
        )
    return rows


def top_up(
    year: int,
    seed: int,
    *,
    target: int = TARGET,
    batch: int = BATCH,
    report: Callable[[str], None] = lambda line: None,
) -> TopUp:
    """Add actuacions to `year` until it holds `target`; return what was done."""
    started = time.perf_counter()
    result = TopUp(year=year, before=year_actuacions(year).count())
    missing = target - result.before
    if missing > 0:
        alive = alive_in(year)
        if not alive:
            raise ValueError(f"No bench expedient is alive in {year}.")
        done = year_actuacions(year).filter(topic=TOPIC).count()
        k = done // batch
        skip = done - k * batch  # an earlier run's partial last batch
        while missing > 0:
            rows = draw_batch(k, batch, alive, seed, year)[skip:]
            rows = rows[:missing]
            with transaction.atomic():
                write_rows(Actuacio, rows)
            result.added += len(rows)
            missing -= len(rows)
            k, skip = k + 1, 0
            if k % 10 == 0 or missing <= 0:
                elapsed = time.perf_counter() - started
                report(f"  {result.added:>10,} actuacions added ({elapsed:.1f} s)")
        analyze()
    result.counts = year_counts(year)
    result.seconds = time.perf_counter() - started
    return result
