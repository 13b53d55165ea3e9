"""The immigration expedient (domain.md §3.6): opened by immigration
technicians and coordinators; the reception process starts at opening
(editable, never in the future) and ends exactly two years later, after which
it shows as expired and the expedient stays usable; module scope by persona."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.models import Expedient, ImmigrationCase
from casework.modules import get_module, modules_openable_by
from casework.modules.immigration.listings import expired_q
from casework.modules.immigration.models import process_end_of
from casework.modules.immigration.scope import visible_immigration_cases
from casework.modules.immigration.services import (
    immigration_actuacio_create,
    immigration_cover_update,
    open_immigration_expedient,
)
from casework.panels import new_expedient_links
from casework.services.expedients import ActionNotAllowed
from casework.tabs import expedient_url
from configuration.models import Country, MotherTongue
from directory.models import PersonExtended
from tests.factories.casework import resident

from .data import InEnglish, immigration_world


def open_url(person) -> str:
    return f"{reverse('casework_immigration_add')}?person={person.pk}"


class ProcessTermTests(TestCase):
    def test_the_end_is_exactly_two_years_after_the_start(self):
        self.assertEqual(process_end_of(date(2024, 3, 15)), date(2026, 3, 15))
        self.assertEqual(process_end_of(date(2025, 12, 31)), date(2027, 12, 31))
        # A process started on 29 February ends on the last day of February.
        self.assertEqual(process_end_of(date(2024, 2, 29)), date(2026, 2, 28))

    def test_expired_only_after_the_end_day(self):
        case = ImmigrationCase(process_start=date(2024, 3, 15))
        self.assertEqual(case.process_end, date(2026, 3, 15))
        self.assertFalse(case.process_expired(date(2026, 3, 14)))
        self.assertFalse(case.process_expired(date(2026, 3, 15)))
        self.assertTrue(case.process_expired(date(2026, 3, 16)))


class OpeningTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def test_opened_with_the_process_starting_today(self):
        case = self.w.case
        self.assertEqual(case.module, "immigration")
        self.assertFalse(case.confidential)
        self.assertEqual(case.process_start, date.today())
        self.assertEqual(case.process_end, process_end_of(date.today()))
        self.assertEqual(case.reference_professional, self.w.owner)
        self.assertEqual(case.sector, self.w.t.sector)

    def test_an_earlier_start_is_kept_and_a_future_one_refused(self):
        person = resident(self.w.t, first_name="Omar")
        start = date.today() - timedelta(days=40)
        case = open_immigration_expedient(
            by=self.w.owner, person=person, process_start=start
        )
        self.assertEqual(case.process_start, start)
        with self.assertRaises(ValidationError) as caught:
            open_immigration_expedient(
                by=self.w.owner,
                person=resident(self.w.t, first_name="Ali"),
                process_start=date.today() + timedelta(days=1),
            )
        self.assertIn("process_start", caught.exception.error_dict)

    def test_only_immigration_technicians_and_coordinators_open_it(self):
        for user in (self.w.owner, self.w.t.coordinator):
            self.assertIn("immigration", [m.key for m in modules_openable_by(user)])
        for user in (self.w.siad, self.w.t.worker, self.w.t.administrative):
            with self.subTest(user=str(user)):
                self.assertNotIn(
                    "immigration", [m.key for m in modules_openable_by(user)]
                )
                with self.assertRaises(ActionNotAllowed):
                    open_immigration_expedient(by=user, person=self.w.person)
        links = new_expedient_links(self.w.person, self.w.owner)
        self.assertIn(open_url(self.w.person), [link["url"] for link in links])

    def test_the_reference_professional_must_work_immigration(self):
        with self.assertRaises(ValidationError) as caught:
            open_immigration_expedient(
                by=self.w.owner,
                person=resident(self.w.t, first_name="Nadia"),
                reference_professional=self.w.siad,
            )
        self.assertIn("reference_professional", caught.exception.error_dict)

    def test_the_start_date_changes_and_the_end_follows(self):
        start = date.today() - timedelta(days=800)
        case = immigration_cover_update(
            by=self.w.owner, case=self.w.case, process_start=start
        )
        case.refresh_from_db()
        self.assertEqual(case.process_start, start)
        self.assertEqual(case.process_end, process_end_of(start))
        self.assertTrue(case.process_expired())
        with self.assertRaises(ActionNotAllowed):
            immigration_cover_update(
                by=self.w.siad, case=self.w.case, process_start=start
            )


class ExpiredButUsableTests(InEnglish, TestCase):
    """Two years and a day after its start the term shows as expired, and the
    expedient still records actuacions and opens its screens."""

    @classmethod
    def setUpTestData(cls):
        start = date.today() - timedelta(days=800)
        cls.w = immigration_world(process_start=start)

    def test_the_cover_shows_the_end_date_as_expired(self):
        self.assertTrue(self.w.case.process_expired())
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertContains(response, "data-expired")
        self.assertContains(response, "Expired")

    def test_a_running_term_is_not_shown_expired(self):
        immigration_cover_update(
            by=self.w.owner, case=self.w.case, process_start=date.today()
        )
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertNotContains(response, "data-expired")

    def test_the_expedient_stays_usable(self):
        actuacio = immigration_actuacio_create(
            by=self.w.owner, expedient=self.w.case, topic="Seguiment"
        )
        self.assertEqual(actuacio.expedient_id, self.w.case.pk)
        self.assertTrue(Expedient.objects.get(pk=self.w.case.pk).is_open)

    def test_the_listing_filter_finds_expired_terms(self):
        other = open_immigration_expedient(
            by=self.w.owner, person=resident(self.w.t, first_name="Joy")
        )
        expired = set(ImmigrationCase.objects.filter(expired_q()))
        self.assertIn(self.w.case, expired)
        self.assertNotIn(other, expired)
        # On the last day of its term it is not expired yet.
        end = self.w.case.process_end
        self.assertIn(self.w.case, ImmigrationCase.objects.exclude(expired_q(end)))
        self.assertIn(
            self.w.case,
            ImmigrationCase.objects.filter(expired_q(end + timedelta(days=1))),
        )


class PersonRecordFieldsTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.country = Country.objects.create(code="SN", name="Senegal")
        cls.tongue = MotherTongue.objects.create(code="WO", name="Wòlof")
        cls.w.person.birth_country = cls.country
        cls.w.person.save()
        PersonExtended.objects.create(person=cls.w.person, mother_tongue=cls.tongue)

    def test_country_of_birth_and_mother_tongue_come_from_the_record(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertContains(response, "Senegal")
        self.assertContains(response, "Wòlof")
        # Read, never copied: a correction on the record shows at once.
        self.w.person.birth_country = None
        self.w.person.save()
        response = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertNotContains(response, "Senegal")


class ScopeTests(InEnglish, TestCase):
    """Owner, teammate and coordinator read it; another module's technician
    (SIAD), another sector's immigration technician and another area: 404."""

    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        w = cls.w
        cls.actuacio = immigration_actuacio_create(
            by=w.owner, expedient=w.case, topic="Primera acollida"
        )
        cls.readers = {
            "owner": w.owner,
            "immigration teammate": w.mate,
            "coordinator": w.t.coordinator,
        }
        cls.blind = {
            "other module's technician (SIAD)": w.siad,
            "SSB technician of the same team": w.t.worker,
            "immigration technician of another sector": w.elsewhere,
            "other area": w.foreign,
        }

    def urls(self) -> dict:
        pk = self.w.case.pk
        return {
            "cover": expedient_url(pk, "cover"),
            "actuacions tab": expedient_url(pk, "immigration_actuacions"),
            "tràmits tab": expedient_url(pk, "tramits"),
            "cover edit": reverse("casework_immigration_edit", args=[pk]),
            "actuació": reverse(
                "casework_immigration_actuacions:inspect", args=[self.actuacio.pk]
            ),
            "actuació edit": reverse(
                "casework_immigration_actuacions:edit", args=[self.actuacio.pk]
            ),
        }

    def test_readers_see_it_and_reach_every_screen(self):
        for label, user in self.readers.items():
            with self.subTest(label):
                self.assertEqual(list(visible_immigration_cases(user)), [self.w.case])
                self.client.force_login(user)
                for name, url in self.urls().items():
                    with self.subTest(screen=name):
                        self.assertEqual(self.client.get(url).status_code, 200)

    def test_everyone_else_gets_404(self):
        for label, user in self.blind.items():
            with self.subTest(label):
                self.assertFalse(visible_immigration_cases(user).exists())
                self.client.force_login(user)
                for name, url in self.urls().items():
                    with self.subTest(screen=name):
                        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_module_declares_its_scope_rights(self):
        module = get_module("immigration")
        self.assertTrue(module.may_read(self.w.owner))
        self.assertTrue(module.may_read(self.w.t.coordinator))
        self.assertFalse(module.may_read(self.w.siad))
        self.assertFalse(module.may_read(self.w.t.worker))


class OpeningScreenTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def test_the_technician_opens_it_from_the_traceability_tab(self):
        person = resident(self.w.t, first_name="Fatou")
        self.client.force_login(self.w.mate)
        start = date.today() - timedelta(days=10)
        response = self.client.post(
            open_url(person),
            {
                "reference_professional": self.w.mate.pk,
                "process_start": start.strftime("%d/%m/%Y"),
            },
        )
        case = ImmigrationCase.objects.get(links__person=person)
        self.assertRedirects(
            response, expedient_url(case.pk, "cover"), fetch_redirect_response=False
        )
        self.assertEqual(case.process_start, start)
        self.assertEqual(self.client.get(expedient_url(case.pk)).status_code, 200)

    def test_the_form_starts_the_process_today(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(open_url(self.w.person))
        self.assertEqual(
            response.context["form"]["process_start"].initial, date.today()
        )

    def test_a_future_start_comes_back_on_the_field(self):
        self.client.force_login(self.w.owner)
        future = date.today() + timedelta(days=3)
        response = self.client.post(
            open_url(resident(self.w.t, first_name="Ibou")),
            {
                "reference_professional": self.w.owner.pk,
                "process_start": future.strftime("%d/%m/%Y"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["process_start"])

    def test_other_roles_are_refused_and_other_areas_get_404(self):
        self.client.force_login(self.w.siad)
        response = self.client.post(
            open_url(self.w.person), {"reference_professional": self.w.owner.pk}
        )
        self.assertNotEqual(response.status_code, 200)
        self.client.force_login(self.w.foreign)
        self.assertEqual(self.client.get(open_url(self.w.person)).status_code, 404)
        self.assertEqual(ImmigrationCase.objects.count(), 1)

    def test_the_cover_edit_changes_the_start(self):
        self.client.force_login(self.w.owner)
        url = reverse("casework_immigration_edit", args=[self.w.case.pk])
        start = date.today() - timedelta(days=5)
        response = self.client.post(
            url,
            {
                "process_start": start.strftime("%d/%m/%Y"),
                "external_reference": "REF-1",
                "expected_version": self.w.case.version,
            },
        )
        self.assertRedirects(
            response,
            expedient_url(self.w.case.pk, "cover"),
            fetch_redirect_response=False,
        )
        self.w.case.refresh_from_db()
        self.assertEqual(self.w.case.process_start, start)
        self.assertEqual(self.w.case.external_reference, "REF-1")
