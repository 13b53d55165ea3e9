"""The generated population (generate_load) and the search benchmark (bench_search)."""

import random
from collections import defaultdict
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase

from bench.people.names import SURNAMES, synthetic_surnames
from bench.people.people import AreaPlan, PopulationGenerator, typo, vary_name
from configuration import roles
from directory.identity import check_document, normalise_document
from directory.models import NameToken, Person
from directory.normalise import normalise_name
from directory.search import edit_distance, search_persons
from tests.factories import AreaFactory, SectorFactory, professional


def demo_areas():
    """Build what `seed_demo` gives generate_load: NORD and SUD, sectors, staff."""
    nord, sud = AreaFactory(code="NORD"), AreaFactory(code="SUD")
    for area in (nord, sud):
        SectorFactory.create_batch(2, area=area)
    worker = professional(roles.TECNIC, area=nord, username="treballadora")
    professional(roles.TECNIC, area=sud)
    return nord, sud, worker


def generate(persons: int, seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_load", persons=persons, seed=seed, stdout=out)
    return out.getvalue()


def snapshot():
    return list(
        Person.objects.order_by("pk").values_list(
            "area__code", "first_name", "surname1", "surname2", "birth_date",
            "document_norm",
        )
    )  # fmt: skip


def near_duplicate_pairs() -> int:
    """Count pairs of one area with the same birth date and a similar name."""
    groups = defaultdict(list)
    for person in Person.objects.exclude(birth_date=None):
        groups[person.area_id, person.birth_date].append(person)
    return sum(
        _similar(a, b)
        for group in groups.values()
        for i, a in enumerate(group)
        for b in group[i + 1 :]
    )


def _similar(a: Person, b: Person) -> bool:
    def close(x: str, y: str) -> bool:
        x, y = normalise_name(x), normalise_name(y)
        return not x or not y or edit_distance(x, y, 2) <= 2

    return normalise_name(a.first_name) == normalise_name(b.first_name) and all(
        close(getattr(a, f), getattr(b, f)) for f in ("surname1", "surname2")
    )


class GenerateLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nord, cls.sud, cls.worker = demo_areas()
        cls.output = generate(300)
        cls.first_run = snapshot()

    def test_it_creates_exactly_the_persons_asked_for(self):
        self.assertEqual(Person.objects.count(), 300)
        self.assertIn("Created 300 persons in", self.output)

    def test_people_are_spread_over_the_demo_areas_and_their_staff(self):
        for area in (self.nord, self.sud):
            people = Person.objects.filter(area=area)
            self.assertGreater(people.count(), 90)
            staff = set(area.professionals.values_list("pk", flat=True))
            referents = set(people.values_list("reference_professional", flat=True))
            self.assertLessEqual(referents, staff)
            municipalities = set(area.sectors.values_list("municipality", flat=True))
            homes = set(people.values_list("residence_municipality", flat=True))
            self.assertLessEqual(homes, municipalities)

    def test_search_keys_are_what_person_save_would_store(self):
        for person in Person.objects.all():
            name = normalise_name(person.surname1, person.surname2, person.first_name)
            self.assertEqual(person.search_name, name)
            norm = normalise_document(person.document_number)
            self.assertEqual(person.document_norm, norm)
            self.assertEqual(person.health_card, normalise_document(person.health_card))
            check_document(person.document_type, person.document_number)  # valid

    def test_every_name_word_is_in_the_typo_dictionary(self):
        words = {w for p in Person.objects.all() for w in p.search_name.split()}
        tokens = set(NameToken.objects.values_list("token", flat=True))
        self.assertLessEqual(words, tokens)

    def test_the_dictionary_knows_how_many_persons_carry_each_word(self):
        carrying = defaultdict(int)
        for name in Person.objects.values_list("search_name", flat=True):
            for word in set(name.split()):
                carrying[word] += 1
        counted = dict(NameToken.objects.values_list("token", "persons"))
        self.assertEqual({w: counted[w] for w in carrying}, dict(carrying))
        self.assertGreater(max(carrying.values()), 1)

    def test_about_two_percent_are_near_duplicates(self):
        self.assertIn("near-duplicates", self.output)
        self.assertTrue(3 <= near_duplicate_pairs() <= 12, near_duplicate_pairs())

    def test_the_same_seed_gives_the_same_people(self):
        Person.objects.all().delete()
        generate(300)
        self.assertEqual(snapshot(), self.first_run)

    def test_loading_more_adds_other_people_and_plants_once(self):
        generate(100)
        self.assertEqual(Person.objects.count(), 400)
        added = [row[1:5] for row in snapshot()[300:]]
        self.assertNotEqual(added, [row[1:5] for row in self.first_run[:100]])
        self.assertEqual(Person.objects.filter(document_norm="12345678Z").count(), 1)

    def test_the_planted_people_are_found_by_the_search_desk(self):
        visible = Person.objects.visible_to(self.worker).current()
        first = search_persons(visible, "Jordi Garcia Marti").first()
        self.assertEqual(first.search_name, "garcia marti jordi")
        found = search_persons(visible, "Puigventos Ferer")
        self.assertIn("puigventos ferrer nuria", [p.search_name for p in found[:25]])


class GenerateLoadRefusalTests(TestCase):
    def test_it_asks_for_seed_demo_when_the_demo_areas_are_missing(self):
        with self.assertRaisesMessage(CommandError, "seed_demo"):
            generate(10)
        self.assertFalse(Person.objects.exists())


class GeneratorTests(SimpleTestCase):
    def draw(self, seed: int, count: int = 50) -> list[str]:
        plans = [
            AreaPlan(1, [10, 11], [(5, None, "08440")]),
            AreaPlan(2, [12], [(6, None, "08530")]),
        ]
        rows = PopulationGenerator(seed, plans, set()).rows(count)
        return [row["search_name"] for row in rows]

    def test_another_seed_gives_other_people(self):
        self.assertEqual(self.draw(1), self.draw(1))
        self.assertNotEqual(self.draw(1), self.draw(2))

    def test_a_typo_changes_the_word_but_not_its_first_letter(self):
        rng = random.Random(3)  # noqa: S311
        for word in ("Fernández", "Puig", "Soldevila"):
            slip = typo(rng, word)
            self.assertNotEqual(normalise_name(slip), normalise_name(word))
            self.assertEqual(slip[0], word[0])

    def test_a_second_record_varies_only_the_name(self):
        row = {"first_name": "Núria", "surname1": "Puigventós", "surname2": "Ferrer"}
        rng = random.Random(5)  # noqa: S311
        for _ in range(20):
            changed = vary_name(rng, row)
            self.assertLessEqual(set(changed), set(row))
            self.assertNotEqual({**row, **changed}, row)

    def test_the_rare_tail_never_repeats_a_real_surname(self):
        tail = synthetic_surnames()
        keys = {normalise_name(name) for name in tail}
        self.assertEqual(len(keys), len(tail))
        self.assertFalse(keys & {normalise_name(name) for name in SURNAMES})
        self.assertEqual(tail[:5], synthetic_surnames()[:5])


class BenchSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_areas()

    def bench(self) -> str:
        out = StringIO()
        call_command("bench_search", persons=200, repeat=1, stdout=out)
        return out.getvalue()

    def test_it_generates_the_persons_then_prints_a_row_per_query_kind(self):
        output = self.bench()
        self.assertEqual(Person.objects.count(), 200)
        for row in ("| document |", "| name |", "| misspelling |", "| icontains"):
            self.assertIn(row, output)
        self.assertIn("| name count (desk paginator) | 20 |", output)
        self.assertIn("| kind | queries | p50 ms | p95 ms | target |", output)
        self.assertIn("p95 < 5 ms", output)

    def test_a_second_run_reuses_the_persons(self):
        self.bench()
        self.assertIn("Reusing the 200 persons", self.bench())
        self.assertEqual(Person.objects.count(), 200)

    def test_it_needs_the_demo_login(self):
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "seed_demo"):
            call_command("bench_search", persons=10, user="nobody", stdout=out)
