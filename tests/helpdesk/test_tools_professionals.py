"""Coordinators' tools: transfer what a professional holds, reset a password."""

from datetime import date
from unittest import mock

from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.models import Expedient
from casework.services.expedients import ActionNotAllowed, expedient_close
from configuration.models import ClosingReason
from configuration.services import professional_deregister
from directory.models import Person
from directory.services import person_save, person_set_deceased
from helpdesk.tools.services import (
    professional_holdings_transfer,
    professional_password_reset,
)
from tests.factories.casework import basic_case, resident

from .tools_data import ToolsData, tool_entries

PERSON_SAVE = "helpdesk.tools.services.professionals.person_save"


class HoldingsData(ToolsData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.reason = ClosingReason.objects.create(code="T1", name="Resolt")
        cls.open_case = basic_case(t)  # worker is reference; person is worker's
        cls.closed_case = basic_case(t)
        expedient_close(case=cls.closed_case, reason=cls.reason, acting_user=t.worker)
        cls.co_case = basic_case(
            t, by=t.outsider, co_reference_professional=t.worker
        )  # outsider's person, worker co-reference
        cls.teammate_co = basic_case(
            t, by=t.teammate, co_reference_professional=t.worker
        )
        cls.dead = resident(t, first_name="Pere")
        person_set_deceased(
            person=cls.dead, acting_user=t.worker, death_date=date(2024, 1, 1)
        )


class HoldingsTransferTests(HoldingsData, TestCase):
    def transfer(self, **kwargs):
        return professional_holdings_transfer(
            source=self.t.worker,
            target=self.t.teammate,
            acting_user=self.t.coordinator,
            **kwargs,
        )

    def test_it_moves_open_expedients_and_active_records(self):
        counts = self.transfer()
        self.assertEqual(
            counts,
            {
                "expedients": 1,
                "co_referred_expedients": 2,
                "persons": 4,
                "agenda.appointments": 0,
            },
        )
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.reference_professional, self.t.teammate)
        self.closed_case.refresh_from_db()
        self.assertEqual(self.closed_case.reference_professional, self.t.worker)
        self.co_case.refresh_from_db()
        self.assertEqual(self.co_case.co_reference_professional, self.t.teammate)
        self.dead.refresh_from_db()
        self.assertEqual(self.dead.reference_professional, self.t.worker)

    def test_a_co_reference_who_receives_the_reference_is_dropped(self):
        self.transfer()
        self.teammate_co.refresh_from_db()
        self.assertEqual(self.teammate_co.reference_professional, self.t.teammate)
        self.assertIsNone(self.teammate_co.co_reference_professional)

    def test_closed_and_deceased_on_request_then_deregistration_passes(self):
        self.transfer(include_closed=True, include_deceased=True)
        self.closed_case.refresh_from_db()
        self.dead.refresh_from_db()
        self.assertEqual(self.closed_case.reference_professional, self.t.teammate)
        self.assertEqual(self.dead.reference_professional, self.t.teammate)
        professional_deregister(
            professional=self.t.worker, acting_user=self.t.coordinator
        )
        self.assertFalse(
            Expedient.objects.filter(co_reference_professional=self.t.worker).exists()
        )

    def test_it_writes_row_entries_and_one_summary(self):
        self.transfer()
        entry = tool_entries("professional_transfer", self.t.worker).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["expedients"], 1)
        self.assertEqual(entry.additional_data["persons"], 4)
        self.assertEqual(entry.additional_data["target"], self.t.teammate.pk)
        row = Expedient.objects.get(pk=self.open_case.pk)
        self.assertTrue(
            LogEntry.objects.get_for_object(row)
            .filter(changes__has_key="reference_professional")
            .exists()
        )

    def test_a_failure_half_way_changes_nothing(self):
        calls = []

        def fail_second(**kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise ValidationError("boom")
            return person_save(**kwargs)

        with (
            mock.patch(PERSON_SAVE, side_effect=fail_second),
            self.assertRaises(ValidationError),
        ):
            self.transfer()
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.reference_professional, self.t.worker)
        self.assertFalse(
            Person.objects.filter(reference_professional=self.t.teammate).exists()
        )
        self.assertFalse(tool_entries("professional_transfer").exists())

    def test_it_refuses_a_technician_and_another_areas_coordinator(self):
        for user in (self.t.worker, self.t.teammate, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                professional_holdings_transfer(
                    source=self.t.worker, target=self.t.outsider, acting_user=user
                )

    def test_it_refuses_the_same_or_an_inactive_professional(self):
        self.t.outsider.is_active = False
        self.t.outsider.save()
        for target in (self.t.worker, self.t.outsider, self.stranger):
            with self.subTest(target=target), self.assertRaises(ValidationError):
                professional_holdings_transfer(
                    source=self.t.worker,
                    target=target,
                    acting_user=self.t.coordinator,
                )


class HoldingsTransferScreenTests(HoldingsData, TestCase):
    def url(self, user=None):
        user = user or self.t.worker
        return reverse("helpdesk_tools:professional_transfer", args=[user.pk])

    def test_the_preview_shows_the_counts_and_changes_nothing(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(), {"target": self.t.teammate.pk, "include_closed": "on"}
        )
        self.assertContains(
            response, "2 expedients where they are the reference professional"
        )
        self.assertContains(
            response, "2 expedients where they are the co-reference professional"
        )
        self.assertContains(response, "4 person records")
        self.assertContains(response, "0 future appointments")
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.reference_professional, self.t.worker)

    def test_confirming_transfers(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(), {"target": self.t.teammate.pk, "confirm": "1"}
        )
        self.assertRedirects(response, reverse("helpdesk_tools:index"))
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.reference_professional, self.t.teammate)
        self.assertEqual(
            tool_entries("professional_transfer").get().actor_id, self.t.coordinator.pk
        )

    def test_the_pick_screen_goes_to_the_tool(self):
        self.client.force_login(self.t.coordinator)
        pick = reverse("helpdesk_tools:professional_transfer_pick")
        response = self.client.get(pick, {"subject": self.t.worker.pk})
        self.assertRedirects(response, self.url())

    def test_technical_roles_and_other_areas_get_404(self):
        for user in (self.t.worker, self.t.administrative):
            self.client.force_login(user)
            for url in (
                reverse("helpdesk_tools:index"),
                reverse("helpdesk_tools:professional_transfer_pick"),
                self.url(),
            ):
                with self.subTest(user=user, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        response = self.client.post(
            self.url(), {"target": self.stranger.pk, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_target_of_another_area_cannot_be_posted(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(), {"target": self.stranger.pk, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.reference_professional, self.t.worker)

    def test_the_menu_shows_the_tools_to_coordinators_only(self):
        index = reverse("helpdesk_tools:index")
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), index)
        self.client.force_login(self.t.worker)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), index)

    def test_the_tools_page_is_titled_and_lists_every_tool(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse("helpdesk_tools:index"))
        self.assertEqual(
            response.context["breadcrumbs_items"][-1]["label"],
            response.context["view"].page_title,
        )
        for name in ("professional_transfer", "password_reset"):
            self.assertContains(response, reverse(f"helpdesk_tools:{name}_pick"))

    def test_the_deregistration_refusal_links_to_the_tool(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            reverse("wagtailusers_users:deregister", args=[self.t.worker.pk]),
            follow=True,
        )
        self.assertContains(response, f'href="{self.url()}"')


