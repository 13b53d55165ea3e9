from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from bench.alerts.load import MissingBenchData, bench_expedients
from bench.people.bench import database_label, machine_label
from bench.returns import bench
from bench.returns.load import TARGET, bench_year, top_up
from casework.models import Expedient


class Command(BaseCommand):
    help = (
        "Time every table of the official returns (RUDEL Fitxa 1, energy "
        "poverty, ICD, DGAIA/SAIA) and the whole RUDEL Fitxa 1 for the "
        "coordinator of an area, on the alerts' bench expedients, after adding "
        "actuacions to the bench year until it holds --actuacions; print a "
        "markdown table with PASS/MISS. Fails (exit status 1) when a table is "
        "not one query, or (PostgreSQL) over its target."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, metavar="Y")
        parser.add_argument("--actuacions", type=int, default=TARGET, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument("--repeat", type=int, default=5, metavar="R")
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="Also time each table planned as PostgreSQL's defaults say (JIT "
            "on; Llar's connections turn it off), interleaved, for comparison.",
        )

    def handle(self, *args, year, actuacions, seed, repeat, baseline, **options):
        year = year or bench_year()
        if not bench_expedients().exists():
            raise CommandError(
                "No bench expedients: run `manage.py bench_alerts` first."
            )
        result = top_up(year, seed, target=actuacions, report=self.stdout.write)
        if result.added:
            self.stdout.write(
                f"Added {result.added:,} actuacions to {year} "
                f"in {result.seconds:.1f} s."
            )
        try:
            coordinator = bench.area_coordinator()
        except MissingBenchData as error:
            raise CommandError(str(error)) from None
        c = bench.criteria_for(coordinator, year)
        items = bench.run(bench.measures(c, year, baseline=baseline), max(1, repeat))
        self._header(result, coordinator, max(1, repeat))
        self.stdout.write("\n".join(bench.report(items)))
        missed = bench.missed(items)
        if missed:
            tables = ", ".join(m.screen for m in missed)
            raise CommandError(f"Over target: {tables}.")

    def _header(self, result, coordinator, repeat: int) -> None:
        counts = "; ".join(f"{n:,} {name}" for name, n in result.counts.items())
        scope = Expedient.objects.visible_to(coordinator)
        by_module = ", ".join(
            f"{row['module']} {row['n']:,}"
            for row in scope.order_by().values("module").annotate(n=Count("pk"))
        )
        lines = [
            "",
            f"## Returns benchmark: {database_label()}",
            "",
            f"- year {result.year}, bench expedients: {counts}",
            f"- coordinator `{coordinator.username}` of area "
            f"{coordinator.area.code}: sees {scope.count():,} expedients "
            f"({by_module})",
            f"- machine: {machine_label()}",
            f"- {repeat} repetitions, round-robin after an untimed warm-up that "
            "counts the queries; milliseconds through `count()` per table, and "
            "`produce(publishable=True)` and its XLSX file for the whole return",
            "",
            "",
        ]
        self.stdout.write("\n".join(lines))
