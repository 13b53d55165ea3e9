"""The SIAD actuació's lists (configuration/models/siad.py): shared official
entries plus each area's own, consultation types under their area, imported
with the area's code, and managed by coordinators like every catalogue."""

import io

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from configuration import roles
from configuration.models import (
    CATALOGUE_MODELS,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadViolenceSituation,
)
from tests.configuration.test_imports import ImportCommandMixin
from tests.factories import AreaFactory, professional

SIAD_LISTS = (
    SiadChannel,
    SiadViolenceSituation,
    SiadService,
    SiadReferralSource,
    SiadConsultationArea,
    SiadConsultationType,
)


class SiadCatalogueRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.other_area = AreaFactory()
        cls.legal = SiadConsultationArea.objects.create(code="1", name="Jurídica")

    def test_every_list_is_a_catalogue(self):
        for model in SIAD_LISTS:
            self.assertIn(model, CATALOGUE_MODELS)

    def test_a_consultation_type_needs_its_area(self):
        entry = SiadConsultationType(code="1.1", name="Divorci")
        with self.assertRaises(ValidationError) as raised:
            entry.full_clean()
        self.assertIn("consultation_area", raised.exception.message_dict)

    def test_an_areas_type_may_hang_under_a_shared_or_its_own_area(self):
        own = SiadConsultationArea.objects.create(
            code="L1", name="Pròpia", area=self.area
        )
        for parent in (self.legal, own):
            entry = SiadConsultationType(
                code=f"{parent.code}.9", name="X", area=self.area
            )
            entry.consultation_area = parent
            entry.full_clean()

    def test_a_type_never_hangs_under_another_areas_consultation_area(self):
        foreign = SiadConsultationArea.objects.create(
            code="L1", name="D'una altra", area=self.other_area
        )
        entry = SiadConsultationType(
            code="L1.1", name="X", area=self.area, consultation_area=foreign
        )
        with self.assertRaises(ValidationError) as raised:
            entry.full_clean()
        self.assertIn("consultation_area", raised.exception.message_dict)

    def test_an_area_may_not_reuse_a_shared_code(self):
        SiadViolenceSituation.objects.create(code="1", name="Física")
        entry = SiadViolenceSituation(code="1", name="Ombra", area=self.area)
        with self.assertRaises(ValidationError) as raised:
            entry.full_clean()
        self.assertIn("code", raised.exception.message_dict)

    def test_coordinators_and_administrators_manage_the_areas_own_entries(self):
        for role in (roles.COORDINADOR, roles.ADMINISTRADOR):
            user = professional(role, area=self.area)
            for model in SIAD_LISTS:
                name = model._meta.model_name
                for action in ("add", "change", "view", "delete"):
                    self.assertTrue(user.has_perm(f"configuration.{action}_{name}"))
        technician = professional(roles.TECNIC_SIAD, area=self.area)
        self.assertFalse(technician.has_perm("configuration.add_siadservice"))


class SiadCatalogueImportTests(ImportCommandMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))

    def test_consultation_types_name_their_area_by_code(self):
        self.run_import(
            "siad-consultation-areas",
            self.write("code,name\n1,Jurídica\n2,Psicològica\n"),
        )
        path = self.write(
            "code,name,consultation_area\n1.1,Divorci,1\n2.1,Autoestima,2\n"
        )
        out, _err = self.run_import("siad-consultation-types", path)
        self.assertEqual(self.last_line(out), "created 2, updated 0, unchanged 0")
        self.assertEqual(
            SiadConsultationType.objects.get(code="2.1").consultation_area.name,
            "Psicològica",
        )
        out, _err = self.run_import("siad-consultation-types", path)
        self.assertEqual(self.last_line(out), "created 0, updated 0, unchanged 2")

    def test_an_unknown_consultation_area_stops_the_whole_file(self):
        self.run_import("siad-consultation-areas", self.write("code,name\n1,J\n"))
        path = self.write("code,name,consultation_area\n1.1,Divorci,1\n9.1,X,9\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_catalogue", "siad-consultation-types", str(path), stderr=err
            )
        self.assertIn("consultation_area", err.getvalue())
        self.assertIn("9", err.getvalue())
        self.assertFalse(SiadConsultationType.objects.exists())

    def test_the_consultation_area_column_is_required(self):
        path = self.write("code,name\n1.1,Divorci\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_catalogue", "siad-consultation-types", str(path), stderr=err
            )
        self.assertIn("consultation_area", err.getvalue())

    def test_an_area_imports_its_own_entries_of_every_list(self):
        area = AreaFactory(code="NORD")
        for key in (
            "siad-channels",
            "siad-violence-situations",
            "siad-services",
            "siad-referral-sources",
            "siad-consultation-areas",
        ):
            self.run_import(key, self.write("code,name\nL1,Pròpia\n"), "--area", "NORD")
        path = self.write("code,name,consultation_area\nL1.1,Tipus propi,L1\n")
        self.run_import("siad-consultation-types", path, "--area", "NORD")
        for model in SIAD_LISTS:
            self.assertEqual(model.objects.get().area, area, model)


class SiadCatalogueScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.legal = SiadConsultationArea.objects.create(code="1", name="Jurídica")
        cls.type = SiadConsultationType.objects.create(
            code="1.1", name="Divorci", consultation_area=cls.legal
        )
        cls.foreign = SiadConsultationType.objects.create(
            code="1.2", name="Aliena", consultation_area=cls.legal, area=AreaFactory()
        )

    def test_the_listing_shows_shared_entries_and_no_other_areas(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("siadconsultationtype:index"))
        self.assertEqual(list(response.context["object_list"]), [self.type])
        url = reverse("siadconsultationtype:edit", args=[self.foreign.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_export_names_the_consultation_area_by_code(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("siadconsultationtype:index"), {"export": "csv"}
        )
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertEqual(
            text.splitlines()[0],
            "code,name,area,sort_order,is_active,consultation_area",
        )
        self.assertTrue(text.splitlines()[1].endswith(",1"))

    def test_a_coordinator_adds_an_own_consultation_area(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("siadconsultationarea:add"),
            {"code": "L1", "name": "Pròpia", "sort_order": "3", "is_active": "on"},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(SiadConsultationArea.objects.get(code="L1").area, self.area)
