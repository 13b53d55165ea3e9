"""The area's own fields live in every configurable form (issue #22): each
item form, each module's actuació, the covers and the person's extended block
show the fields of their area in force, in their section, and save them in the
row's `extra`; another area's fields never appear; the forms keep their
permissions (outsiders 404) and their query counts do not grow per field."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Actuacio, Expedient, Resource, SiadActuacio
from casework.modules.eaia.models import EaiaActuacio
from casework.modules.immigration.models import ImmigrationActuacio
from casework.services import tramit_create
from configuration import roles
from configuration.custom_fields import FORMS
from configuration.models import CustomField, CustomFieldType
from directory.models import PersonExtended
from directory.viewsets import EXTENDED_GROUPS
from tests.factories import AreaFactory, BenefitFactory, TramitTypeFactory, professional
from tests.form_data import form_data

from .eaia.data import eaia_world
from .eaia.test_actuacions import record as eaia_record
from .immigration.data import immigration_world
from .siad.test_screens import SiadScreensTestCase
from .siad.test_screens import add_url as siad_add_url
from .test_benefits_screens import STAND_IN, add_resource
from .test_plans_screens import open_plan
from .test_records_screens import RecordsScreenData

# Item forms edited by the shared item screens: URL namespace of each.
SHARED_ITEM_SCREENS = {
    "actuacio.ssb": "casework_actuacions",
    "demand": "casework_demands",
    "problem": "casework_problems",
    "resource": "casework_resources",
    "tramit": "casework_tramits",
    "plan": "casework_plans",
}
MODULE_ACTUACIO_SCREENS = {
    "actuacio.siad": "casework_siad_actuacions",
    "actuacio.immigration": "casework_immigration_actuacions",
    "actuacio.eaia": "casework_eaia_actuacions",
}
COVER_SCREENS = {
    "cover.ssb": "casework_expedients",
    "cover.eaia": "casework_eaia_expedients",
}


def define(area, form, key, field_type=CustomFieldType.TEXT, **fields) -> CustomField:
    return CustomField.objects.create(
        area=area,
        form=form,
        key=key,
        label_ca=fields.pop("label_ca", key.replace("_", " ").capitalize()),
        field_type=field_type,
        **fields,
    )


class RegistryTests(TestCase):
    def test_every_registered_form_has_a_screen_checked_here(self):
        checked = {
            *SHARED_ITEM_SCREENS,
            *MODULE_ACTUACIO_SCREENS,
            *COVER_SCREENS,
            "cover.immigration",
            "cover.sad",  # test_module_covers
            "cover.siad",  # test_module_covers
            "person",
        }
        self.assertEqual(set(FORMS), checked)


@STAND_IN
class SharedItemFormsTests(RecordsScreenData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.resource = add_resource(t, cls.case, BenefitFactory(), cls.main)
        cls.tramit = tramit_create(
            tramit=_tramit(cls.case, TramitTypeFactory(), cls.main),
            acting_user=t.worker,
        )
        cls.plan = open_plan(t, cls.case, cls.main)
        cls.other_area = AreaFactory()
        for form in SHARED_ITEM_SCREENS:
            define(t.area, form, "reference", label_ca="Referència municipal")
            define(cls.other_area, form, "secret", label_ca="Pregunta aliena")

    def rows(self) -> dict:
        return {
            "actuacio.ssb": self.actuacio,
            "demand": self.demand,
            "problem": self.record,
            "resource": self.resource,
            "tramit": self.tramit,
            "plan": self.plan,
        }

    def test_each_form_shows_its_areas_fields_and_saves_them(self):
        self.client.force_login(self.t.worker)
        for form, namespace in SHARED_ITEM_SCREENS.items():
            with self.subTest(form):
                row = self.rows()[form]
                add = reverse(f"{namespace}:add") + f"?expedient={self.case.pk}"
                shown = self.client.get(add)
                self.assertContains(shown, "Referència municipal")
                self.assertContains(shown, 'name="cf_reference"', count=1)
                self.assertNotContains(shown, "Pregunta aliena")
                edit = reverse(f"{namespace}:edit", args=[row.pk])
                loaded = self.client.get(edit)
                self.assertIn("cf_reference", loaded.context["form"].fields)
                saved = self.client.post(
                    edit, form_data(loaded, cf_reference=f"R-{form}")
                )
                self.assertEqual(saved.status_code, 302, form)
                row.refresh_from_db()
                self.assertEqual(row.extra, {"reference": f"R-{form}"})
                again = self.client.get(edit).context["form"]
                self.assertEqual(again["cf_reference"].value(), f"R-{form}")

    def test_outsiders_still_get_404(self):
        self.client.force_login(self.elsewhere)
        for form, namespace in SHARED_ITEM_SCREENS.items():
            with self.subTest(form):
                edit = reverse(f"{namespace}:edit", args=[self.rows()[form].pk])
                self.assertEqual(self.client.get(edit).status_code, 404)

    def test_the_forms_queries_do_not_grow_per_field(self):
        self.client.force_login(self.t.worker)
        for form, namespace in SHARED_ITEM_SCREENS.items():
            with self.subTest(form):
                edit = reverse(f"{namespace}:edit", args=[self.rows()[form].pk])
                self.client.get(edit)  # warm caches
                with CaptureQueriesContext(connection) as one:
                    self.client.get(edit)
                for n in range(4):
                    define(self.t.area, form, f"more_{n}", CustomFieldType.DATE)
                with CaptureQueriesContext(connection) as five:
                    shown = self.client.get(edit)
                self.assertIn("cf_more_3", shown.context["form"].fields)
                self.assertEqual(len(five), len(one))


def _tramit(case, type_, person):
    from casework.models import Tramit

    return Tramit(expedient=case, type=type_, holder=person)


@STAND_IN
class SectionsTests(RecordsScreenData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.resource = add_resource(cls.t, cls.case, BenefitFactory(), cls.main)
        area = cls.t.area
        define(area, "resource", "in_energy", label_ca="Camp energia", section="energy")
        define(area, "resource", "at_end", label_ca="Camp final")
        define(area, "resource", "lost", label_ca="Camp perdut", section="gone")

    def test_fields_go_in_their_section_and_unknown_ones_at_the_end(self):
        self.client.force_login(self.t.worker)
        html = self.client.get(
            reverse("casework_resources:edit", args=[self.resource.pk])
        ).content.decode()
        energy_block = html.index("2.3.7")
        last_energy_field = html.index(f'name="{Resource.ENERGY_FIELDS[-1]}"')
        in_energy = html.index("Camp energia")
        self.assertLess(energy_block, in_energy)
        self.assertLess(last_energy_field, in_energy)
        self.assertLess(in_energy, html.index("Camp final"))
        self.assertLess(in_energy, html.index("Camp perdut"))
        self.assertEqual(html.count("Camp energia"), 1)  # once, in its section

    def test_a_required_field_shows_wagtails_mark_and_its_help(self):
        define(
            self.t.area,
            "resource",
            "must",
            label_ca="Obligatori",
            help_text="Com ho diu l'ajuntament",
            required=True,
        )
        self.client.force_login(self.t.worker)
        html = self.client.get(
            reverse("casework_resources:edit", args=[self.resource.pk])
        ).content.decode()
        label_at = html.index("Obligatori")
        self.assertIn("w-required-mark", html[label_at : label_at + 200])
        self.assertIn("Com ho diu l&#x27;ajuntament", html)


class SiadActuacioTests(SiadScreensTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        define(cls.w.t.area, "actuacio.siad", "programme", label_ca="Programa local")
        define(cls.w.t.area, "actuacio.ssb", "not_here", label_ca="Camp SSB")

    def test_added_and_edited_with_the_siad_fields_only(self):
        client = self.as_user(self.w.owner)
        shown = client.get(siad_add_url(self.w.case))
        self.assertContains(shown, "Programa local")
        self.assertNotContains(shown, "Camp SSB")
        response = client.post(
            siad_add_url(self.w.case), self.actuacio_data(cf_programme="Xarxa")
        )
        self.assertEqual(response.status_code, 302)
        created = SiadActuacio.objects.get(topic="Assessorament")
        self.assertEqual(
            Actuacio.objects.get(pk=created.pk).extra, {"programme": "Xarxa"}
        )
        edit = reverse("casework_siad_actuacions:edit", args=[created.pk])
        loaded = client.get(edit)
        self.assertEqual(loaded.context["form"]["cf_programme"].value(), "Xarxa")
        client.post(edit, form_data(loaded, cf_programme="Altre"))
        created.refresh_from_db()
        self.assertEqual(created.extra, {"programme": "Altre"})

    def test_outsiders_still_get_404(self):
        edit = reverse("casework_siad_actuacions:edit", args=[self.actuacio.pk])
        self.assertEqual(self.as_user(self.w.foreign).get(edit).status_code, 404)


class ImmigrationActuacioTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        define(cls.w.t.area, "actuacio.immigration", "visa", label_ca="Visat")

    def test_added_with_its_fields(self):
        self.client.force_login(self.w.owner)
        add = (
            reverse("casework_immigration_actuacions:add")
            + f"?expedient={self.w.case.pk}"
        )
        shown = self.client.get(add)
        self.assertContains(shown, "Visat")
        data = form_data(
            shown,
            date=date.today().strftime("%d/%m/%Y"),
            project=self.w.project.pk,
            topic="Inscripció",
            responsible=self.w.owner.pk,
            cf_visa="V-77",
        )
        data["related_persons"] = [str(self.w.person.pk)]
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        created = ImmigrationActuacio.objects.get(topic="Inscripció")
        self.assertEqual(created.extra, {"visa": "V-77"})


class ImmigrationCoverTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        define(cls.w.t.area, "cover.immigration", "permit", label_ca="Tipus de permís")

    def test_the_cover_edit_shows_and_saves_them(self):
        self.client.force_login(self.w.owner)
        url = reverse("casework_immigration_edit", args=[self.w.case.pk])
        shown = self.client.get(url)
        self.assertContains(shown, "Tipus de permís")
        response = self.client.post(url, form_data(shown, cf_permit="Arrelament"))
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.assertEqual(
            Expedient.objects.get(pk=self.w.case.pk).extra, {"permit": "Arrelament"}
        )
        self.client.force_login(self.w.foreign)  # another area
        self.assertEqual(self.client.get(url).status_code, 404)


class EaiaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        cls.row = eaia_record(cls.w)
        area = cls.w.t.area
        define(area, "actuacio.eaia", "court", label_ca="Jutjat")
        define(area, "cover.eaia", "file_ref", label_ca="Ref. DGAIA", section="report")

    def test_an_actuacio_is_added_with_its_fields(self):
        self.client.force_login(self.w.owner)
        add = reverse("casework_eaia_actuacions:add") + f"?expedient={self.w.case.pk}"
        shown = self.client.get(add)
        self.assertContains(shown, "Jutjat")
        data = form_data(
            shown,
            date=date.today().strftime("%d/%m/%Y"),
            place=self.w.place.pk,
            type=self.w.kind.pk,
            thematic_scope="education",
            topic="Reunió",
            responsible=self.w.owner.pk,
            cf_court="Jutjat 3",
        )
        data["related_persons"] = [str(self.w.child.pk)]
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.assertEqual(
            EaiaActuacio.objects.get(topic="Reunió").extra, {"court": "Jutjat 3"}
        )

    def test_the_cover_shows_and_saves_its_fields_in_their_section(self):
        self.client.force_login(self.w.owner)
        edit = reverse("casework_eaia_expedients:edit", args=[self.w.case.pk])
        loaded = self.client.get(edit)
        html = loaded.content.decode()
        self.assertLess(
            html.index('name="report_resolved_on"'), html.index("Ref. DGAIA")
        )
        self.assertLess(
            html.index("Ref. DGAIA"), html.index('name="synthesis_generated_on"')
        )
        response = self.client.post(edit, form_data(loaded, cf_file_ref="D-12"))
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.assertEqual(
            Expedient.objects.get(pk=self.w.case.pk).extra, {"file_ref": "D-12"}
        )

    def test_outsiders_still_get_404(self):
        self.client.force_login(self.w.foreign)
        for url in (
            reverse("casework_eaia_expedients:edit", args=[self.w.case.pk]),
            reverse("casework_eaia_actuacions:edit", args=[self.row.pk]),
        ):
            self.assertEqual(self.client.get(url).status_code, 404)


@STAND_IN
class SsbCoverTests(RecordsScreenData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        define(
            cls.t.area,
            "cover.ssb",
            "council_id",
            label_ca="Codi del consell",
            section="household",
        )
        define(cls.t.area, "cover.ssb", "plain", label_ca="Camp de la portada")

    def test_the_cover_edit_shows_and_saves_them(self):
        self.client.force_login(self.t.worker)
        edit = reverse("casework_expedients:edit", args=[self.case.pk])
        loaded = self.client.get(edit)
        html = loaded.content.decode()
        self.assertLess(
            html.index('name="family_residence"'), html.index("Codi del consell")
        )
        self.assertLess(html.index("Codi del consell"), html.index('name="sector"'))
        for name in ("cf_council_id", "cf_plain"):
            self.assertContains(loaded, f'name="{name}"', count=1)
        response = self.client.post(
            edit, form_data(loaded, cf_council_id="C-9", cf_plain="Sí")
        )
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.assertEqual(
            Expedient.objects.get(pk=self.case.pk).extra,
            {"council_id": "C-9", "plain": "Sí"},
        )

    def test_a_new_expedient_opens_with_them(self):
        self.client.force_login(self.t.worker)
        add = reverse("casework_expedients:add") + f"?person={self.stranger.pk}"
        shown = self.client.get(add)
        self.assertContains(shown, "Codi del consell")
        response = self.client.post(add, form_data(shown, cf_council_id="C-10"))
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.assertEqual(Expedient.objects.latest("pk").extra, {"council_id": "C-10"})

    def test_outsiders_still_get_404(self):
        self.client.force_login(self.elsewhere)
        edit = reverse("casework_expedients:edit", args=[self.case.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)


class PersonBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from directory.services import person_save
        from tests.directory.test_models import new_person

        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)
        cls.person = person_save(
            person=new_person(cls.area, cls.worker), acting_user=cls.worker
        )
        cls.extended = PersonExtended.objects.create(person=cls.person, school="X")
        define(
            cls.area,
            "person",
            "grant",
            CustomFieldType.BOOLEAN,
            label_ca="Beca local",
            section="studies",
        )
        define(AreaFactory(), "person", "alien", label_ca="Camp aliè")

    def url(self):
        return reverse("personextended:edit", args=[self.extended.pk])

    def test_every_part_of_the_block_is_a_section_of_its_form(self):
        sections = [key for key, _label in FORMS["person"].sections]
        self.assertEqual([key for key, _names in EXTENDED_GROUPS], sections)

    def test_the_block_shows_and_saves_its_areas_fields(self):
        self.client.force_login(self.worker)
        loaded = self.client.get(self.url())
        html = loaded.content.decode()
        self.assertNotContains(loaded, "Camp aliè")
        self.assertContains(loaded, 'name="cf_grant"', count=1)
        self.assertLess(html.index('name="education_level"'), html.index("Beca local"))
        self.assertLess(html.index("Beca local"), html.index('name="mother_tongue"'))
        response = self.client.post(self.url(), form_data(loaded, cf_grant="on"))
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        self.extended.refresh_from_db()
        self.assertEqual(self.extended.extra, {"grant": True})

    def test_its_own_permission_still_holds(self):
        self.client.force_login(self.auxiliar)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.force_login(professional(roles.TECNIC, area=AreaFactory()))
        self.assertEqual(self.client.get(self.url()).status_code, 404)


@STAND_IN
class InspectTests(RecordsScreenData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        define(
            cls.t.area,
            "actuacio.ssb",
            "decided_on",
            CustomFieldType.DATE,
            label_ca="Data de la resolució",
        )
        old = define(cls.t.area, "actuacio.ssb", "old", label_ca="Camp retirat")
        old.deactivated_on = date.today()
        old.save()
        Actuacio.objects.filter(pk=cls.actuacio.pk).update(
            extra={"decided_on": "2026-03-14", "old": "Encara llegible"}
        )

    def test_the_inspect_view_reads_them_by_label(self):
        self.client.force_login(self.t.worker)
        url = reverse("casework_actuacions:inspect", args=[self.actuacio.pk])
        response = self.client.get(url)
        self.assertContains(response, "Data de la resolució")
        self.assertContains(response, "14/03/2026")
        self.assertContains(response, "Encara llegible")
        self.assertNotContains(response, "decided_on")
        self.client.force_login(self.elsewhere)
        self.assertEqual(self.client.get(url).status_code, 404)
