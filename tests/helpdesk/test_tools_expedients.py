"""Coordinators' tools: transfer an expedient to another sector (information
and family transfers, domain.md §4.5)."""

import re
from datetime import date, timedelta
from unittest import mock

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from casework.enums import AutomaticEvent, PlanClosingReason, PlanState
from casework.models import Actuacio, Expedient, InterventionPlan, LinkedPerson
from casework.services import (
    actuacio_create,
    actuacio_lock_reason,
    actuacio_update,
    plan_create,
)
from casework.services.expedients import ActionNotAllowed
from casework.tabs import expedient_url
from configuration.enums import ExpedientState
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    ClosingReason,
    RelationshipType,
)
from directory.services import person_set_deceased
from helpdesk.alerts.queries import alert_scope, plans_expired
from helpdesk.tools.services import (
    expedient_family_transfer,
    expedient_information_transfer,
)
from tests.factories import SubsectorFactory, english_ui
from tests.factories.casework import basic_case, resident

from .tools_data import ToolsData, tool_entries


class TransferData(ToolsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.main = resident(t, first_name="Maria")
        cls.son = resident(t, first_name="Pau")
        cls.grandad = resident(t, first_name="Jaume")
        cls.case = basic_case(t, cls.main)
        son_of = RelationshipType.objects.create(code="T3", name="Fill/a")
        for person in (cls.son, cls.grandad):
            LinkedPerson.objects.create(
                expedient=cls.case, person=person, relationship=son_of
            )
        person_set_deceased(
            person=cls.grandad, acting_user=t.worker, death_date=date(2024, 5, 1)
        )
        cls.subsector = SubsectorFactory(sector=t.other_sector)
        cls.reason = ClosingReason.objects.create(code="T2", name="Canvi de domicili")
        atype = ActuacioType.objects.create(code="t-a1", name="Informació")
        place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")
        cls.actuacio_values = {
            "topic": "Entrevista",
            "type": atype,
            "place": place,
            "responsible": t.worker,
        }
        cls.before = actuacio_create(
            expedient=cls.case, acting_user=t.worker, **cls.actuacio_values
        )

    def information(self, user=None, **kwargs):
        values = {"sector": self.t.other_sector, "subsector": self.subsector}
        return expedient_information_transfer(
            expedient=self.case,
            acting_user=user or self.t.coordinator,
            **{**values, **kwargs},
        )

    def family(self, user=None, **kwargs):
        return expedient_family_transfer(
            expedient=self.case,
            sector=self.t.other_sector,
            reason=self.reason,
            acting_user=user or self.t.coordinator,
            **kwargs,
        )


class InformationTransferTests(TransferData, TestCase):
    def test_the_expedient_moves_and_earlier_actuacions_lock(self):
        self.information(reference_team=self.t.other_team)
        case = Expedient.objects.get(pk=self.case.pk)
        self.assertEqual(case.sector, self.t.other_sector)
        self.assertEqual(case.subsector, self.subsector)
        self.assertEqual(case.reference_team, self.t.other_team)
        self.before.refresh_from_db()
        with translation.override("en"):
            reason = actuacio_lock_reason(self.before)
        self.assertIn("before the expedient moved", reason)
        with self.assertRaises(ValidationError):
            actuacio_update(
                actuacio=self.before, acting_user=self.t.coordinator, topic="Canvi"
            )
        after = actuacio_create(
            expedient=case, acting_user=self.t.coordinator, **self.actuacio_values
        )
        self.assertEqual(actuacio_lock_reason(after), "")

    def test_it_is_in_the_history_with_one_summary_entry(self):
        self.information()
        row = Expedient.objects.get(pk=self.case.pk)
        entry = tool_entries("information_transfer", row).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["from_sector"], self.t.sector.pk)
        self.assertEqual(entry.additional_data["to_sector"], self.t.other_sector.pk)
        self.assertEqual(entry.additional_data["actuacions"], 2)
        sector_changes = LogEntry.objects.get_for_object(row).filter(
            changes__has_key="sector"
        )
        self.assertTrue(sector_changes.exists())

    def test_it_refuses_bad_destinations(self):
        other_area_sector = self.stranger.teams.first().sectors.first()
        for values in (
            {"sector": self.t.sector, "subsector": None},  # where it already is
            {"sector": self.t.sector, "subsector": self.subsector},  # wrong sector
            {"sector": other_area_sector, "subsector": None},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.information(**values)
        self.assertFalse(tool_entries("information_transfer").exists())

    def test_it_refuses_technicians_and_other_areas(self):
        for user in (self.t.outsider, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.information(user=user)


class InformationTransferPlanTests(TransferData, TestCase):
    """Earlier content locks, so the open plans end with the transfer."""

    def setUp(self):
        self.plan = plan_create(
            plan=InterventionPlan(
                expedient=self.case,
                title="Pla",
                starts_on=date.today() - timedelta(days=30),
                expires_on=date.today() - timedelta(days=1),
            ),
            referents=[self.t.worker],
            affected_persons=[self.main],
            acting_user=self.t.worker,
        )

    def test_open_plans_close_and_the_summary_counts_them(self):
        self.assertTrue(plans_expired(alert_scope(self.t.worker)).exists())
        self.information()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, PlanState.CLOSED)
        self.assertEqual(self.plan.closing_reason, PlanClosingReason.OTHER)
        self.assertEqual(self.plan.closed_on, date.today())
        entry = tool_entries("information_transfer").get()
        self.assertEqual(entry.additional_data["plans_closed"], 1)
        self.assertFalse(plans_expired(alert_scope(self.t.worker)).exists())

    def test_the_preview_says_so_and_changes_nothing(self):
        self.client.force_login(self.t.coordinator)
        english_ui(self.t.coordinator)
        url = reverse("helpdesk_tools:expedient_transfer", args=[self.case.pk])
        response = self.client.post(
            url,
            {
                "kind": "information",
                "sector": self.t.other_sector.pk,
                "subsector": self.subsector.pk,
            },
        )
        self.assertContains(response, "open intervention plan will be closed")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, PlanState.OPEN)

    def test_the_history_tab_shows_the_counts_by_name(self):
        self.information()
        english_ui(self.t.coordinator)
        self.client.force_login(self.t.coordinator)
        html = self.client.get(expedient_url(self.case.pk, "history")).content.decode()
        line = re.search(
            r"<strong>Information transfer to another sector</strong>: ([^<]*)</li>",
            html,
        )
        self.assertIsNotNone(line)
        self.assertIn("intervention plans closed: 1", line.group(1))
        self.assertIn("actuacions: 2", line.group(1))
        self.assertNotIn("→", line.group(1))
        self.assertNotIn("sector", line.group(1))  # no ids of sectors

    def test_a_refused_transfer_closes_nothing(self):
        with self.assertRaises(ActionNotAllowed):
            self.information(user=self.t.outsider)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, PlanState.OPEN)


