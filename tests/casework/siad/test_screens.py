"""The women's service screens: opening from the woman's Traçabilitat tab, the
SIAD actuacions tab with its add and edit views, for each persona; SIAD
actuacions kept out of the basic social services' screens; the closing right."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from casework.enums import BreakGlassReason
from casework.models import Actuacio, SiadActuacio, WomensServiceCase
from casework.modules import modules_openable_by
from casework.modules.siad.services import siad_actuacio_create
from casework.panels import new_expedient_links
from casework.permissions import user_can_close
from casework.services.break_glass import break_glass_open
from casework.tabs import expedient_url
from configuration import roles
from configuration.models import AreaSettings
from tests.factories.casework import resident
from tests.form_data import form_data

from .data import InEnglish, member, siad_lists, siad_world

TAB = "siad_actuacions"


def open_url(person) -> str:
    return f"{reverse('casework_siad_add')}?person={person.pk}"


def add_url(case) -> str:
    return f"{reverse('casework_siad_actuacions:add')}?expedient={case.pk}"


def edit_url(actuacio) -> str:
    return reverse("casework_siad_actuacions:edit", args=[actuacio.pk])


def today() -> str:
    return date.today().strftime("%d/%m/%Y")


class SiadScreensTestCase(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        cls.lists = siad_lists()
        w = cls.w
        cls.named_mate = member(w.t, roles.TECNIC_SIAD, w.t.team)
        w.case.co_reference_professional = cls.named_mate
        w.case.save()
        cls.sad_manager = member(w.t, roles.GESTOR_SAD, w.t.team)
        cls.actuacio = siad_actuacio_create(
            by=w.owner,
            expedient=w.case,
            topic="Primera acollida",
            consultation_area=cls.lists.legal_area,
            consultation_type=cls.lists.divorce,
            attending_service=cls.lists.service,
        )
        cls.readers = {
            "owner": w.owner,
            "named teammate": cls.named_mate,
            "coordinator": w.t.coordinator,
        }
        cls.blind = {
            "SSB worker of the same team": w.t.worker,
            "other module's technician": cls.sad_manager,
            "SIAD technician of another sector": w.siad_elsewhere,
            "other area": w.foreign,
        }

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def actuacio_data(self, **changes) -> dict:
        data = {
            "date": today(),
            "time": "",
            "hours": "",
            "channel": self.lists.channel.pk,
            "attending_service": self.lists.legal.pk,
            "referral_source": "",
            "violence_situation": self.lists.violence.pk,
            "consultation_area": self.lists.legal_area.pk,
            "consultation_type": self.lists.divorce.pk,
            "topic": "Assessorament",
            "text": "",
            "responsible": self.w.owner.pk,
            "related_persons": [self.w.woman.pk],
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}


class OpeningScreenTests(SiadScreensTestCase):
    def test_new_expedient_offers_it_to_siad_technicians_and_coordinators(self):
        for user in (self.w.owner, self.w.t.coordinator):
            self.assertIn("siad", [m.key for m in modules_openable_by(user)])
        links = new_expedient_links(self.w.woman, self.w.owner)
        self.assertIn(open_url(self.w.woman), [link["url"] for link in links])
        for user in (self.w.t.worker, self.w.t.administrative, self.sad_manager):
            self.assertNotIn("siad", [m.key for m in modules_openable_by(user)])

    def test_the_technician_opens_it_and_lands_on_its_actuacions(self):
        woman = resident(self.w.t, first_name="Marta", surname1="Puig")
        response = self.as_user(self.w.siad_mate).post(
            open_url(woman), {"reference_professional": self.w.siad_mate.pk}
        )
        case = WomensServiceCase.objects.get(links__person=woman)
        self.assertRedirects(
            response, expedient_url(case.pk, TAB), fetch_redirect_response=False
        )
        self.assertTrue(case.confidential)
        self.assertEqual(case.sector, self.w.t.sector)
        self.assertEqual(self.client.get(expedient_url(case.pk, TAB)).status_code, 200)

    def test_reference_professionals_offered_are_siad_professionals_only(self):
        response = self.as_user(self.w.owner).get(open_url(self.w.woman))
        offered = set(
            response.context["form"].fields["reference_professional"].queryset
        )
        self.assertIn(self.w.owner, offered)
        self.assertIn(self.w.t.coordinator, offered)
        self.assertNotIn(self.w.t.worker, offered)
        refused = self.client.post(
            open_url(self.w.woman), {"reference_professional": self.w.t.worker.pk}
        )
        self.assertEqual(refused.status_code, 200)
        self.assertTrue(refused.context["form"].errors["reference_professional"])

    def test_another_area_and_an_unknown_person_get_404(self):
        self.assertEqual(
            self.as_user(self.w.foreign).get(open_url(self.w.woman)).status_code, 404
        )
        missing = self.as_user(self.w.owner).get(reverse("casework_siad_add"))
        self.assertEqual(missing.status_code, 404)

    def test_a_role_that_does_not_open_is_refused(self):
        response = self.as_user(self.w.t.worker).post(
            open_url(self.w.woman), {"reference_professional": self.w.owner.pk}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(WomensServiceCase.objects.count(), 1)


class PersonaTests(SiadScreensTestCase):
    def urls(self) -> dict:
        return {
            "expedient": expedient_url(self.w.case.pk, TAB),
            "training": expedient_url(self.w.case.pk, "siad_training"),
            "add": add_url(self.w.case),
            "edit": edit_url(self.actuacio),
            "inspect": reverse(
                "casework_siad_actuacions:inspect", args=[self.actuacio.pk]
            ),
        }

    def test_named_professionals_and_the_coordinator_reach_every_screen(self):
        for label, user in self.readers.items():
            for name, url in self.urls().items():
                with self.subTest(label, screen=name):
                    response = self.as_user(user).get(url)
                    self.assertEqual(response.status_code, 200)

    def test_everyone_else_gets_404(self):
        for label, user in self.blind.items():
            for name, url in self.urls().items():
                with self.subTest(label, screen=name):
                    self.assertEqual(self.as_user(user).get(url).status_code, 404)

    def test_an_unnamed_siad_teammate_gets_in_only_by_break_glass(self):
        mate = self.w.siad_mate
        self.assertEqual(self.as_user(mate).get(self.urls()["edit"]).status_code, 404)
        response = self.client.get(self.urls()["expedient"])
        self.assertRedirects(
            response,
            reverse("casework_expedient_break_glass", args=[self.w.case.pk]),
            fetch_redirect_response=False,
        )
        break_glass_open(
            expedient=self.w.case,
            acting_user=mate,
            reason=BreakGlassReason.COVERING,
            text="Substitueixo la referent.",
        )
        for name, url in self.urls().items():
            with self.subTest(screen=name):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_ssb_worker_gets_no_break_glass_either(self):
        self.assertEqual(
            self.as_user(self.w.t.worker).get(self.urls()["expedient"]).status_code,
            404,
        )

    def test_each_read_writes_an_access_entry(self):
        self.as_user(self.w.owner)
        for name in ("expedient", "edit", "inspect"):
            before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
            self.client.get(self.urls()[name])
            after = LogEntry.objects.filter(
                action=LogEntry.Action.ACCESS, actor=self.w.owner
            ).count()
            self.assertGreater(after, before, name)

    def test_the_tab_lists_the_actuacio_with_its_consultation(self):
        response = self.as_user(self.w.owner).get(self.urls()["expedient"])
        self.assertContains(response, "Primera acollida")
        self.assertContains(response, "Jurídica")
        self.assertContains(response, "Separació i divorci")
        self.assertContains(response, add_url(self.w.case))


class ActuacioFormTests(SiadScreensTestCase):
    def test_the_responsible_professional_defaults_to_the_author(self):
        response = self.as_user(self.named_mate).get(add_url(self.w.case))
        form = response.context["form"]
        self.assertEqual(form.fields["responsible"].initial, self.named_mate.pk)
        offered = set(form.fields["responsible"].queryset)
        self.assertNotIn(self.w.t.worker, offered)

    def test_the_owner_records_one(self):
        response = self.as_user(self.w.owner).post(
            add_url(self.w.case), self.actuacio_data()
        )
        self.assertRedirects(
            response, expedient_url(self.w.case.pk, TAB), fetch_redirect_response=False
        )
        created = SiadActuacio.objects.get(topic="Assessorament")
        self.assertEqual(created.responsible, self.w.owner)
        self.assertEqual(created.created_by, self.w.owner)
        self.assertEqual(created.consultation_type, self.lists.divorce)
        self.assertEqual(list(created.related_persons.all()), [self.w.woman])

    def refused(self, user, **changes):
        response = self.as_user(user).post(
            add_url(self.w.case), self.actuacio_data(**changes)
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(SiadActuacio.objects.filter(topic="Assessorament").exists())
        return response.context["form"]

    def test_a_bad_date_is_refused_with_the_expected_form(self):
        for typed in ("31/02/2026", "abc", "2026-13-01"):
            with self.subTest(typed):
                form = self.refused(self.w.owner, date=typed)
                self.assertIn("dd/mm/yyyy", str(form.errors["date"]))

    def test_a_date_past_the_edit_deadline_is_refused(self):
        AreaSettings.objects.update_or_create(
            area=self.w.t.area, defaults={"actuacio_edit_days": 5}
        )
        old = (date.today() - timedelta(days=30)).strftime("%d/%m/%Y")
        form = self.refused(self.w.owner, date=old)
        self.assertIn("within 5 days", str(form.errors))

    def test_a_forged_area_and_type_pair_is_refused(self):
        form = self.refused(
            self.w.owner,
            consultation_area=self.lists.legal_area.pk,
            consultation_type=self.lists.self_esteem.pk,
        )
        self.assertIn(
            "“Autoestima” is not a consultation type of the area “Jurídica”.",
            form.errors["consultation_type"],
        )

    def test_the_topic_is_required(self):
        form = self.refused(self.w.owner, topic="")
        self.assertIn("topic", form.errors)

    def test_a_professional_who_does_not_work_siad_cannot_be_responsible(self):
        form = self.refused(self.w.owner, responsible=self.w.t.worker.pk)
        self.assertIn("responsible", form.errors)

    def test_it_is_not_added_to_a_basic_social_services_expedient(self):
        ssb = self.w.woman.expedient_links.get(expedient__module="ssb").expedient
        response = self.as_user(self.w.t.coordinator).get(add_url(ssb))
        self.assertEqual(response.status_code, 404)

    def test_an_edit_based_on_an_old_version_is_refused(self):
        shown = self.as_user(self.w.owner).get(edit_url(self.actuacio))
        stale = form_data(shown, topic="Canvi meu")
        fresh = form_data(shown, topic="Canvi de la companya")
        self.as_user(self.named_mate).post(edit_url(self.actuacio), fresh)
        response = self.as_user(self.w.owner).post(edit_url(self.actuacio), stale)
        self.assertEqual(response.status_code, 200)
        self.actuacio.refresh_from_db()
        self.assertEqual(self.actuacio.topic, "Canvi de la companya")

    def test_an_edit_keeps_the_consultation_pair_checked(self):
        shown = self.as_user(self.w.owner).get(edit_url(self.actuacio))
        data = form_data(shown, consultation_type=self.lists.self_esteem.pk)
        response = self.client.post(edit_url(self.actuacio), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("consultation_type", response.context["form"].errors)

    def test_past_the_deadline_it_opens_read_only(self):
        SiadActuacio.objects.filter(pk=self.actuacio.pk).update(
            date=date.today() - timedelta(days=400)
        )
        response = self.as_user(self.w.owner).get(edit_url(self.actuacio))
        self.assertContains(response, "This actuació is read-only")


class CoverFieldsTests(SiadScreensTestCase):
    def test_the_cover_shows_no_basic_social_services_field(self):
        page = self.as_user(self.w.owner).get(expedient_url(self.w.case.pk, "cover"))
        self.assertContains(page, "Reference professional")
        for ssb_only in ("Family name", "Case origin", "Stage", "Risk grade"):
            self.assertNotContains(page, ssb_only)
        # Her role never changes it: no note about sectors that would mislead.
        self.assertNotContains(page, "not one of your teams' sectors")


class KeptOutOfBasicSocialServicesTests(SiadScreensTestCase):
    def test_the_ssb_actuacions_listing_does_not_list_it(self):
        response = self.as_user(self.w.t.coordinator).get(
            reverse("casework_actuacions:index")
        )
        listed = [row.pk for row in response.context["object_list"]]
        self.assertNotIn(self.actuacio.pk, listed)
        self.assertTrue(Actuacio.objects.filter(pk=self.actuacio.pk).exists())

    def test_no_ssb_actuacio_is_added_to_a_siad_expedient(self):
        url = reverse("casework_actuacions:add") + f"?expedient={self.w.case.pk}"
        self.assertEqual(self.as_user(self.w.t.coordinator).get(url).status_code, 404)

    def test_the_ssb_actuacio_screens_do_not_open_it(self):
        self.as_user(self.w.t.coordinator)
        for action in ("edit", "inspect"):
            url = reverse(f"casework_actuacions:{action}", args=[self.actuacio.pk])
            self.assertEqual(self.client.get(url).status_code, 404, action)


class ClosingRightTests(SiadScreensTestCase):
    def test_its_technicians_and_coordinators_close_it(self):
        for user in (self.w.owner, self.w.t.coordinator):
            self.assertTrue(user_can_close(user, self.w.case))
        self.assertFalse(user_can_close(self.sad_manager, self.w.case))
        close = reverse("casework_expedient_close", args=[self.w.case.pk])
        self.assertEqual(self.as_user(self.w.owner).get(close).status_code, 200)
        cover = self.client.get(expedient_url(self.w.case.pk, "cover"))
        self.assertContains(cover, close)

    def test_the_ssb_right_still_decides_for_ssb(self):
        ssb = self.w.woman.expedient_links.get(expedient__module="ssb").expedient
        self.assertTrue(user_can_close(self.w.t.worker, ssb))
        self.assertFalse(user_can_close(self.w.owner, ssb))


class CoverTests(SiadScreensTestCase):
    def test_the_cover_offers_no_edit_link_that_would_not_open(self):
        response = self.as_user(self.w.owner).get(
            expedient_url(self.w.case.pk, "cover")
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(
            response, reverse("casework_expedients:edit", args=[self.w.case.pk])
        )
