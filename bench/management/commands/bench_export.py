"""Measure the search desk's exports: rows per second and peak memory.

Runs the real view (`SearchDeskView`, `?export=csv|xlsx`) for a coordinator of an
area over growing row counts and prints, per format, the rows, seconds, rows/s
and the peak of Python allocations during the export (tracemalloc). Flat memory
means the peak does not grow with the rows. Each export runs twice: timed
without tracing, then under tracemalloc for the peak. Part of `make bench`;
reported, not enforced.
"""

import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from configuration.models import User
from directory.enums import PersonStatus
from directory.models import Person
from directory.search import search_persons
from directory.search_desk import SearchDeskView


class Command(BaseCommand):
    help = "Benchmark the search desk's CSV and XLSX exports (speed, peak memory)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="coordinadora")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None or user.area_id is None:
            raise CommandError("Run `manage.py seed_demo` first (needs an area user).")
        # Growing exports: if memory is flat, the peak of the larger export is no
        # higher than the smaller one's. The whole area only as CSV (XLSX is
        # 15-40 times slower and would take minutes under tracemalloc).
        cases = [
            ("csv", {"q": "lopez"}),
            ("csv", {"q": "garcia"}),
            ("csv", {"status": PersonStatus.ACTIVE}),
            ("xlsx", {"q": "lopez"}),
            ("xlsx", {"q": "garcia"}),
        ]
        self.stdout.write("| format | criteria | rows | seconds | rows/s | peak MiB |")
        self.stdout.write("|---|---|---:|---:|---:|---:|")
        for export_format, criteria in cases:
            self.measure(user, export_format, criteria)

    def measure(self, user, export_format: str, criteria: dict) -> None:
        visible = Person.objects.visible_to(user).current()
        if "q" in criteria:
            rows = search_persons(visible, criteria["q"]).count()
        else:
            rows = visible.filter(status=criteria["status"]).count()
        request = RequestFactory().get(
            "/admin/cercador/", {**criteria, "export": export_format}
        )
        request.user = user
        seconds = _export(request)  # timed without tracing, which slows Python
        tracemalloc.start()
        _export(request)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rate = rows / seconds if seconds else 0
        described = ", ".join(f"{k}={v}" for k, v in criteria.items())
        self.stdout.write(
            f"| {export_format} | {described} | {rows} | {seconds:.2f} | "
            f"{rate:,.0f} | {peak / 2**20:.1f} |"
        )


def _export(request) -> float:
    started = time.perf_counter()
    response = SearchDeskView.as_view()(request)
    for _chunk in response.streaming_content:
        pass
    return time.perf_counter() - started