class FamilyTransferTests(TransferData, TestCase):
    def test_it_closes_here_and_opens_there_with_the_living_persons(self):
        new = self.family()
        old = Expedient.objects.get(pk=self.case.pk)
        self.assertEqual(old.state, ExpedientState.CLOSED)
        self.assertEqual(old.closing_reason, self.reason)
        self.assertEqual(new.sector, self.t.other_sector)
        self.assertEqual(new.family_name, self.case.family_name)
        self.assertEqual(new.links.get(is_main=True).person, self.main)
        self.assertEqual(
            set(new.links.values_list("person", flat=True)), {self.main.pk, self.son.pk}
        )
        self.assertEqual(new.actuacions.count(), 1)  # the opening one, nothing copied
        opening = new.actuacions.get()
        self.assertIn(self.case.number, opening.text)
        closing = Actuacio.objects.get(expedient=old, event=AutomaticEvent.CLOSED)
        self.assertIn(new.number, closing.text)

    def test_it_writes_one_summary_entry(self):
        new = self.family()
        row = Expedient.objects.get(pk=self.case.pk)
        entry = tool_entries("family_transfer", row).get()
        self.assertEqual(entry.additional_data["to_expedient"], new.pk)
        self.assertEqual(entry.additional_data["persons"], 2)

    def test_a_failure_half_way_changes_nothing(self):
        target = "helpdesk.tools.services.expedients.expedient_close"
        count = Expedient.objects.count()
        with (
            mock.patch(target, side_effect=ValidationError("boom")),
            self.assertRaises(ValidationError),
        ):
            self.family()
        self.assertEqual(Expedient.objects.count(), count)
        self.assertEqual(Expedient.objects.get(pk=self.case.pk).state, 1)
        self.assertFalse(tool_entries("family_transfer").exists())

    def test_it_refuses_technicians_and_other_areas(self):
        for user in (self.t.outsider, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                self.family(user=user)


class TransferScreenTests(TransferData, TestCase):
    def url(self):
        return reverse("helpdesk_tools:expedient_transfer", args=[self.case.pk])

    def test_the_information_preview_counts_what_locks(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(), {"kind": "information", "sector": self.t.other_sector.pk}
        )
        self.assertContains(response, "2 actuacions")
        self.assertContains(response, "0 demands")
        self.assertEqual(Expedient.objects.get(pk=self.case.pk).sector, self.t.sector)

    def test_the_family_preview_names_who_goes_and_needs_a_reason(self):
        self.client.force_login(self.t.coordinator)
        data = {"kind": "family", "sector": self.t.other_sector.pk}
        response = self.client.post(self.url(), data)
        self.assertTrue(response.context["form"].errors["reason"])
        response = self.client.post(self.url(), {**data, "reason": self.reason.pk})
        self.assertContains(response, str(self.son))
        self.assertNotContains(response, str(self.grandad))
        response = self.client.post(
            self.url(), {**data, "reason": self.reason.pk, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Expedient.objects.get(pk=self.case.pk).state, 2)

    def test_the_pick_screen_finds_the_expedient_by_number(self):
        self.client.force_login(self.t.coordinator)
        pick = reverse("helpdesk_tools:expedient_transfer_pick")
        response = self.client.get(pick, {"subject_number": self.case.number})
        self.assertRedirects(response, self.url())
        self.client.force_login(self.stranger)
        response = self.client.get(pick, {"subject_number": self.case.number})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_technicians_of_other_sectors_and_other_areas_get_404(self):
        # The case's own technicians may transfer it within their teams'
        # sectors (issue 16.13: tests/casework/test_sector_and_role_rights.py).
        data = {"kind": "information", "sector": self.t.other_sector.pk, "confirm": 1}
        for user in (self.t.outsider, self.t.administrative, self.stranger):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                self.assertEqual(self.client.post(self.url(), data).status_code, 404)
        self.assertEqual(Expedient.objects.get(pk=self.case.pk).sector, self.t.sector)
