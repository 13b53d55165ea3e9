"""An item listing opened from an expedient (`?expedient=<pk>`) is narrowed to
it without showing the narrowing as a filter of Wagtail's filter menu."""

from django.test import TestCase
from django.urls import reverse

from casework.models import Actuacio
from tests.factories.casework import basic_case, resident, territory

# How an active filter's pill starts (wagtailadmin/shared/active_filters.html).
PILL = 'data-w-active-filter-id="'
LISTINGS = (
    "casework_actuacions",
    "casework_demands",
    "casework_problems",
    "casework_resources",
    "casework_tramits",
    "casework_plans",
)


class ExpedientNarrowingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.other = basic_case(cls.t, resident(cls.t, first_name="Joan"))

    def setUp(self):
        self.client.force_login(self.t.worker)

    def html(self, url: str) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_no_filter_entry_or_active_filter_for_the_expedient(self):
        hidden = f'<input type="hidden" name="expedient" value="{self.case.pk}">'
        for namespace in LISTINGS:
            url = reverse(f"{namespace}:index") + f"?expedient={self.case.pk}"
            html = self.html(url)
            self.assertFalse("id_expedient" in html, namespace)
            self.assertFalse(PILL in html, namespace)  # no active filter at all
            # The filter form still carries it, so another filter stays on it.
            self.assertEqual(html.count(hidden), 1, namespace)

    def test_other_filters_show_as_active_but_not_the_expedient(self):
        url = reverse("casework_actuacions:index")
        html = self.html(f"{url}?expedient={self.case.pk}&origin=automatic")
        self.assertEqual(html.count(PILL), 1)
        self.assertTrue(f'{PILL}id_origin"' in html)

    def test_the_listing_is_still_narrowed_to_the_expedient(self):
        index = reverse("casework_actuacions:index")
        self.assertIn(self.other.number, self.html(index))
        html = self.html(f"{index}?expedient={self.case.pk}")
        self.assertIn(self.case.number, html)
        self.assertNotIn(self.other.number, html)

    def test_changing_another_filter_stays_on_the_expedient(self):
        url = reverse("casework_actuacions:index_results")
        html = self.html(f"{url}?expedient={self.case.pk}&origin=automatic")
        self.assertIn(self.case.number, html)
        self.assertNotIn(self.other.number, html)
        self.assertEqual(Actuacio.objects.filter(expedient=self.other).count(), 1)

    def test_a_listing_without_an_expedient_has_no_hidden_input(self):
        html = self.html(reverse("casework_demands:index"))
        self.assertNotIn('name="expedient"', html)


class ListingAddButtonTests(TestCase):
    """The Add button of an item listing leads to an add screen that opens: the
    narrowed listing adds to its expedient, the unnarrowed one offers none
    (found by the browser crawl: tràmits' Add led to "not found")."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)

    def setUp(self):
        self.client.force_login(self.t.worker)

    html = ExpedientNarrowingTests.html

    def test_every_add_link_of_a_listing_opens(self):
        for namespace in LISTINGS:
            add = reverse(f"{namespace}:add")
            index = reverse(f"{namespace}:index")
            self.assertNotIn(f'href="{add}"', self.html(index), namespace)
            narrowed = self.html(f"{index}?expedient={self.case.pk}")
            self.assertNotIn(f'href="{add}"', narrowed, namespace)
            link = f'href="{add}?expedient={self.case.pk}"'
            if link in narrowed:
                self.html(f"{add}?expedient={self.case.pk}")
