"""Measure the search desk's exports: rows per second and peak memory.

Runs the real view (`SearchDeskView`, `?export=csv|xlsx`) for a coordinator of an
area and prints, per format and path, the rows, seconds, rows/s and the peak of
Python allocations during the export (tracemalloc). Each export runs twice:
timed without tracing, then under tracemalloc for the peak.

Two paths, on the same data in the same run: `values` (the export reads its
columns as values through a server-side cursor, `configuration/export_plan.py`)
and `instances` (model instances, the path of a listing whose columns are not
all fields; `fast_export = False`). Issue #21's targets apply to the large
export (at least `--large` rows): CSV >= 80,000 rows/s, XLSX >= 5,000 rows/s, peak
memory under 50 MB; each is reported as PASS or MISS. Part of `make bench`;
reported, not enforced.
"""

import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from bench.returns.bench import server_planning
from configuration.models import Municipality, User
from directory.enums import PersonStatus
from directory.models import Person
from directory.search import search_persons
from directory.search_desk import SearchDeskView

TARGET_ROWS_PER_SECOND = {"csv": 80_000, "xlsx": 5_000}
TARGET_PEAK_MIB = 50


class BenchSearchDeskView(SearchDeskView):
    # Timed as a download: a large export would otherwise go to the background
    # (configuration/export_jobs.py), whose worker writes it with the same
    # writers (`stream_csv`, `write_xlsx`).
    background_export = False


class InstanceSearchDeskView(BenchSearchDeskView):
    fast_export = False


class Command(BaseCommand):
    help = "Benchmark the search desk's CSV and XLSX exports (speed, peak memory)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="coordinadora")
        parser.add_argument(
            "--large",
            type=int,
            default=20_000,
            help="Exports of at least this many rows are held to the targets.",
        )
        parser.add_argument(
            "--paths",
            default="values,instances",
            help="Comma-separated: values, instances.",
        )
        parser.add_argument(
            "--formats", default="csv,xlsx", help="Comma-separated: csv, xlsx."
        )
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="Also run each export planned as PostgreSQL's defaults say (JIT "
            "on, cursors for their first 10%%; Llar's connections change both), "
            "right after it, for comparison.",
        )

    def handle(self, *args, username, large, paths, formats, baseline, **options):
        user = User.objects.filter(username=username).first()
        if user is None or user.area_id is None:
            raise CommandError("Run `manage.py seed_demo` first (needs an area user).")
        views = {"values": BenchSearchDeskView, "instances": InstanceSearchDeskView}
        chosen = [views[name] for name in paths.split(",")]
        # A small and a large export: if memory is flat, the peak of the larger
        # one is no higher than the smaller one's. The large one is the persons
        # living in the area's first municipality (a third of the area's, 166k
        # of the 1 M generated).
        town = area_municipalities_of(user).order_by("pk").first()
        large_criteria = (
            {"residence_municipality": town.pk}
            if town
            else {"status": PersonStatus.ACTIVE}
        )
        cases = [
            ("csv", {"q": "garcia"}),
            ("csv", large_criteria),
            ("xlsx", {"q": "garcia"}),
            ("xlsx", large_criteria),
        ]
        self.stdout.write(
            "| path | format | criteria | rows | seconds | rows/s | peak MiB | target |"
        )
        self.stdout.write("|---|---|---|---:|---:|---:|---:|---|")
        cases = [case for case in cases if case[0] in formats.split(",")]
        for export_format, criteria in cases:
            rows = _count(user, criteria)
            for view in chosen:
                self.measure(view, user, export_format, criteria, rows, large)
                if baseline:
                    with server_planning():
                        self.measure(view, user, export_format, criteria, rows, None)

    def measure(self, view, user, export_format, criteria, rows, large) -> None:
        request = RequestFactory().get(
            "/admin/cercador/", {**criteria, "export": export_format}
        )
        request.user = user
        seconds = _export(view, request)  # timed without tracing, which slows Python
        tracemalloc.start()
        _export(view, request)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rate = rows / seconds if seconds else 0
        peak_mib = peak / 2**20
        verdict = "–" if large is not None else "(server planning, comparison)"
        if large is not None and rows >= large:
            met = rate >= TARGET_ROWS_PER_SECOND[export_format]
            met = met and peak_mib < TARGET_PEAK_MIB
            verdict = (
                f"{'PASS' if met else 'MISS'} (≥ "
                f"{TARGET_ROWS_PER_SECOND[export_format]:,}/s, < {TARGET_PEAK_MIB} MiB)"
            )
        path = "values" if view.fast_export else "instances"
        described = ", ".join(f"{k}={v}" for k, v in criteria.items())
        self.stdout.write(
            f"| {path} | {export_format} | {described} | {rows} | {seconds:.2f} | "
            f"{rate:,.0f} | {peak_mib:.1f} | {verdict} |"
        )


def area_municipalities_of(user):
    return Municipality.objects.filter(sectors__area_id=user.area_id).distinct()


def _count(user, criteria: dict) -> int:
    visible = Person.objects.visible_to(user).current()
    if "q" in criteria:
        return search_persons(visible, criteria["q"]).count()
    return visible.filter(**criteria).count()


def _export(view, request) -> float:
    started = time.perf_counter()
    response = view.as_view()(request)
    content = getattr(response, "streaming_content", None)
    for _chunk in content if content is not None else [response.content]:
        pass
    return time.perf_counter() - started
