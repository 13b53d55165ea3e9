"""Coordinators' tools: reactivate a deceased person ("Recupera")."""

from datetime import date
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from casework.services.expedients import ActionNotAllowed
from configuration.enums import PersonStatus
from directory.services import person_set_deceased
from helpdesk.tools.services import person_reactivate
from tests.factories.casework import basic_case, resident

from .tools_data import ToolsData, tool_entries


class RecoverData(ToolsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = resident(cls.t, first_name="Joan")
        basic_case(cls.t, cls.person)
        person_set_deceased(
            person=cls.person, acting_user=cls.t.worker, death_date=date(2025, 3, 2)
        )


class PersonReactivateTests(RecoverData, TestCase):
    def test_it_reactivates_and_logs_one_summary(self):
        person_reactivate(person=self.person, acting_user=self.t.coordinator)
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, PersonStatus.ACTIVE)
        self.assertIsNone(self.person.death_date)
        entry = tool_entries("person_recover", self.person).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["death_date"], "2025-03-02")

    def test_a_failure_changes_nothing(self):
        target = "helpdesk.tools.services.persons.log_tool"
        with (
            mock.patch(target, side_effect=ValidationError("boom")),
            self.assertRaises(ValidationError),
        ):
            person_reactivate(person=self.person, acting_user=self.t.coordinator)
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, PersonStatus.DECEASED)

    def test_it_refuses_technicians_other_areas_and_active_persons(self):
        for user in (self.t.worker, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                person_reactivate(person=self.person, acting_user=user)
        with self.assertRaises(ValidationError):
            person_reactivate(person=resident(self.t), acting_user=self.t.coordinator)


class PersonRecoverScreenTests(RecoverData, TestCase):
    def url(self):
        return reverse("helpdesk_tools:person_recover", args=[self.person.pk])

    def test_the_preview_then_the_confirmation(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(self.url(), {})
        with translation.override("en"):  # the coordinator's UI language
            died = date_format(self.person.death_date, "SHORT_DATE_FORMAT")
        self.assertContains(response, died)
        self.assertContains(response, ": 1.")  # one open expedient
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, PersonStatus.DECEASED)
        response = self.client.post(self.url(), {"confirm": "1"})
        self.assertEqual(response.status_code, 302)
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, PersonStatus.ACTIVE)

    def test_the_pick_screen_lists_deceased_persons_of_the_area_only(self):
        self.client.force_login(self.t.coordinator)
        pick = reverse("helpdesk_tools:person_recover_pick")
        response = self.client.get(pick, {"subject": self.person.pk})
        self.assertRedirects(response, self.url())

    def test_technical_roles_and_other_areas_get_404(self):
        for user in (self.t.worker, self.stranger):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                response = self.client.post(self.url(), {"confirm": "1"})
                self.assertEqual(response.status_code, 404)
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, PersonStatus.DECEASED)
