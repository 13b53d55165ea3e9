"""Issue 17.6: every catalogue's own export, CSV or XLSX, imports back unchanged,
whatever the language of the screen it was exported from."""

import io
import tempfile
from unittest import mock

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.imports import IMPORTS_BY_KEY
from configuration.models import Municipality
from tests.factories import AreaFactory, SectorFactory, UserFactory, professional

# One import per catalogue, in an order that gives each its references.
FILES = (
    ("provinces", "code,name\n9,Barcelona\n"),
    ("municipalities", "code,name,province\n49,Cardedeu,9\n"),
    ("countries", "code,name\n52,Espanya\n"),
    ("benefit-types", "code,name\n1,PRESTACIONS DE SERVEIS\n"),
    ("benefit-subtypes", "code,name,type\n1.1,Serveis socials bàsics,1\n"),
    (
        "benefits",
        "TipusPrestacio,Subtipus,TipusRecurs\n1. PRESTACIONS DE SERVEIS,"
        "1.1 Serveis socials bàsics,1.1.1 Servei bàsic d'atenció social\n",
    ),
    ("problem-types", "year,code,name\n2025,1,Econòmica\n"),
    ("problems", "year,code,name,type\n2025,1.1,Ingressos,1\n"),
    ("demand-types", "code,name,is_active\n1,Assessorament,no\n"),
    ("actuacio-types", "code,name\n1,Coordinació\n"),
    ("actuacio-places", "code,name\n1,Carrer\n"),
    ("case-origins", "code,name\n1,Personalment\n"),
    ("closing-reasons", "code,name\n1,Resolt\n"),
    ("document-kinds", "code,name\n1,Consentiment signat\n"),
    ("relationship-types", "code,name\n1,Fill/a\n"),
    (
        "tramit-types",
        "code,name,kind,scope,pre_assigns\nT1,Sol·licitud,propi,1,1.1.1\n",
    ),
    ("siad-training-resources", "code,name\nS1,Taller\n"),
    ("siad-channels", "code,name\n1,Presencial\n"),
    ("siad-violence-situations", "code,name\n1,Violència física\n"),
    ("siad-services", "code,name\n2,Assessorament jurídic\n"),
    ("siad-referral-sources", "code,name\n1,Iniciativa pròpia\n"),
    ("siad-consultation-areas", "code,name\n1,Jurídica\n"),
    (
        "siad-consultation-types",
        "code,name,consultation_area\n1.1,Separació i divorci,1\n",
    ),
    ("immigration-courses", "code,name,level,hours\nA1-CAT,Català inicial,A1,90\n"),
    ("subsectors", "sector,name\n49,Nucli antic\n"),
    ("teams", "name,kind,sectors\nEquip de Cardedeu,territorial,49\n"),
)
AREA_ONLY = {"siad-training-resources", "immigration-courses", "subsectors", "teams"}


class CatalogueRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.superuser = UserFactory(is_superuser=True, area=None)
        cls.administrator = professional(roles.ADMINISTRADOR, area=cls.area)

    def setUp(self):
        folder = tempfile.TemporaryDirectory()  # where previewed uploads wait
        self.addCleanup(folder.cleanup)
        patcher = mock.patch.object(tempfile, "tempdir", folder.name)
        patcher.start()
        self.addCleanup(patcher.stop)

    def user_for(self, key):
        return self.administrator if key in AREA_ONLY else self.superuser

    def upload(self, key, content: bytes, name: str):
        url = reverse("configuration_catalogue_import", args=[key])
        upload = SimpleUploadedFile(name, content)
        return self.client.post(url, {"import_file": upload})

    def import_file(self, key, text):
        response = self.upload(key, text.encode(), "file.csv")
        self.assertEqual(response.context["outcome"].issues, [], key)
        url = reverse("configuration_catalogue_import_confirm", args=[key])
        self.client.post(url, {"token": response.context["token"]})

    def export(self, key, export_format):
        model_name = IMPORTS_BY_KEY[key].model._meta.model_name
        response = self.client.get(
            reverse(f"{model_name}:index"), {"export": export_format}
        )
        self.assertEqual(response.status_code, 200, key)
        return b"".join(response.streaming_content)

    def test_every_export_imports_back_unchanged_in_csv_and_xlsx(self):
        for key, text in FILES:
            self.client.force_login(self.user_for(key))
            if key == "subsectors":  # the area's sector in the imported municipality
                SectorFactory(area=self.area, municipality=Municipality.objects.get())
            self.import_file(key, text)
        for key, _text in FILES:
            self.client.force_login(self.user_for(key))
            for export_format in ("csv", "xlsx"):
                with self.subTest(catalogue=key, format=export_format):
                    content = self.export(key, export_format)
                    response = self.upload(key, content, f"export.{export_format}")
                    outcome = response.context["outcome"]
                    self.assertEqual(outcome.issues, [])
                    self.assertEqual((outcome.created, outcome.updated), (0, 0))
                    self.assertEqual(outcome.unchanged, 1)
                    self.assertContains(response, "data-import-nothing")

    def test_the_xlsx_sheet_is_named_after_the_catalogue(self):
        self.client.force_login(self.superuser)
        self.import_file("countries", "code,name\n52,Espanya\n")
        book = openpyxl.load_workbook(io.BytesIO(self.export("countries", "xlsx")))
        self.assertNotEqual(book.active.title, "Sheet1")
        self.assertEqual(book.active.title.lower(), "països")