class PasswordResetTests(ToolsData, TestCase):
    def test_it_sends_the_reset_email_after_commit_and_logs_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            professional_password_reset(
                professional=self.t.worker,
                acting_user=self.t.coordinator,
                domain="llar.example",
            )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.t.worker.email])
        self.assertIn("/admin/password_reset/confirm/", mail.outbox[0].body)
        entry = tool_entries("password_reset", self.t.worker).get()
        self.assertEqual(entry.actor, self.t.coordinator)

    def test_it_refuses_without_email_and_for_non_coordinators(self):
        self.t.teammate.email = ""
        self.t.teammate.save()
        with self.assertRaises(ValidationError):
            professional_password_reset(
                professional=self.t.teammate,
                acting_user=self.t.coordinator,
                domain="x",
            )
        for user in (self.t.worker, self.stranger):
            with self.subTest(user=user), self.assertRaises(ActionNotAllowed):
                professional_password_reset(
                    professional=self.t.outsider, acting_user=user, domain="x"
                )
        self.assertFalse(tool_entries("password_reset").exists())

    def test_the_screen_previews_then_sends(self):
        url = reverse("helpdesk_tools:password_reset", args=[self.t.worker.pk])
        self.client.force_login(self.t.coordinator)
        response = self.client.post(url, {})
        self.assertContains(response, self.t.worker.email)
        self.assertEqual(len(mail.outbox), 0)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"confirm": "1"})
        self.assertEqual(len(mail.outbox), 1)

    def test_technical_roles_and_other_areas_get_404(self):
        url = reverse("helpdesk_tools:password_reset", args=[self.t.worker.pk])
        for user in (self.t.teammate, self.stranger):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(
                    self.client.post(url, {"confirm": "1"}).status_code, 404
                )
        self.assertEqual(len(mail.outbox), 0)
