"""The returns benchmark (`bench_returns`) at a tiny scale: the actuacions it
adds to the bench year (seeded, spread over the expedients alive in it, none
on a second run), and the table it prints (no timing is asserted)."""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import TestCase
from django.utils import timezone

from bench.alerts.load import bench_expedients, load_casework
from bench.returns.bench import COORDINATOR_PREFIX
from bench.returns.load import (
    BATCH,
    TOPIC,
    alive_in,
    bench_year,
    draw_batch,
    year_actuacions,
)
from casework.models import Actuacio, Expedient
from configuration.models import ClosingReason, User
from reports.breakdowns import SPECS
from tests.directory.test_load import demo_areas
from tests.factories import (
    BenefitFactory,
    DemandTypeFactory,
    ProblemFactory,
    TramitTypeFactory,
)

EXPEDIENTS = 80
ADDED = 250


def bench_returns(**options) -> str:
    out = StringIO()
    call_command("bench_returns", repeat=1, seed=5, stdout=out, **options)
    return out.getvalue()


class BenchReturnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_areas()
        call_command("generate_load", persons=300, seed=3, stdout=StringIO())
        DemandTypeFactory.create_batch(2)
        ProblemFactory.create_batch(2)
        TramitTypeFactory.create_batch(2)
        BenefitFactory.create_batch(2)
        ClosingReason.objects.create(code="9", name="Resolt")
        load_casework(EXPEDIENTS, 1)
        cls.year = bench_year()
        cls.before = year_actuacions(cls.year).count()
        cls.target = cls.before + ADDED
        cls.output = bench_returns(actuacions=cls.target)

    def test_it_adds_the_missing_actuacions_to_the_year(self):
        self.assertEqual(year_actuacions(self.year).count(), self.target)
        added = Actuacio.objects.filter(topic=TOPIC)
        self.assertEqual(added.count(), ADDED)
        self.assertIn(f"Added {ADDED:,} actuacions to {self.year}", self.output)
        self.assertFalse(added.exclude(date__year=self.year).exists())
        self.assertFalse(added.exclude(expedient__in=bench_expedients()).exists())

    def test_each_is_dated_while_its_expedient_was_alive_and_by_its_referent(self):
        alive = {e.pk: e for e in alive_in(self.year)}
        added = Actuacio.objects.filter(topic=TOPIC)
        for expedient_id, day, responsible in added.values_list(
            "expedient_id", "date", "responsible_id"
        ):
            self.assertIn(expedient_id, alive)
            self.assertLessEqual(alive[expedient_id].first, day)
            self.assertLessEqual(day, alive[expedient_id].last)
            self.assertEqual(alive[expedient_id].referent, responsible)
        # Spread over the expedients, not piled on one.
        self.assertGreater(added.values("expedient").distinct().count(), 10)

    def test_alive_leaves_out_expedients_closed_before_the_year(self):
        closed_before = bench_expedients().filter(
            state=2, state_date__lt=date(self.year, 1, 1)
        )
        ids = {e.pk for e in alive_in(self.year)}
        self.assertFalse(ids & set(closed_before.values_list("pk", flat=True)))

    def test_an_inactive_expedient_gets_none_after_its_last_actuacio(self):
        cutoff = timezone.localdate() - timedelta(days=365)
        added = Actuacio.objects.filter(topic=TOPIC)
        earlier = (
            Actuacio.objects.exclude(topic=TOPIC)
            .values("expedient_id")
            .annotate(last=Max("date"))
            .filter(last__lt=cutoff)
        )
        for row in earlier:
            self.assertFalse(
                added.filter(
                    expedient_id=row["expedient_id"], date__gt=row["last"]
                ).exists()
            )

    def test_a_second_run_adds_nothing(self):
        rows = Actuacio.objects.count()
        output = bench_returns(actuacions=self.target)
        self.assertNotIn("Added", output)
        self.assertEqual(Actuacio.objects.count(), rows)

    def test_a_larger_target_carries_on_with_the_same_draw(self):
        # The rows are drawn per batch from a seeded generator: the rows a
        # second run adds are those one run would have drawn.
        alive = alive_in(self.year)
        expected = draw_batch(0, BATCH, alive, 5, self.year)[: ADDED + 20]
        bench_returns(actuacions=self.target + 20)
        added = list(
            Actuacio.objects.filter(topic=TOPIC)
            .order_by("pk")
            .values_list("expedient_id", "date")
        )
        self.assertEqual(
            added, [(row["expedient_id"], row["date"]) for row in expected]
        )

    def test_it_prints_every_table_of_every_return(self):
        self.assertIn(
            "| return | table | counted | queries (+ scope reads) | p50 ms | p95 ms "
            "| target |",
            self.output,
        )
        for key in SPECS:
            self.assertIn(f"| {key} |", self.output)
        self.assertIn("| whole return (produce, publishable, XLSX) |", self.output)
        self.assertIn("≤ 1 s, 1 query", self.output)
        self.assertNotIn("MISS", self.output.split("| whole return")[0])

    def test_every_table_is_one_query(self):
        for key in SPECS:
            line = next(ln for ln in self.output.splitlines() if f"| {key} |" in ln)
            self.assertRegex(line.split("|")[4], r"^ 1 \(\+\d\) $", key)

    def test_it_counts_for_a_coordinator_of_the_whole_area(self):
        coordinator_line = next(
            ln for ln in self.output.splitlines() if COORDINATOR_PREFIX in ln
        )
        nord = bench_expedients().filter(area__code="NORD")
        coordinator = User.objects.get(username__startswith=COORDINATOR_PREFIX)
        seen = Expedient.objects.visible_to(coordinator)
        self.assertIn(f"sees {seen.count():,} expedients", coordinator_line)
        # Every sector's expedients; the confidential ones of other teams not.
        self.assertEqual(
            set(seen.values_list("pk", flat=True)),
            set(nord.filter(confidential=False).values_list("pk", flat=True))
            | set(seen.filter(confidential=True).values_list("pk", flat=True)),
        )

    def test_no_bench_expedients_is_an_error(self):
        with (
            mock.patch(
                "bench.management.commands.bench_returns.bench_expedients",
                return_value=Expedient.objects.none(),
            ),
            self.assertRaisesMessage(CommandError, "bench_alerts"),
        ):
            bench_returns()

    def test_a_table_of_more_than_one_query_fails_the_command(self):
        with (
            mock.patch("bench.returns.bench.one_query", return_value=False),
            self.assertRaisesMessage(CommandError, "Over target: persons_age_sex"),
        ):
            bench_returns(actuacions=self.target)
