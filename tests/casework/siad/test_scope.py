"""Who reads a women's service expedient (domain.md §2.4, §3.5): the SIAD
professionals named on it and the coordinator of their team; a SIAD technician
of the territory only by break-glass; a basic social services worker following
the woman, another sector's SIAD technician and another area never (404)."""

from django.test import TestCase
from django.urls import reverse

from casework.enums import BreakGlassReason
from casework.models import Expedient, SiadActuacio
from casework.modules.siad.scope import (
    siad_cases_for_break_glass,
    visible_siad_actuacions,
    visible_siad_cases,
    visible_siad_sessions,
    visible_siad_training,
)
from casework.modules.siad.services import (
    siad_actuacio_create,
    siad_session_record,
    siad_training_assign,
)
from casework.panels import traceability_rows
from casework.services.break_glass import break_glass_open
from configuration import roles
from tests.factories import professional

from .data import siad_world, training_resource


class SiadScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        w = cls.w
        cls.actuacio = siad_actuacio_create(
            by=w.owner, expedient=w.case, topic="Primera acollida"
        )
        cls.assignment = siad_training_assign(
            by=w.owner,
            expedient=w.case,
            resource=training_resource(w.t.area),
        )
        cls.session = siad_session_record(
            by=w.owner,
            assignment=cls.assignment,
            on=cls.assignment.assigned_on,
            attended=True,
        )
        cls.readers = {"owner": w.owner, "coordinator": w.t.coordinator}
        cls.blind = {
            "SIAD technician of the same team, not named": w.siad_mate,
            "SSB worker following the woman": w.t.worker,
            "SIAD technician of another sector": w.siad_elsewhere,
            "SSB worker of another sector": w.t.outsider,
            "administrative officer": w.t.administrative,
            "coordinator of another area": w.foreign,
        }

    def test_the_expedient_is_confidential_and_of_the_siad_module(self):
        self.assertTrue(self.w.case.confidential)
        self.assertEqual(self.w.case.module, "siad")
        self.assertEqual(self.w.case.reference_professional, self.w.owner)

    def test_the_named_professional_and_the_teams_coordinator_read_it(self):
        for label, user in self.readers.items():
            with self.subTest(label):
                self.assertEqual(list(visible_siad_cases(user)), [self.w.case])
                self.assertTrue(
                    Expedient.objects.visible_to(user).filter(pk=self.w.case.pk)
                )

    def test_nobody_else_reads_it(self):
        for label, user in self.blind.items():
            with self.subTest(label):
                self.assertFalse(visible_siad_cases(user).exists())
                self.assertFalse(
                    Expedient.objects.visible_to(user).filter(pk=self.w.case.pk)
                )

    def test_what_is_recorded_in_it_follows_the_expedient(self):
        listings = (
            (visible_siad_actuacions, self.actuacio),
            (visible_siad_training, self.assignment),
            (visible_siad_sessions, self.session),
        )
        for listing, row in listings:
            for user in self.readers.values():
                self.assertEqual(list(listing(user)), [row], listing.__name__)
            for label, user in self.blind.items():
                self.assertFalse(listing(user).exists(), f"{listing.__name__}: {label}")

    def test_a_coordinator_of_another_team_does_not_read_it(self):
        coordinator = professional(roles.COORDINADOR, area=self.w.t.area)
        coordinator.teams.add(self.w.t.other_team)
        self.assertFalse(visible_siad_cases(coordinator).exists())
        self.assertFalse(siad_cases_for_break_glass(coordinator).exists())

    def test_a_co_reference_professional_reads_it(self):
        case = self.w.case
        case.co_reference_professional = self.w.siad_mate
        case.save()
        self.assertEqual(list(visible_siad_cases(self.w.siad_mate)), [case])

    def test_only_a_siad_technician_of_the_territory_may_break_the_glass(self):
        self.assertEqual(
            list(siad_cases_for_break_glass(self.w.siad_mate)), [self.w.case]
        )
        for user in (self.w.t.worker, self.w.siad_elsewhere, self.w.foreign):
            self.assertFalse(siad_cases_for_break_glass(user).exists())
        for user in self.readers.values():
            self.assertFalse(siad_cases_for_break_glass(user).exists())

    def test_break_glass_opens_it_for_a_while_to_that_technician_only(self):
        break_glass_open(
            expedient=self.w.case,
            acting_user=self.w.siad_mate,
            reason=BreakGlassReason.COVERING,
            text="Substitueixo la referent aquesta setmana.",
        )
        self.assertEqual(list(visible_siad_cases(self.w.siad_mate)), [self.w.case])
        self.assertEqual(
            list(visible_siad_actuacions(self.w.siad_mate)), [self.actuacio]
        )
        self.assertFalse(visible_siad_cases(self.w.t.worker).exists())

    def test_the_traceability_tab_lists_it_only_for_its_readers(self):
        for user in self.readers.values():
            numbers = [
                r["expedient"].number for r in traceability_rows(self.w.woman, user)
            ]
            self.assertIn(self.w.case.number, numbers)
        for label, user in self.blind.items():
            numbers = [
                r["expedient"].number for r in traceability_rows(self.w.woman, user)
            ]
            self.assertNotIn(self.w.case.number, numbers, label)

    def test_the_expedient_screen_answers_404_outside_scope(self):
        url = reverse("casework_expedient", args=[self.w.case.pk])
        for label, user in self.blind.items():
            if user is self.w.siad_mate:
                continue
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404, label)

    def test_the_expedient_screen_offers_break_glass_to_the_teammate(self):
        self.client.force_login(self.w.siad_mate)
        url = reverse("casework_expedient", args=[self.w.case.pk])
        response = self.client.get(url)
        self.assertRedirects(
            response,
            reverse("casework_expedient_break_glass", args=[self.w.case.pk]),
            fetch_redirect_response=False,
        )

    def test_deleted_actuacions_leave_every_listing(self):
        SiadActuacio.all_objects.filter(pk=self.actuacio.pk).update(
            deleted_at=self.actuacio.created_at
        )
        self.assertFalse(visible_siad_actuacions(self.w.owner).exists())
