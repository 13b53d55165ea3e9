"""A person's access report: who consulted or changed their data, when and why,
from the audit trail; coordinators only, their own area only, itself audited."""

from io import StringIO

from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.access_report import ACTIONS, EVENTS, person_access_rows
from casework.enums import BreakGlassReason
from casework.models import LinkedPerson
from casework.services.break_glass import break_glass_open
from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory
from tests.website.test_learning import pdf_text


def report_url(person) -> str:
    return reverse("casework_person_access_report", args=[person.pk])


class AccessReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t, first_name="Roser")
        cls.case = basic_case(cls.t, cls.person)
        cls.secret = basic_case(cls.t, cls.person, confidential=True)
        cls.stranger = resident(cls.t, first_name="Aleix")

    def setUp(self):
        # The teammate reads the record, then opens the confidential expedient.
        self.client.force_login(self.t.teammate)
        self.client.get(reverse("person:edit", args=[self.person.pk]))
        break_glass_open(
            expedient=self.secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.COVERING,
            text="Baixa",
        )
        self.client.get(reverse("casework_expedient", args=[self.secret.pk]))

    def test_rows_say_who_which_team_what_and_why(self):
        rows = person_access_rows(self.person)
        teammate = self.t.teammate.get_full_name()
        mine = [row for row in rows if row.professional == teammate]
        self.assertTrue(all(self.t.team.name in row.teams for row in mine))
        reasons = {row.reason for row in mine}
        self.assertIn(str(BreakGlassReason.COVERING.label), reasons)
        events = [row.event for row in mine]
        self.assertIn(str(ACTIONS[LogEntry.Action.ACCESS]), events)
        self.assertIn(str(EVENTS["break_glass"]), events)
        created = str(ACTIONS[LogEntry.Action.CREATE])
        self.assertTrue(any(row.event == created for row in rows))
        self.assertFalse(person_access_rows(self.stranger)[1:])  # only its creation

    def test_a_coordinator_downloads_the_pdf_and_it_is_audited(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(report_url(self.person))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response.content)
        self.assertIn(self.t.teammate.last_name, text)
        self.assertIn(str(BreakGlassReason.COVERING.label)[:16], text)
        self.assertIn(self.t.team.name, text)
        entry = LogEntry.objects.get(additional_data__event="access_report")
        self.assertEqual(
            (entry.actor, entry.object_pk, entry.action),
            (self.t.coordinator, str(self.person.pk), LogEntry.Action.ACCESS),
        )

    def test_technical_and_administrative_roles_and_other_areas_get_404(self):
        elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        for user in (self.t.worker, self.t.teammate, self.t.administrative, elsewhere):
            self.client.force_login(user)
            self.assertEqual(
                self.client.get(report_url(self.person)).status_code, 404, user
            )
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event="access_report").exists()
        )

    def test_the_record_offers_the_button_to_coordinators_only(self):
        edit = reverse("person:edit", args=[self.person.pk])
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(edit), report_url(self.person))
        self.client.force_login(self.t.worker)
        self.assertNotContains(self.client.get(edit), report_url(self.person))

    def test_the_query_count_does_not_grow_with_entries(self):
        with CaptureQueriesContext(connection) as few:
            person_access_rows(self.person)
        self.client.force_login(self.t.outsider)
        for _ in range(3):
            self.client.force_login(self.t.worker)
            self.client.get(reverse("person:edit", args=[self.person.pk]))
            self.client.get(reverse("casework_expedient", args=[self.case.pk]))
        with CaptureQueriesContext(connection) as many:
            rows = person_access_rows(self.person)
        self.assertGreater(len(rows), 6)
        self.assertEqual(len(many), len(few))


class DemoPersonReportTests(TestCase):
    def test_the_report_lists_a_demo_persons_history(self):
        call_command("seed_demo", stdout=StringIO())
        link = LinkedPerson.objects.filter(is_main=True).select_related(
            "person", "expedient__reference_professional"
        )[0]
        coordinator = professional(roles.COORDINADOR, area=link.person.area)
        self.client.force_login(coordinator)
        response = self.client.get(report_url(link.person))
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn(str(ACTIONS[LogEntry.Action.CREATE]), pdf_text(response.content))
        self.assertIn(link.expedient.number, pdf_text(response.content))
