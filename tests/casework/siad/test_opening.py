"""Opening a women's service expedient: who may, what it shares with every
expedient (numbering, territory, the opening actuació, the audit trail), and
each refusal."""

from datetime import date

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from casework.enums import ActuacioOrigin, AutomaticEvent, Module
from casework.models import Actuacio, LinkedPerson, WomensServiceCase
from casework.modules.siad.permissions import user_can_open_siad
from casework.modules.siad.services import open_womens_service_expedient
from casework.services.expedients import ActionNotAllowed
from configuration import roles
from tests.factories import AreaFactory, SectorFactory, TeamFactory, professional
from tests.factories.casework import basic_case, outsider_person, resident, territory

from .data import InEnglish, member


class OpeningTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.siad = member(cls.t, roles.TECNIC_SIAD, cls.t.team)
        cls.woman = resident(cls.t, first_name="Núria", surname1="Pons")

    def open(self, **kwargs):
        values = {"by": self.siad, "person": self.woman, **kwargs}
        return open_womens_service_expedient(**values)

    def test_a_siad_technician_opens_one_and_is_its_reference(self):
        case = self.open()
        self.assertIsInstance(case, WomensServiceCase)
        self.assertEqual(case.module, Module.SIAD)
        self.assertTrue(case.confidential)
        self.assertEqual(case.reference_professional, self.siad)
        self.assertEqual(case.created_by, self.siad)
        self.assertEqual(case.area, self.t.area)
        main = LinkedPerson.objects.get(expedient=case)
        self.assertEqual((main.person, main.is_main), (self.woman, True))

    def test_it_shares_the_areas_numbering_with_every_module(self):
        ssb = basic_case(self.t, self.woman)
        case = self.open()
        year = date.today().year
        self.assertEqual(ssb.number, f"{year}/00001")
        self.assertEqual(case.number, f"{year}/00002")

    def test_the_sector_is_the_one_of_the_womans_municipality(self):
        self.assertEqual(self.open().sector, self.t.sector)

    def test_another_sector_and_a_reference_team_may_be_chosen(self):
        case = self.open(sector=self.t.other_sector, reference_team=self.t.team)
        self.assertEqual(case.sector, self.t.other_sector)
        self.assertEqual(case.reference_team, self.t.team)

    def test_it_writes_the_opening_actuacio_and_the_audit_entry(self):
        with set_actor(self.siad):
            case = self.open()
        opening = Actuacio.objects.get(expedient=case)
        self.assertEqual(opening.origin, ActuacioOrigin.AUTOMATIC)
        self.assertEqual(opening.event, AutomaticEvent.OPENED)
        entry = LogEntry.objects.get_for_object(case).get()
        self.assertEqual(entry.action, LogEntry.Action.CREATE)
        self.assertEqual(entry.actor, self.siad)

    def test_a_coordinator_opens_one_for_a_siad_technician(self):
        case = self.open(by=self.t.coordinator, reference_professional=self.siad)
        self.assertEqual(case.reference_professional, self.siad)
        self.assertEqual(case.created_by, self.t.coordinator)

    def test_other_roles_are_refused_with_a_sentence(self):
        for role in (
            roles.TECNIC,
            roles.AUXILIAR,
            roles.ADMINISTRATIU,
            roles.GESTOR_SAD,
            roles.TECNIC_EAIA,
            roles.ADMINISTRADOR,
        ):
            user = member(self.t, role, self.t.team)
            with self.subTest(role.key), self.assertRaises(ActionNotAllowed) as raised:
                self.open(by=user)
            self.assertIn("SIAD technician or a coordinator", str(raised.exception))
        self.assertFalse(WomensServiceCase.objects.exists())

    def test_the_refusal_reads_in_catalan(self):
        with translation.override("ca"), self.assertRaises(ActionNotAllowed) as raised:
            self.open(by=self.t.worker)
        self.assertEqual(
            str(raised.exception),
            "Només un tècnic o tècnica SIAD o un coordinador o coordinadora poden "
            "obrir un expedient SIAD.",
        )

    def test_the_permission_predicate_gives_the_reason(self):
        allowed, reason = user_can_open_siad(self.t.worker)
        self.assertFalse(allowed)
        self.assertIn("SIAD technician", reason)
        self.assertEqual(user_can_open_siad(self.siad), (True, ""))
        self.siad.is_active = False
        self.assertFalse(user_can_open_siad(self.siad)[0])

    def test_the_reference_professional_must_work_siad_in_the_area(self):
        strangers = (
            self.t.worker,  # an SSB technician
            professional(roles.TECNIC_SIAD, area=AreaFactory()),  # another area
        )
        for stranger in strangers:
            with self.assertRaises(ValidationError) as raised:
                self.open(reference_professional=stranger)
            self.assertIn("reference_professional", raised.exception.message_dict)
        with self.assertRaises(ValidationError) as raised:
            self.open(co_reference_professional=self.t.worker)
        self.assertIn("co_reference_professional", raised.exception.message_dict)

    def test_an_inactive_reference_professional_is_refused(self):
        mate = member(self.t, roles.TECNIC_SIAD, self.t.team)
        mate.is_active = False
        mate.save()
        with self.assertRaises(ValidationError):
            self.open(reference_professional=mate)

    def test_the_same_professional_cannot_be_reference_and_co_reference(self):
        with self.assertRaises(ValidationError) as raised:
            self.open(co_reference_professional=self.siad)
        self.assertIn("co_reference_professional", raised.exception.message_dict)

    def test_a_woman_living_outside_the_area_needs_a_chosen_sector(self):
        away = outsider_person(self.t, first_name="Marta")
        with self.assertRaises(ValidationError) as raised:
            self.open(person=away)
        self.assertIn("sector", raised.exception.message_dict)
        self.assertIn("Marta", str(raised.exception))
        case = self.open(person=away, sector=self.t.sector)
        self.assertEqual(case.sector, self.t.sector)

    def test_another_areas_sector_team_or_person_is_refused(self):
        other = territory()
        for kwargs, field in (
            ({"sector": SectorFactory(area=other.area)}, "sector"),
            ({"reference_team": TeamFactory(area=other.area)}, "reference_team"),
        ):
            with self.assertRaises(ValidationError) as raised:
                self.open(**kwargs)
            self.assertIn(field, raised.exception.message_dict)
        with self.assertRaisesMessage(ValidationError, "another area"):
            self.open(person=resident(other), sector=self.t.sector)
        self.assertFalse(WomensServiceCase.objects.exists())

    def test_a_women_service_expedient_is_always_confidential(self):
        case = self.open()
        case.confidential = False
        with self.assertRaises(ValidationError) as raised:
            case.full_clean()
        self.assertIn("confidential", raised.exception.message_dict)
