"""The EAIA expedient's cover (domain.md §3.7): opened by EAIA technicians and
coordinators only, Alta on creation, the priority's due date, "answer within 6
months", the DGAIA/SAIA report and the case synthesis; and who reads it
(owner, teammate, coordinator; another module's technician, another sector
and another area: 404)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.enums import Module
from casework.models import Expedient
from casework.modules.eaia.enums import EaiaPhase, EaiaPriority
from casework.modules.eaia.models import ChildProtectionCase
from casework.modules.eaia.services import (
    child_protection_cover_update,
    open_child_protection_expedient,
)
from casework.services.expedients import ActionNotAllowed
from casework.tabs import expedient_url

from .data import InEnglish, child, eaia_world


def fresh(case) -> ChildProtectionCase:
    return ChildProtectionCase.objects.get(pk=case.pk)


class OpeningTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_it_opens_in_alta_with_the_child_as_main_person(self):
        case = fresh(self.w.case)
        self.assertEqual(case.module, Module.EAIA)
        self.assertEqual(case.phase, EaiaPhase.REGISTERED)
        self.assertEqual(case.reference_professional, self.w.owner)
        self.assertEqual(case.sector, self.w.t.sector)
        self.assertEqual(case.links.get(is_main=True).person, self.w.child)
        self.assertEqual(case.priority, EaiaPriority.ORDINARY)

    def test_each_priority_gives_its_due_date(self):
        expected = {
            EaiaPriority.URGENT: date(2026, 2, 3),  # 72 hours
            EaiaPriority.PRIORITY: date(2026, 2, 15),  # 15 days
            EaiaPriority.PREFERENTIAL: date(2026, 4, 30),  # 3 months
            EaiaPriority.ORDINARY: date(2026, 7, 31),  # 6 months
        }
        for priority, due in expected.items():
            with self.subTest(priority):
                case = ChildProtectionCase(
                    priority=priority, priority_since=date(2026, 1, 31)
                )
                self.assertEqual(case.priority_due_on, due)

    def test_answer_within_six_months_gives_its_own_date(self):
        case = open_child_protection_expedient(
            by=self.w.owner,
            person=child(self.w.t, "Nil"),
            priority=EaiaPriority.URGENT,
            priority_since=date(2026, 1, 10),
            answer_within_six_months=True,
        )
        self.assertEqual(case.priority_due_on, date(2026, 1, 13))
        self.assertEqual(case.answer_due_on, date(2026, 7, 10))
        self.assertIsNone(fresh(self.w.case).answer_due_on)

    def test_a_coordinator_opens_one_and_other_roles_do_not(self):
        case = open_child_protection_expedient(
            by=self.w.t.coordinator,
            person=child(self.w.t, "Biel"),
            reference_professional=self.w.owner,
        )
        self.assertEqual(case.reference_professional, self.w.owner)
        for user in (self.w.t.worker, self.w.siad, self.w.t.administrative):
            with self.subTest(user=user.username), self.assertRaises(ActionNotAllowed):
                open_child_protection_expedient(by=user, person=child(self.w.t, "Jan"))

    def test_the_reference_professional_works_eaia(self):
        with self.assertRaises(ValidationError) as caught:
            open_child_protection_expedient(
                by=self.w.owner,
                person=child(self.w.t, "Aina"),
                reference_professional=self.w.t.worker,
            )
        self.assertIn("reference_professional", caught.exception.error_dict)

    def test_report_and_synthesis_dates_in_order_with_an_author(self):
        bad = {
            "report_resolved_on": {
                "report_prepared_on": date(2026, 3, 1),
                "report_resolved_on": date(2026, 2, 1),
            },
            "report_prepared_on": {"report_resolved_on": date(2026, 2, 1)},
            "synthesis_author": {"synthesis_generated_on": date(2026, 2, 1)},
            "synthesis_generated_on": {"synthesis_resolved_on": date(2026, 2, 1)},
            "synthesis_resolved_on": {
                "synthesis_generated_on": date(2026, 3, 1),
                "synthesis_resolved_on": date(2026, 2, 1),
                "synthesis_author": self.w.owner,
            },
        }
        for field, values in bad.items():
            with self.subTest(field):
                case = fresh(self.w.case)
                with self.assertRaises(ValidationError) as caught:
                    child_protection_cover_update(by=self.w.owner, case=case, **values)
                self.assertIn(field, caught.exception.error_dict)

    def test_the_cover_is_changed_by_its_eaia_professionals(self):
        child_protection_cover_update(
            by=self.w.eaia_mate,
            case=fresh(self.w.case),
            report_prepared_on=date(2026, 1, 5),
            synthesis_generated_on=date(2026, 1, 20),
            synthesis_author=self.w.owner,
        )
        case = fresh(self.w.case)
        self.assertEqual(case.report_prepared_on, date(2026, 1, 5))
        self.assertEqual(case.synthesis_author, self.w.owner)
        for user in (self.w.siad, self.w.t.worker, self.w.eaia_elsewhere):
            with self.subTest(user=user.username), self.assertRaises(ActionNotAllowed):
                child_protection_cover_update(
                    by=user, case=fresh(self.w.case), case_origin="X"
                )

    def test_the_phase_is_not_a_cover_field(self):
        with self.assertRaises(ValidationError):
            child_protection_cover_update(
                by=self.w.owner, case=fresh(self.w.case), phase=EaiaPhase.OPEN
            )


class ScopeTests(InEnglish, TestCase):
    """Module scope: EAIA technicians of its territory and the coordinator."""

    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        w = cls.w
        cls.readers = {
            "owner": w.owner,
            "EAIA teammate": w.eaia_mate,
            "coordinator": w.t.coordinator,
        }
        cls.blind = {
            "SIAD technician of the same team": w.siad,
            "SSB technician of the same team": w.t.worker,
            "administrative officer of the same team": w.t.administrative,
            "EAIA technician of another sector": w.eaia_elsewhere,
            "coordinator of another area": w.foreign,
        }

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_readers_see_it_and_nobody_else(self):
        for label, user in self.readers.items():
            with self.subTest(label):
                self.assertTrue(
                    Expedient.objects.visible_to(user).filter(pk=self.w.case.pk)
                )
                self.assertEqual(
                    self.get(user, expedient_url(self.w.case.pk)).status_code, 200
                )
        for label, user in self.blind.items():
            with self.subTest(label):
                self.assertFalse(
                    Expedient.objects.visible_to(user).filter(pk=self.w.case.pk)
                )
                self.assertEqual(
                    self.get(user, expedient_url(self.w.case.pk)).status_code, 404
                )

    def test_the_cover_edit_screen_answers_404_outside_scope(self):
        url = reverse("casework_eaia_expedients:edit", args=[self.w.case.pk])
        self.assertEqual(self.get(self.w.owner, url).status_code, 200)
        for label in (
            "SIAD technician of the same team",
            "coordinator of another area",
        ):
            with self.subTest(label):
                self.assertEqual(self.get(self.blind[label], url).status_code, 404)

    def test_the_listing_lists_only_what_the_user_reads(self):
        url = reverse("casework_eaia_expedients:index")
        response = self.get(self.w.owner, url)
        self.assertContains(response, self.w.case.number)
        response = self.get(self.w.eaia_elsewhere, url)
        self.assertNotContains(response, self.w.case.number)


class CoverScreenTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_opening_from_the_child_creates_it_in_alta(self):
        kid = child(self.w.t, "Martina")
        self.client.force_login(self.w.owner)
        url = f"{reverse('casework_eaia_expedients:add')}?person={kid.pk}"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url,
            {
                "main_person": kid.pk,
                "sector": self.w.t.sector.pk,
                "reference_professional": self.w.owner.pk,
                "priority": EaiaPriority.PRIORITY,
                "priority_since": "15/01/2026",
                "case_origin": "EAIA del Vallès",
            },
        )
        case = ChildProtectionCase.objects.get(links__person=kid)
        self.assertRedirects(
            response, expedient_url(case.pk), fetch_redirect_response=False
        )
        self.assertEqual(case.phase, EaiaPhase.REGISTERED)
        self.assertEqual(case.priority_due_on, date(2026, 1, 30))
        self.assertEqual(case.case_origin, "EAIA del Vallès")

    def test_the_cover_tab_shows_the_due_date(self):
        child_protection_cover_update(
            by=self.w.owner,
            case=fresh(self.w.case),
            priority=EaiaPriority.PREFERENTIAL,
            priority_since=date(2026, 1, 31),
        )
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertContains(response, "Preferential (3 months)")
        self.assertContains(response, "30/04/2026")

    def test_the_add_screen_warns_of_the_childs_open_eaia_expedient(self):
        self.client.force_login(self.w.owner)
        url = f"{reverse('casework_eaia_expedients:add')}?person={self.w.child.pk}"
        response = self.client.get(url)
        self.assertContains(response, "This child already has an open EAIA expedient")
        self.assertContains(response, expedient_url(self.w.case.pk))

    def test_other_roles_may_not_open_the_add_screen(self):
        kid = child(self.w.t, "Iu")
        url = f"{reverse('casework_eaia_expedients:add')}?person={kid.pk}"
        for user in (self.w.t.worker, self.w.siad):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertNotEqual(response.status_code, 200)


class CloseTests(InEnglish, TestCase):
    """Its EAIA technicians and coordinators close it (the module's close
    right); another module's technician gets 404; reopening is the
    coordinator's."""

    @classmethod
    def setUpTestData(cls):
        from configuration.models import ClosingReason

        cls.w = eaia_world()
        cls.reason = ClosingReason.objects.create(code="8", name="Resolt")

    def close(self, user):
        self.client.force_login(user)
        return self.client.post(
            reverse("casework_expedient_close", args=[self.w.case.pk]),
            {"reason": self.reason.pk, "on": date.today().strftime("%d/%m/%Y")},
        )

    def test_another_modules_technician_gets_404(self):
        self.assertEqual(self.close(self.w.siad).status_code, 404)
        self.assertTrue(fresh(self.w.case).is_open)

    def test_its_technician_closes_it_and_the_coordinator_reopens_it(self):
        self.assertEqual(self.close(self.w.owner).status_code, 302)
        self.assertFalse(fresh(self.w.case).is_open)
        from casework.modules import get_module

        module = get_module("eaia")
        self.assertFalse(module.may_reopen(self.w.owner))
        self.assertTrue(module.may_reopen(self.w.t.coordinator))
