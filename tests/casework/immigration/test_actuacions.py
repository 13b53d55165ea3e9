"""Immigration actuacions (domain.md §3.6): every field recorded; topic
mandatory; responsible professional (the author unless changed) one who works
immigration in the area; the area's projects and courses only; the area's
edit deadline as for SSB actuacions; only in an immigration expedient, by its
immigration professionals. Their screens, and tràmits recorded there too."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.models import Actuacio, ImmigrationActuacio, Tramit
from casework.modules.immigration.enums import ImmigrationReferralSource
from casework.modules.immigration.services import (
    immigration_actuacio_create,
    immigration_actuacio_update,
)
from casework.services import tramit_create
from casework.services.expedients import ActionNotAllowed, expedient_close
from casework.tabs import expedient_url
from configuration.enums import TramitState
from configuration.models import (
    ActuacioType,
    AreaSettings,
    ClosingReason,
    ImmigrationProject,
)
from tests.factories import AreaFactory, TramitTypeFactory
from tests.factories.casework import basic_case

from .data import InEnglish, immigration_world

TAB = "immigration_actuacions"


def add_url(case) -> str:
    return f"{reverse('casework_immigration_actuacions:add')}?expedient={case.pk}"


def edit_url(actuacio) -> str:
    return reverse("casework_immigration_actuacions:edit", args=[actuacio.pk])


class ActuacioServiceTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.kind = ActuacioType.objects.create(code="E", name="Entrevista")

    def create(self, **values):
        values.setdefault("topic", "Primera acollida")
        return immigration_actuacio_create(
            by=self.w.owner, expedient=self.w.case, **values
        )

    def test_it_records_every_field(self):
        actuacio = self.create(
            date=date.today(),
            time=time(10, 30),
            hours=Decimal("1.50"),
            project=self.w.project,
            type=self.kind,
            course=self.w.course,
            itinerary_informed=True,
            referral_source=ImmigrationReferralSource.SOCIAL_SERVICES,
            text="Informada del servei d'acollida.",
        )
        actuacio.refresh_from_db()
        self.assertEqual(actuacio.time, time(10, 30))
        self.assertEqual(actuacio.hours, Decimal("1.50"))
        self.assertEqual(actuacio.project, self.w.project)
        self.assertEqual(actuacio.type, self.kind)
        self.assertEqual(actuacio.course, self.w.course)
        self.assertTrue(actuacio.itinerary_informed)
        self.assertEqual(
            actuacio.referral_source, ImmigrationReferralSource.SOCIAL_SERVICES
        )
        self.assertEqual(actuacio.responsible, self.w.owner)
        self.assertEqual(list(actuacio.related_persons.all()), [self.w.person])
        self.assertTrue(Actuacio.objects.filter(pk=actuacio.pk).exists())

    def test_the_topic_is_mandatory(self):
        for topic in ("", "   "):
            with self.subTest(topic=topic), self.assertRaises(ValidationError) as c:
                self.create(topic=topic)
            self.assertIn("topic", c.exception.error_dict)

    def test_the_responsible_works_immigration_in_the_area(self):
        self.assertEqual(self.create(responsible=self.w.mate).responsible, self.w.mate)
        for user in (self.w.siad, self.w.t.worker, self.w.foreign):
            with self.subTest(user=str(user)), self.assertRaises(ValidationError):
                self.create(responsible=user)

    def test_projects_and_courses_of_another_area_or_inactive_are_refused(self):
        foreign = ImmigrationProject.objects.create(
            area=AreaFactory(), code="X", name="D'una altra àrea"
        )
        with self.assertRaises(ValidationError) as caught:
            self.create(project=foreign)
        self.assertIn("project", caught.exception.error_dict)
        ImmigrationProject.objects.filter(pk=self.w.project.pk).update(is_active=False)
        self.w.project.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.create(project=self.w.project)

    def test_the_areas_edit_deadline_applies(self):
        AreaSettings.objects.update_or_create(
            area=self.w.t.area, defaults={"actuacio_edit_days": 5}
        )
        with self.assertRaises(ValidationError) as caught:
            self.create(date=date.today() - timedelta(days=6))
        self.assertIn("date", caught.exception.error_dict)
        actuacio = self.create(date=date.today() - timedelta(days=4))
        Actuacio.objects.filter(pk=actuacio.pk).update(
            date=date.today() - timedelta(days=30)
        )
        actuacio.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "read-only"):
            immigration_actuacio_update(
                by=self.w.owner, actuacio=actuacio, topic="Tard"
            )

    def test_it_changes_within_the_window_and_refuses_a_stale_save(self):
        actuacio = self.create()
        version = actuacio.version
        changed = immigration_actuacio_update(
            by=self.w.mate,
            actuacio=actuacio,
            expected_version=version,
            topic="Seguiment",
            course=self.w.course,
        )
        self.assertEqual(changed.topic, "Seguiment")
        stale = ImmigrationActuacio.objects.get(pk=actuacio.pk)
        with self.assertRaises(ValidationError):
            immigration_actuacio_update(
                by=self.w.owner, actuacio=stale, expected_version=version, topic="X"
            )

    def test_only_immigration_professionals_of_the_expedient_record(self):
        for user in (self.w.siad, self.w.t.worker, self.w.elsewhere, self.w.foreign):
            with self.subTest(user=str(user)), self.assertRaises(ActionNotAllowed):
                immigration_actuacio_create(
                    by=user, expedient=self.w.case, topic="Intent"
                )

    def test_only_in_an_immigration_expedient(self):
        other = basic_case(self.w.t, self.w.person)
        with self.assertRaises(ValidationError):
            immigration_actuacio_create(
                by=self.w.t.coordinator, expedient=other, topic="No"
            )

    def test_a_closed_expedient_takes_none(self):
        expedient_close(
            case=self.w.case,
            reason=ClosingReason.objects.create(code="F", name="Finalitzat"),
            acting_user=self.w.owner,
        )
        with self.assertRaises(ValidationError):
            self.create()


class ActuacioScreenTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.actuacio = immigration_actuacio_create(
            by=cls.w.owner, expedient=cls.w.case, topic="Primera acollida"
        )

    def data(self, **changes) -> dict:
        data = {
            "date": date.today().strftime("%d/%m/%Y"),
            "time": "09:15",
            "hours": "2",
            "project": self.w.project.pk,
            "type": "",
            "course": self.w.course.pk,
            "itinerary_informed": "on",
            "referral_source": ImmigrationReferralSource.OWN_INITIATIVE,
            "topic": "Inscripció al curs",
            "text": "",
            "responsible": self.w.owner.pk,
            "related_persons": [self.w.person.pk],
        }
        data.update(changes)
        return data

    def test_the_tab_lists_them_and_offers_the_add(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, TAB))
        self.assertContains(response, "Primera acollida")
        self.assertContains(response, add_url(self.w.case).replace("&", "&amp;"))

    def test_the_technician_adds_one_through_the_form(self):
        self.client.force_login(self.w.mate)
        response = self.client.post(add_url(self.w.case), self.data())
        self.assertEqual(response.status_code, 302, response.content[:2000])
        actuacio = ImmigrationActuacio.objects.get(topic="Inscripció al curs")
        self.assertEqual(actuacio.course, self.w.course)
        self.assertTrue(actuacio.itinerary_informed)

    def test_a_missing_topic_comes_back_on_the_form(self):
        self.client.force_login(self.w.owner)
        response = self.client.post(add_url(self.w.case), self.data(topic=""))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["topic"])

    def test_not_added_to_another_modules_expedient(self):
        other = basic_case(self.w.t, self.w.person)
        self.client.force_login(self.w.t.coordinator)
        self.assertEqual(self.client.get(add_url(other)).status_code, 404)

    def test_the_ssb_actuacions_screens_never_show_them(self):
        self.client.force_login(self.w.t.coordinator)
        url = reverse("casework_actuacions:edit", args=[self.actuacio.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class TramitsTests(InEnglish, TestCase):
    """Tràmits are recorded in the immigration expedient with the shared
    tràmit screens."""

    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.type = TramitTypeFactory()

    def test_the_technician_registers_a_tramit_there(self):
        self.client.force_login(self.w.owner)
        response = self.client.post(
            reverse("casework_tramits:add") + f"?expedient={self.w.case.pk}",
            {
                "type": self.type.pk,
                "scope": 7,
                "state": TramitState.PROCESSED,
                "processed_on": date.today().strftime("%d/%m/%Y"),
                "holder": self.w.person.pk,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        tramit = Tramit.objects.get(expedient=self.w.case)
        tab = self.client.get(expedient_url(self.w.case.pk, "tramits"))
        self.assertContains(tab, self.type.name)
        edit = reverse("casework_tramits:edit", args=[tramit.pk])
        for user, status in (
            (self.w.mate, 200),
            (self.w.t.coordinator, 200),
            (self.w.siad, 404),
            (self.w.foreign, 404),
        ):
            with self.subTest(user=str(user)):
                self.client.force_login(user)
                self.assertEqual(self.client.get(edit).status_code, status)

    def test_no_tramit_in_the_basic_social_services_expedients_they_read(self):
        ssb = basic_case(self.w.t, self.w.person)
        self.client.force_login(self.w.owner)
        url = reverse("casework_tramits:add") + f"?expedient={ssb.pk}"
        self.assertEqual(self.client.get(url).status_code, 302)
        self.assertFalse(self.w.owner.has_perm("casework.add_tramit"))
        tramit = tramit_create(
            tramit=Tramit(expedient=ssb, type=self.type, holder=self.w.person),
            acting_user=self.w.t.worker,
        )
        edit = reverse("casework_tramits:edit", args=[tramit.pk])
        self.assertNotEqual(self.client.get(edit).status_code, 200)
        # The tràmits listing still shows it to them (they read the expedient).
        listing = self.client.get(reverse("casework_tramits:index"))
        self.assertEqual(listing.status_code, 200)


class DeleteLinkTests(InEnglish, TestCase):
    """A coordinator's delete screen of an immigration actuació sends them to
    the tool with the actuació ticked (it is an actuació of the expedient)."""

    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.actuacio = immigration_actuacio_create(
            by=cls.w.owner, expedient=cls.w.case, topic="Primera acollida"
        )

    def test_the_delete_screen_links_the_tool(self):
        self.client.force_login(self.w.t.coordinator)
        url = reverse("casework_immigration_actuacions:delete", args=[self.actuacio.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        tool = reverse("helpdesk_tools:items_delete", args=[self.w.case.pk])
        self.assertContains(response, f"{tool}?actuacions={self.actuacio.pk}")
        self.client.force_login(self.w.owner)
        self.assertNotEqual(self.client.get(url).status_code, 200)
