"""Load a generated population into the demo areas (`manage.py generate_load`).

People go to the areas `seed_demo` creates (the first one, where the demo logins
work, also gets the planted people the benchmark looks for), followed by each
area's active professionals and living in its sectors' municipalities. Rows are
written in batches, each in its own transaction, and the name words join the typo
dictionary (`NameToken`) at the end, as `Person.save` would have done one by one,
with how many persons carry each.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, reset_queries, transaction

from configuration.demo import DEMO_SECTORS
from configuration.models import Area, Sector, StreetType, User
from directory import search_index
from directory.identity import normalise_document
from directory.models import NameToken, Person

from .people import PLANTED, STREET_TYPES, AreaPlan, PopulationGenerator
from .writer import PersonWriter

# Real postcodes of the demo municipalities; any other gets a made-up one.
POSTCODES = {
    "Cardedeu": "08440",
    "Llinars del Vallès": "08450",
    "Sant Celoni": "08470",
    "La Garriga": "08530",
    "Figaró-Montmany": "08590",
    "Tagamanent": "08593",
}
TOKEN_BATCH = 5000
# From this many people on, the name index (PostgreSQL GIN, SQLite FTS5 and its
# triggers) is dropped during the load and built again at the end: faster than
# updating it row by row (measured at 100,000-200,000 rows: 15-40% less time).
PAUSE_INDEX_FROM = 100_000


class MissingDemoData(Exception):
    """The demo areas, their sectors or their professionals are not there."""


@dataclass
class LoadResult:
    created: int = 0
    near_duplicates: int = 0
    planted: int = 0
    words: int = 0
    seconds: float = 0.0
    per_area: Counter = field(default_factory=Counter)


def demo_area_plans() -> list[AreaPlan]:
    """Return the demo areas with their professionals and municipalities."""
    areas = {area.code: area for area in Area.objects.filter(code__in=DEMO_SECTORS)}
    plans = []
    for code in DEMO_SECTORS:
        area = areas.get(code)
        if area is None:
            raise MissingDemoData(f"The demo area {code} is missing.")
        professionals = list(
            User.objects.filter(area=area, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sectors = (
            Sector.objects.filter(area=area, is_active=True)
            .select_related("municipality")
            .order_by("municipality__code")
        )
        municipalities = [
            (s.municipality_id, s.municipality.province_id, _postcode(s.municipality))
            for s in sectors
        ]
        if not professionals or not municipalities:
            raise MissingDemoData(f"The demo area {code} has no professionals/sectors.")
        plans.append(AreaPlan(area.pk, professionals, municipalities))
    return plans


def _postcode(municipality) -> str:
    return POSTCODES.get(municipality.name, f"08{municipality.pk % 1000:03d}")


def load_population(
    count: int,
    seed: int,
    *,
    batch: int = 10_000,
    method: str = "auto",
    report: Callable[[str], None] = lambda line: None,
) -> LoadResult:
    """Create `count` generated people in the demo areas; return what was done."""
    started = time.perf_counter()
    plans = demo_area_plans()
    existing = Person.objects.filter(area_id__in=[p.area_id for p in plans]).count()
    taken = set(
        Person.objects.exclude(document_norm="").values_list("document_norm", flat=True)
    )
    planted = [p for p in PLANTED if normalise_document(p.document_number) not in taken]
    generator = PopulationGenerator(seed, plans, taken, start=existing)
    generator.street_type_ids = dict(
        StreetType.objects.filter(name__in=STREET_TYPES.values).values_list(
            "name", "pk"
        )
    )
    writer = PersonWriter(connection, method)
    result, words = LoadResult(planted=min(len(planted), count)), set()
    with _index_paused(count >= PAUSE_INDEX_FROM, report):
        for rows in _batches(generator.rows(count, planted), batch):
            with transaction.atomic():
                writer.write(rows)
            _tally(result, rows, words)
            reset_queries()  # DEBUG settings keep every statement otherwise
            if result.created % (batch * 10) < batch or result.created == count:
                elapsed = time.perf_counter() - started
                report(f"  {result.created:>10,} / {count:,} persons ({elapsed:.1f} s)")
    result.words = _register_words(words)
    _analyze()
    result.seconds = time.perf_counter() - started
    return result


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _tally(result: LoadResult, rows: list[dict], words: set[str]) -> None:
    result.created += len(rows)
    for row in rows:
        words.update(row["search_name"].split())
        result.per_area[row["area_id"]] += 1
        result.near_duplicates += row.get("near_duplicate", False)


def _register_words(words: set[str]) -> int:
    ordered = sorted(words)
    for start in range(0, len(ordered), TOKEN_BATCH):
        NameToken.register(ordered[start : start + TOKEN_BATCH])
    NameToken.count_persons()  # how common each word is ranks typo corrections
    return len(ordered)


@contextmanager
def _index_paused(pause: bool, report: Callable[[str], None]):
    """Drop the name index for a big load, then build it again over every row."""
    if not pause:
        yield
        return
    search_index.uninstall(connection)
    try:
        yield
    finally:
        started = time.perf_counter()
        search_index.install(connection)
        report(f"  name indexes built in {time.perf_counter() - started:.1f} s")


def _analyze() -> None:
    """Give the query planner statistics of the new rows."""
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
