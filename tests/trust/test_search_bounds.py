"""Issue #16.7: a search longer than anyone types is refused with its reason.

A 2,100-character word was a 500 on PostgreSQL (a full-text word over 2,047
bytes) and kept SQLite busy for minutes; a few hundred words broke Wagtail's own
page search on PostgreSQL. Every admin listing and chooser takes its search from
`q`; `configuration.middleware.BoundedSearchMiddleware` refuses it before any
view runs, in place of the results when they are refreshed, as a page otherwise.
"""

from django.test import TestCase

from configuration import roles
from configuration.bounds import SEARCH_MAX_CHARACTERS, SEARCH_MAX_WORDS
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional

XHR = {"headers": {"x-requested-with": "XMLHttpRequest"}}
LONG_WORD = "a" * 2100
MANY_WORDS = " ".join(["ab"] * 30)
TOO_LONG = "massa llarga (2100 caràcters): escriviu-ne com a màxim 100"
TOO_MANY = "té massa paraules (30): escriviu-ne com a màxim 12"


class SearchBoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        person_save(
            person=new_person(cls.area, cls.coordinator, surname1="Garcia"),
            acting_user=cls.coordinator,
        )

    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_the_desk_refreshing_its_results_shows_the_reason(self):
        for query, reason in ((LONG_WORD, TOO_LONG), (MANY_WORDS, TOO_MANY)):
            with self.subTest(words=len(query.split())):
                response = self.client.get(
                    "/admin/cercador/results/", {"q": query}, **XHR
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, reason)
                self.assertNotContains(response, "Garcia")

    def test_a_page_opened_with_a_long_search_says_why(self):
        response = self.client.get("/admin/cercador/", {"q": LONG_WORD})
        self.assertContains(response, TOO_LONG, status_code=400)
        self.assertContains(response, "Torna a cercar", status_code=400)

    def test_every_chooser_and_listing_is_bounded(self):
        for url in (
            "/admin/directory/choose-person/results/",
            "/admin/casework/expedients/results/",
            "/admin/pages/search/results/",
            "/admin/documents/chooser/results/",
            "/admin/users/results/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url, {"q": MANY_WORDS}, **XHR)
                self.assertContains(response, TOO_MANY)

    def test_a_search_within_the_bounds_still_runs(self):
        words = ["garcia"] + ["x"] * (SEARCH_MAX_WORDS - 1)
        longest = "garcia " + "b" * (SEARCH_MAX_CHARACTERS - len("garcia "))
        for query in (" ".join(words), longest, "garcia"):
            with self.subTest(query=query[:20]):
                response = self.client.get(
                    "/admin/cercador/results/", {"q": query}, **XHR
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "help-critical")
        self.assertContains(
            self.client.get("/admin/cercador/results/", {"q": "garcia"}, **XHR),
            "Garcia",
        )
