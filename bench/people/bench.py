"""The search benchmark (`manage.py bench_search`, `make bench`).

Every call goes through the ORM end to end, as the search desk's result page
does: `search_persons` on `Person.objects.visible_to(user).current()`, first 25
rows with the municipality and the reference professional joined. Beside it, the
count of the name results the desk's paginator makes (timed, no target), and the
naive way a Django admin would search (`icontains` on the three name fields, every
word required), on the same data in the same run. All methods run interleaved,
query by query (round-robin), after an untimed warm-up pass, so they share the
same cache and noise (performance.md §1, §6).

Targets (p95, issue "Directory", Scale) are reported as PASS or MISS, never
enforced: timings depend on the machine, and the benchmark is not part of CI.
"""

import math
import os
import platform
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import django
from django.db import connection
from django.db.models import Q

from directory.models import Person
from directory.paginator import CappedPaginator
from directory.search import search_persons
from directory.search_desk import DESK_FIELDS

from .bench_queries import BenchQuery

PAGE = 25
TARGETS_MS = {"document": 5.0, "name": 50.0, "misspelling": 100.0}
NAIVE = "icontains"
# The desk also counts the results for its paginator: timed apart, no target.
COUNT = "name count"
LABELS = {NAIVE: f"{NAIVE} (naive)", COUNT: f"{COUNT} (desk paginator)"}


def result_page(queryset, text: str) -> list[Person]:
    """Return the search desk's first page for `text` (its columns only)."""
    found = search_persons(queryset, text).only(*DESK_FIELDS)
    return list(
        found.select_related("residence_municipality", "reference_professional")[:PAGE]
    )


def result_count(queryset, text: str) -> int:
    """Return how many results the desk's paginator counts for `text` on its
    first page (at most its cap, 1,000, plus one)."""
    paginator = CappedPaginator(search_persons(queryset, text), PAGE)
    paginator.cap = paginator.cap_for(1)
    return paginator.count


def naive_page(queryset, text: str) -> list[Person]:
    """Return the first page of a Django-admin-style search (the baseline)."""
    for word in text.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(surname1__icontains=word)
            | Q(surname2__icontains=word)
        )
    return list(
        queryset.select_related("residence_municipality", "reference_professional")[
            :PAGE
        ]
    )


@dataclass
class KindResult:
    kind: str
    queries: int = 0
    samples: list[float] = field(default_factory=list)
    judged: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    per_query: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def p(self, share: float) -> float:
        """Nearest-rank percentile of the samples, in ms."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    @property
    def target(self) -> str:
        limit = TARGETS_MS.get(self.kind)
        if limit is None:
            return "— (baseline)" if self.kind == NAIVE else "—"
        verdict = "PASS" if self.p(0.95) < limit else "MISS"
        return f"p95 < {limit:g} ms: {verdict}"


def schedule(queries: dict[str, list[BenchQuery]]) -> list[tuple[str, BenchQuery]]:
    """Interleave the kinds query by query; the naive method and the count run
    the name set."""
    names = queries.get("name", [])
    runs = {**queries, COUNT: names, NAIVE: names}
    longest = max((len(items) for items in runs.values()), default=0)
    return [
        (kind, items[i])
        for i in range(longest)
        for kind, items in runs.items()
        if i < len(items)
    ]


def run(
    queryset, queries: dict[str, list[BenchQuery]], repeat: int
) -> list[KindResult]:
    """Warm up once, then time every query `repeat` times, round-robin."""
    plan = schedule(queries)
    results = {kind: KindResult(kind) for kind, _ in plan}
    for kind, query in plan:  # warm-up, untimed; judges quality once
        rows = _method(kind)(queryset, query.text)
        _judge(results[kind], query, rows)
    for _ in range(repeat):
        for kind, query in plan:
            method = _method(kind)
            started = time.perf_counter()
            method(queryset, query.text)
            elapsed = (time.perf_counter() - started) * 1000
            results[kind].samples.append(elapsed)
            results[kind].per_query[query.text].append(elapsed)
    return list(results.values())


def _method(kind: str) -> Callable:
    return {NAIVE: naive_page, COUNT: result_count}.get(kind, result_page)


def _judge(result: KindResult, query: BenchQuery, rows: list[Person]) -> None:
    result.queries += 1
    if result.kind == COUNT:
        return  # a number, nothing to judge
    if query.expect is not None or query.expect_empty:
        result.judged += 1
        if query.found([row.search_name for row in rows]):
            result.found += 1
        else:
            result.missed.append(query.text)


def report(results: list[KindResult]) -> list[str]:
    """Return the markdown table: one row per kind, then the slowest queries."""
    lines = [
        "| kind | queries | p50 ms | p95 ms | target | quality (expected in top 25) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in results:
        label = LABELS.get(r.kind, r.kind)
        quality = f"{r.found}/{r.judged}" if r.judged else "—"
        lines.append(
            f"| {label} | {r.queries} | {r.p(0.5):.1f} | {r.p(0.95):.1f} | "
            f"{r.target} | {quality} |"
        )
    lines += ["", "Slowest queries (median of the repetitions):", ""]
    lines += ["| kind | query | median ms |", "|---|---|---:|"]
    for r in results:
        medians = {text: statistics.median(t) for text, t in r.per_query.items()}
        for text in sorted(medians, key=medians.get, reverse=True)[:3]:
            lines.append(f"| {r.kind} | {text} | {medians[text]:.1f} |")
    missed = [f"- {r.kind}: " + ", ".join(r.missed) for r in results if r.missed]
    if missed:
        lines += ["", "Not found in the first page:", "", *missed]
    return lines


def database_label() -> str:
    """Name the database engine, its version and the settings that matter."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT current_setting('server_version'), "
                "current_setting('shared_buffers'), current_setting('work_mem'), "
                "current_setting('jit'), current_setting('random_page_cost')"
            )
            version, buffers, work_mem, jit, page_cost = cursor.fetchone()
            return (
                f"PostgreSQL {version} (shared_buffers {buffers}, work_mem "
                f"{work_mem}, jit {jit}, random_page_cost {page_cost})"
            )
        cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def machine_label() -> str:
    """Describe the machine: CPU model and count, memory, system, Python, Django."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        with open("/proc/cpuinfo") as info:
            models = [ln.split(":", 1)[1].strip() for ln in info if "model name" in ln]
        cpu = models[0] if models else cpu
        with open("/proc/meminfo") as info:
            kib = int(next(ln for ln in info if ln.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024**2:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, "
        f"Django {django.get_version()}"
    )
