"""The search desk stops counting at a cap: "more than 1,000", pages still reachable."""

from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from configuration import roles
from directory.models import Person
from directory.normalise import normalise_name
from directory.paginator import CappedPaginator
from directory.search import capped_count, search_persons
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, english_ui, professional

URL = "/admin/cercador/"
GARCIAS = 61


def small_cap():
    """A cap of 30 rows and no look-ahead, so 61 people cross it."""
    return mock.patch.multiple(
        "directory.paginator", LOOKAHEAD_PAGES=0
    ), mock.patch.object(CappedPaginator, "cap", 30)


class CappedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        Person.objects.bulk_create(
            new_person(
                cls.area,
                cls.worker,
                surname1="Garcia",
                surname2=f"Sala{n:02d}",
                first_name="Anna",
                search_name=normalise_name("Garcia", f"Sala{n:02d}", "Anna"),
            )
            for n in range(GARCIAS)
        )
        Person.objects.bulk_create(
            [
                new_person(
                    cls.area,
                    cls.worker,
                    surname1="Ferrer",
                    surname2="Vidal",
                    first_name="Pau",
                    search_name=normalise_name("Ferrer", "Vidal", "Pau"),
                )
            ]
        )

    def setUp(self):
        self.client.force_login(self.worker)
        english_ui(self.worker)  # the texts below are the English ones
        lookahead, cap = small_cap()
        for patcher in (lookahead, cap):
            patcher.start()
            self.addCleanup(patcher.stop)

    def page(self, number: int):
        return self.client.get(URL, {"q": "garcia", "p": number})

    def test_past_the_cap_the_desk_says_more_than(self):
        response = self.page(1)
        paginator = response.context["paginator"]
        self.assertEqual(len(response.context["object_list"]), 25)
        self.assertTrue(paginator.is_capped)
        self.assertContains(response, "There are more than 30 matches")
        self.assertContains(response, "Page 1 of more than 2")
        self.assertContains(response, "More than 30 person records")
        # The exact total is never said (a bare "61" may be in a CSRF token).
        for said in (
            f"{GARCIAS} matches",
            f"{GARCIAS} person records",
            f"of {GARCIAS}",
        ):
            self.assertNotContains(response, said)
        # The last page link is not a number that is not the last page.
        self.assertEqual(
            list(response.context["elided_page_range"]), [1, 2, paginator.ELLIPSIS]
        )

    def test_following_the_pages_reaches_every_person(self):
        seen = []
        for number in (1, 2, 3):
            response = self.page(number)
            seen += [person.pk for person in response.context["object_list"]]
        self.assertEqual(len(seen), GARCIAS)
        self.assertEqual(len(set(seen)), GARCIAS)
        # Once the cap passes the end, the exact count is back.
        self.assertContains(response, f"There are {GARCIAS} matches")
        self.assertContains(response, "Page 3 of 3")

    def test_the_count_query_is_limited(self):
        with CaptureQueriesContext(connection) as queries:
            self.page(1)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(")]
        self.assertTrue(counts)
        self.assertEqual(len(counts), 1, counts)
        self.assertIn("LIMIT 31", counts[0])
        self.assertNotIn("start_rank", counts[0])  # no ranking work for a count

    def test_a_common_name_is_counted_from_the_names_starting_with_it(self):
        # All 61 start with "garcia": the btree range reaches the cap and the
        # full-text match is not run for the count.
        with CaptureQueriesContext(connection) as queries:
            self.page(1)
        (count,) = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(")]
        self.assertNotIn("fts", count.lower())
        self.assertNotIn("@@", count)

    def test_a_word_inside_the_names_is_counted_by_the_full_text(self):
        # Nobody's name starts with "anna": the count runs the full-text match.
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(URL, {"q": "anna"})
        self.assertTrue(response.context["paginator"].is_capped)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(")]
        self.assertTrue(any("LIMIT 31" in sql for sql in counts))

    def test_the_capped_count_agrees_with_the_full_count(self):
        visible = Person.objects.visible_to(self.worker).current()
        for typed in (
            "garcia",
            "anna",
            "garcia anna",
            "anna garcia",
            "ferrer",
            "sala0",
            "gracia",
            "12345678Z",
            "nobody",
        ):
            with self.subTest(typed=typed):
                found = search_persons(visible, typed)
                self.assertEqual(capped_count(found, 1000), found.count())
                self.assertEqual(capped_count(found, 5), min(found.count(), 5))

    def test_few_results_are_counted_exactly(self):
        response = self.client.get(URL, {"q": "ferrer vidal"})
        self.assertContains(response, "There is 1 match")
        self.assertFalse(response.context["paginator"].is_capped)


class CapForTests(TestCase):
    def test_the_cap_moves_with_the_requested_page(self):
        paginator = CappedPaginator(Person.objects.none(), 25)
        self.assertEqual(paginator.cap_for(1), 1000)
        self.assertEqual(paginator.cap_for("50"), (50 + 10) * 25)
        self.assertEqual(paginator.cap_for("not a page"), 1000)
        self.assertEqual(paginator.cap_for(None), 1000)

    def test_a_page_number_past_any_database_opens_the_last_page(self):
        # Issue #16.8: ?p=999999999999999999999 asked the database for a LIMIT
        # it cannot hold (a 500 on both engines).
        paginator = CappedPaginator(Person.objects.none(), 25)
        self.assertEqual(paginator.cap_for("999999999999999999999"), (40_000 + 10) * 25)


class OutOfRangePageTests(TestCase):
    """Issue #16.8: any page number opens a page, never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        Person.objects.bulk_create(
            new_person(
                cls.area,
                cls.worker,
                surname1="Garcia",
                surname2=f"Sala{n:02d}",
                search_name=normalise_name("Garcia", f"Sala{n:02d}", "Núria"),
            )
            for n in range(30)
        )

    def test_the_desk_opens_the_last_page_or_the_first(self):
        self.client.force_login(self.worker)
        for number, shown in (
            ("999999999999999999999", 2),
            ("99999", 2),
            ("-1", 2),
            ("abc", 1),
            ("", 1),
        ):
            with self.subTest(p=number):
                for url in (URL, f"{URL}results/"):
                    response = self.client.get(url, {"q": "garcia", "p": number})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.context["page_obj"].number, shown)
