from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.people import bench
from bench.people.bench_queries import (
    document_queries,
    misspelling_queries,
    name_queries,
)
from bench.people.population import MissingDemoData, load_population
from configuration.models import User
from directory import search_index
from directory.models import NameToken, Person

BENCH_USER = "treballadora"


class Command(BaseCommand):
    help = (
        "Time the search desk (documents, names, misspellings, and a naive "
        "icontains baseline) at N generated persons and print a markdown table. "
        "Generates the persons first if the database holds fewer. Targets are "
        "reported as PASS/MISS; the command always exits 0 when it ran."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1_000_000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument("--repeat", type=int, default=5, metavar="R")
        parser.add_argument(
            "--user", default=BENCH_USER, help="Search as this demo professional."
        )

    def handle(self, *args, persons, seed, repeat, user, **options):
        searcher = User.objects.filter(username=user, is_active=True).first()
        if searcher is None or searcher.area_id is None:
            raise CommandError(
                f"No active professional '{user}' with an area: run "
                "`manage.py seed_demo` first."
            )
        self._ensure_population(persons, seed)
        self._prepare()
        queryset = Person.objects.visible_to(searcher).current()
        queries = {
            "document": document_queries(searcher.area_id, seed),
            "name": name_queries(),
            "misspelling": misspelling_queries(),
        }
        results = bench.run(queryset, queries, max(1, repeat))
        self._header(searcher, queryset, max(1, repeat))
        self.stdout.write("\n".join(bench.report(results)))

    def _ensure_population(self, persons: int, seed: int) -> None:
        present = Person.objects.count()
        if present >= persons:
            self.stdout.write(f"Reusing the {present:,} persons in the database.")
            return
        self.stdout.write(f"Generating {persons - present:,} persons (seed {seed})...")
        try:
            result = load_population(persons - present, seed, report=self.stdout.write)
        except MissingDemoData as error:
            raise CommandError(f"{error} Run `manage.py seed_demo` first.") from None
        self.stdout.write(
            f"Created {result.created:,} persons in {result.seconds:.1f} s."
        )

    def _prepare(self) -> None:
        """Fresh planner statistics (and, on PostgreSQL, the visibility map)."""
        tables = [Person._meta.db_table, NameToken._meta.db_table]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM refuses to run inside a transaction (as in a test case).
                verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                for table in tables:
                    cursor.execute(f"{verb} {connection.ops.quote_name(table)}")
            elif connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
                fts = search_index.FTS_TABLE
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")  # noqa: S608

    def _header(self, searcher, queryset, repeat: int) -> None:
        lines = [
            "",
            f"## Search benchmark: {bench.database_label()}",
            "",
            f"- persons: {Person.objects.count():,} in the database, "
            f"{queryset.count():,} visible to `{searcher.username}` "
            f"(area {searcher.area.code})",
            f"- name words in the typo dictionary: {NameToken.objects.count():,}",
            f"- machine: {bench.machine_label()}",
            f"- about 20 queries per kind × {repeat} repetitions, interleaved "
            "round-robin after an untimed warm-up; milliseconds end to end through "
            "the ORM (first 25 rows, municipality and professional joined)",
            "",
            "",
        ]
        self.stdout.write("\n".join(lines))
