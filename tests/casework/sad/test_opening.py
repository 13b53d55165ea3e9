"""Opening a home-care expedient: the pre-assigned resource 1.1.2.1 in the
person's open SSB expedient, one open at a time, what it shares with the SSB
expedient and the automatic information gathering (domain.md §3.4, §4.2)."""

from datetime import date

from django.core.exceptions import ValidationError

from casework.enums import AutomaticEvent, Module
from casework.models import Actuacio, HomeCareCase, HomeCareEvent, Resource
from casework.modules.sad.enums import HomeCareEventKind, HomeCareEventStatus
from casework.modules.sad.services import open_home_care_expedient
from casework.services.expedients import ActionNotAllowed, expedient_close
from configuration import roles
from configuration.enums import ExpedientState, ResourceState
from tests.factories import BenefitFactory, professional
from tests.factories.casework import basic_case, resident

from .world import SadTestCase, member, open_case, pre_assign, world


class OpeningTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def test_it_opens_from_the_ssb_expedient_sharing_its_territory(self):
        case = open_case(self.w)
        ssb = self.w.ssb
        self.assertEqual(case.module, Module.SAD)
        self.assertEqual(case.origin_id, ssb.pk)
        self.assertEqual(case.origin_resource_id, self.w.resource.pk)
        self.assertEqual(
            (case.area_id, case.sector_id, case.reference_professional_id),
            (ssb.area_id, ssb.sector_id, ssb.reference_professional_id),
        )
        self.assertEqual(case.state, ExpedientState.OPEN)
        self.assertEqual(list(case.persons.all()), [self.w.person])

    def test_it_shares_the_area_numbering(self):
        case = open_case(self.w)
        year = date.today().year
        self.assertEqual(self.w.ssb.number, f"{year}/00001")
        self.assertEqual(case.number, f"{year}/00002")

    def test_it_records_the_approved_information_gathering_in_force(self):
        case = open_case(self.w)
        event = HomeCareEvent.objects.get(case=case)
        self.assertEqual(event.kind, HomeCareEventKind.INFORMATION)
        self.assertEqual(event.status, HomeCareEventStatus.APPROVED)
        self.assertEqual(event.date, date.today())
        self.assertEqual(event.decided_by, self.w.t.worker)
        self.assertEqual(HomeCareCase.objects.get(pk=case.pk).event_in_force, event)
        self.assertTrue(
            Actuacio.objects.filter(expedient=case, event=AutomaticEvent.OPENED)
        )

    def test_another_reference_professional_may_be_given(self):
        case = open_home_care_expedient(
            by=self.w.t.worker,
            person=self.w.person,
            reference_professional=self.w.t.teammate,
        )
        self.assertEqual(case.reference_professional, self.w.t.teammate)

    def test_a_second_open_home_care_expedient_is_refused(self):
        first = open_case(self.w)
        with self.assertRaisesMessage(ValidationError, first.number):
            open_case(self.w)
        self.assertEqual(HomeCareCase.objects.count(), 1)

    def test_a_new_one_may_open_once_the_previous_is_closed(self):
        from configuration.models import ClosingReason

        first = open_case(self.w)
        expedient_close(
            case=first,
            reason=ClosingReason.objects.get(code="4"),
            acting_user=self.w.t.coordinator,
        )
        self.assertNotEqual(open_case(self.w).pk, first.pk)

    def test_the_sad_manager_opens_one_where_they_see_the_ssb_expedient(self):
        case = open_case(self.w, by=self.w.manager)
        self.assertEqual(case.created_by, self.w.manager)


class OpeningPrerequisiteTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def assert_refused_naming(self, *texts, person=None):
        with self.assertRaises(ValidationError) as refused:
            open_home_care_expedient(by=self.w.t.worker, person=person or self.w.person)
        message = " ".join(refused.exception.messages)
        for text in texts:
            self.assertIn(text, message)
        self.assertFalse(HomeCareCase.objects.exists())

    def set_state(self, state):
        Resource.objects.filter(pk=self.w.resource.pk).update(state=state)

    def test_a_granted_resource_is_not_enough(self):
        self.set_state(ResourceState.GRANTED)
        self.assert_refused_naming(
            "1.1.2.1 Servei d'ajuda a domicili", self.w.ssb.number
        )

    def test_a_denied_or_withdrawn_resource_is_not_enough(self):
        for state in (ResourceState.DENIED, ResourceState.WITHDRAWN):
            self.set_state(state)
            self.assert_refused_naming("1.1.2.1", self.w.ssb.number)

    def test_another_pre_assigned_benefit_is_not_enough(self):
        self.set_state(ResourceState.GRANTED)
        pre_assign(self.w.t, self.w.ssb, self.w.person, BenefitFactory())
        self.assert_refused_naming("1.1.2.1", self.w.ssb.number)

    def test_a_person_without_an_open_ssb_expedient_is_refused(self):
        person = resident(self.w.t, first_name="Marta")
        self.assert_refused_naming("Marta", "1.1.2.1", person=person)

    def test_a_closed_ssb_expedient_does_not_count(self):
        from configuration.models import ClosingReason

        expedient_close(
            case=self.w.ssb,
            reason=ClosingReason.objects.get(code="4"),
            acting_user=self.w.t.worker,
        )
        self.assert_refused_naming("no open basic social services expedient")

    def test_the_expedient_holding_the_resource_is_chosen(self):
        second = basic_case(self.w.t, self.w.person)
        self.set_state(ResourceState.GRANTED)
        resource = pre_assign(self.w.t, second, self.w.person)
        case = open_home_care_expedient(by=self.w.t.worker, person=self.w.person)
        self.assertEqual(case.origin_id, second.pk)
        self.assertEqual(case.origin_resource_id, resource.pk)

    def test_a_named_ssb_expedient_without_the_resource_is_refused(self):
        second = basic_case(self.w.t, self.w.person)
        with self.assertRaisesMessage(ValidationError, second.number):
            open_home_care_expedient(
                by=self.w.t.worker, person=self.w.person, ssb_expedient=second
            )

    def test_a_deleted_resource_does_not_count(self):
        from django.utils import timezone

        Resource.objects.filter(pk=self.w.resource.pk).update(deleted_at=timezone.now())
        self.assert_refused_naming("1.1.2.1")


class OpeningRightsTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()

    def test_administrative_roles_do_not_open_one(self):
        with self.assertRaises(ActionNotAllowed):
            open_case(self.w, by=self.w.t.administrative)

    def test_a_technician_of_another_sector_does_not_see_the_ssb_expedient(self):
        with self.assertRaisesMessage(ValidationError, "no open basic social"):
            open_case(self.w, by=self.w.t.outsider)

    def test_another_areas_manager_does_not_open_one(self):
        other = world()
        with self.assertRaises(ValidationError):
            open_case(self.w, by=other.manager)

    def test_a_family_worker_only_reads(self):
        family_worker = member(roles.TREBALLADOR_FAMILIAR, self.w.t)
        with self.assertRaises(ActionNotAllowed):
            open_case(self.w, by=family_worker)

    def test_a_siad_technician_does_not_open_one(self):
        siad = professional(roles.TECNIC_SIAD, area=self.w.t.area)
        with self.assertRaises(ActionNotAllowed):
            open_case(self.w, by=siad)
