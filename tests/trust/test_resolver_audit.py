"""Every screen that opens one row of a person record or an expedient writes
exactly one access entry naming the professional who opened it (issue 16.6).

Generated from the URL resolver (tests/trust/sweep.py): a pattern is such a
screen when the model of its `pk` belongs to a person record or an expedient
(configuration/audit/subjects.py), so a new screen of those is checked the day
it is added. Each is opened by the professional who may open it; a screen
that refuses them (a redirect, a 404, a POST-only action) must write nothing.
"""

from auditlog.models import LogEntry
from django.test import Client, TestCase
from django.urls import reverse

from configuration import roles
from configuration.audit.subjects import is_audited_subject
from configuration.audit.trail import SEARCH_EVENT
from tests.factories import professional
from tests.factories.casework import territory

from .matrix_data import Catalogue, build_placement
from .sweep import admin_patterns, area_rows, fill, path_of

# Who opens each kind of screen: the coordinator reads everything of their
# teams; the merge and the access report are theirs alone as well.
READER = roles.COORDINADOR


class ResolverAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.own = build_placement(
            cls.t, Catalogue.build(), by=cls.t.worker, sector=cls.t.sector
        )
        cls.reader = professional(READER, area=cls.t.area)
        cls.reader.teams.add(cls.t.team)

    def first_row(self, model):
        rows = area_rows(model, self.t.area)
        row = rows.first() if rows is not None else None
        return row.pk if row is not None else None

    def screens(self):
        for pattern in admin_patterns():
            one_row = "pk" in pattern.kwargs and pattern.model is not None
            if one_row and is_audited_subject(pattern.model):
                values = fill(pattern, self.first_row)
                if values is not None:
                    yield pattern, path_of(pattern, values)

    def test_every_screen_of_personal_data_is_one_access_entry(self):
        client = Client()
        client.force_login(self.reader)
        opened = 0
        for pattern, url in self.screens():
            LogEntry.objects.filter(actor=self.reader).delete()
            with self.subTest(pattern=pattern.name, url=url):
                response = client.get(url)
                entries = LogEntry.objects.filter(actor=self.reader)
                if response.status_code != 200:
                    self.assertFalse(entries.exists(), response.status_code)
                    continue
                opened += 1
                self.assertEqual(entries.count(), 1)
                self.assertEqual(entries.get().action, LogEntry.Action.ACCESS)
        # The sweep really opened the screens (not all refused).
        self.assertGreater(opened, 40)

    def test_the_expedient_listing_searched_by_name_is_a_search_entry(self):
        self.client.force_login(self.reader)
        url = reverse("casework_expedients:index")
        response = self.client.get(url, {"q": self.own.case.basic_case.family_name})
        self.assertContains(response, self.own.case.number)
        entry = LogEntry.objects.get(actor=self.reader)
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)
        self.assertEqual(entry.additional_data["event"], SEARCH_EVENT)
        self.assertEqual(entry.additional_data["rows"], 1)
        # An unsearched listing is not a search.
        LogEntry.objects.all().delete()
        self.client.get(url)
        self.assertFalse(LogEntry.objects.filter(actor=self.reader).exists())
