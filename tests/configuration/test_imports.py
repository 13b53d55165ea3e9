"""Catalogue imports: all or nothing, dry runs, row errors, official Hèstia files."""

import io
import tempfile
from pathlib import Path
from unittest import mock

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.models import (
    Benefit,
    BenefitSubtype,
    BenefitType,
    Country,
    DemandType,
    MotherTongue,
    Municipality,
    Problem,
    Province,
    StreetType,
    TramitType,
)
from tests.factories import (
    AreaFactory,
    DemandTypeFactory,
    ProblemTypeFactory,
    ProvinceFactory,
    UserFactory,
    english_ui,
    professional,
)
from tests.hestia import official_file

PORTFOLIO = """TipusPrestacio,Subtipus,TipusRecurs
1. PRESTACIONS DE SERVEIS,1.1 Serveis socials bàsics,1.1.1 Servei bàsic d'atenció social
1. PRESTACIONS DE SERVEIS,1.1 Serveis socials bàsics,1.1.2.1 Servei d'ajuda a domicili
2. PRESTACIONS ECONÒMIQUES,2.5. Altres prestacions,2.5.1. Renda activa d'inserció (RAI)
2. PRESTACIONS ECONÒMIQUES,2.3 Urgència social,2.3.7.2 Ajuts per a la llum
"""


class ImportCommandMixin:
    def setUp(self):
        super().setUp()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def write(self, text: str, name: str = "catalogue.csv") -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def run_import(self, catalogue: str, path: Path, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_catalogue", catalogue, str(path), *args, stdout=out, stderr=err
        )
        return out.getvalue(), err.getvalue()

    def last_line(self, output: str) -> str:
        return output.strip().splitlines()[-1]


class PortfolioImportTests(ImportCommandMixin, TestCase):
    def test_it_builds_the_three_level_tree(self):
        out, _err = self.run_import("benefits", self.write(PORTFOLIO))
        self.assertEqual(self.last_line(out), "created 4, updated 0, unchanged 0")
        benefit = Benefit.objects.get(code="1.1.2.1")
        self.assertEqual(benefit.name, "Servei d'ajuda a domicili")
        self.assertEqual(
            (benefit.subtype.code, benefit.subtype.type.code), ("1.1", "1")
        )
        self.assertIsNone(benefit.area)
        self.assertEqual(BenefitType.objects.count(), 2)

    def test_codes_written_with_a_final_dot_are_normalised(self):
        self.run_import("benefits", self.write(PORTFOLIO))
        benefit = Benefit.objects.get(code="2.5.1")
        self.assertEqual(benefit.subtype.code, "2.5")
        self.assertEqual(benefit.subtype.type.code, "2")
        self.assertEqual(benefit.subtype.name, "Altres prestacions")

    def test_household_supply_aids_are_flagged(self):
        self.run_import("benefits", self.write(PORTFOLIO))
        flagged = Benefit.objects.filter(is_energy_supply=True)
        self.assertEqual(list(flagged.values_list("code", flat=True)), ["2.3.7.2"])

    def test_a_dry_run_writes_nothing(self):
        out, _err = self.run_import("benefits", self.write(PORTFOLIO), "--dry-run")
        self.assertEqual(self.last_line(out), "created 4, updated 0, unchanged 0")
        self.assertFalse(Benefit.objects.exists())
        self.assertFalse(BenefitType.objects.exists())
        self.assertFalse(BenefitSubtype.objects.exists())

    def test_importing_the_same_file_again_changes_nothing(self):
        path = self.write(PORTFOLIO)
        self.run_import("benefits", path)
        out, _err = self.run_import("benefits", path)
        self.assertEqual(self.last_line(out), "created 0, updated 0, unchanged 4")

    def test_a_renamed_subtype_is_updated(self):
        self.run_import("benefits", self.write(PORTFOLIO))
        renamed = PORTFOLIO.replace("1.1 Serveis socials bàsics", "1.1 Serveis bàsics")
        out, _err = self.run_import("benefits", self.write(renamed))
        self.assertIn("types and subtypes: created 0, updated 1", out)
        self.assertEqual(BenefitSubtype.objects.get(code="1.1").name, "Serveis bàsics")

    def test_one_bad_row_writes_nothing_and_names_the_row_and_reason(self):
        broken = PORTFOLIO.replace("1.1.2.1 Servei d'ajuda", "Servei d'ajuda")
        with self.assertRaises(CommandError) as raised:
            self.run_import("benefits", self.write(broken))
        self.assertIn("Nothing was imported", str(raised.exception))
        self.assertFalse(Benefit.objects.exists())
        self.assertFalse(BenefitType.objects.exists())

    def test_the_error_names_the_spreadsheet_row_and_column(self):
        broken = PORTFOLIO.replace("1.1.2.1 Servei d'ajuda", "Servei d'ajuda")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_catalogue", "benefits", str(self.write(broken)), stderr=err
            )
        message = err.getvalue()
        self.assertIn("3", message)  # heading row 1, the bad item on row 3
        self.assertIn("TipusRecurs", message)
        self.assertIn("Servei d'ajuda a domicili", message)
        self.assertNotIn("Traceback", message)

    def test_a_subtype_under_two_types_is_refused(self):
        clash = PORTFOLIO + "3. TECNOLÒGIQUES,1.1 Serveis socials bàsics,3.9 Ajuda\n"
        with self.assertRaises(CommandError):
            self.run_import("benefits", self.write(clash))
        self.assertFalse(Benefit.objects.exists())

    def test_a_missing_column_is_reported_before_any_row(self):
        path = self.write("TipusPrestacio,TipusRecurs\n1. A,1.1.1 B\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_catalogue", "benefits", str(path), stderr=err)
        self.assertIn("Subtipus", err.getvalue())


class CodeListImportTests(ImportCommandMixin, TestCase):
    def test_municipalities_take_their_province_by_code(self):
        ProvinceFactory(code="9", name="Barcelona")
        path = self.write("code,name,province\n22,Barcelona,9\n49,Cardedeu,9\n")
        out, _err = self.run_import("municipalities", path)
        self.assertEqual(self.last_line(out), "created 2, updated 0, unchanged 0")
        self.assertEqual(Municipality.objects.get(code="49").province.name, "Barcelona")

    def test_an_unknown_province_is_a_row_error(self):
        path = self.write("code,name,province\n22,Barcelona,9\n49,Cardedeu,99\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_catalogue", "municipalities", str(path), stderr=err)
        self.assertIn("province", err.getvalue())
        self.assertIn("99", err.getvalue())
        self.assertFalse(Municipality.objects.exists())

    def test_hestia_headings_and_semicolons_are_understood(self):
        path = self.write("Identificador;Descripció\n49;Cardedeu\n114;Llinars\n")
        out, _err = self.run_import("municipalities", path)
        self.assertEqual(self.last_line(out), "created 2, updated 0, unchanged 0")

    def test_a_changed_name_is_an_update(self):
        self.run_import("municipalities", self.write("code,name\n49,Cardedeu\n"))
        out, _err = self.run_import("municipalities", self.write("code,name\n49,X\n"))
        self.assertEqual(self.last_line(out), "created 0, updated 1, unchanged 0")

    def test_a_catalogue_is_imported_as_an_areas_own_entries(self):
        area = AreaFactory(code="NORD")
        path = self.write("code,name\nL1,Pròpia\n")
        self.run_import("demand-types", path, "--area", "NORD")
        self.assertEqual(DemandType.objects.get(code="L1").area, area)

    def test_tramit_types_name_the_benefit_they_pre_assign_by_code(self):
        self.run_import("benefits", self.write(PORTFOLIO))
        header = "code,name,kind,scope,pre_assigns\n"
        path = self.write(header + "SAD,Sol·licitud del SAD,propi,11,1.1.2.1\n")
        self.run_import("tramit-types", path)
        self.assertEqual(TramitType.objects.get().pre_assigns.code, "1.1.2.1")

    def test_a_problem_finds_its_type_within_its_year(self):
        ProblemTypeFactory(code="1", year=2024)
        ProblemTypeFactory(code="1", year=2025)
        path = self.write("year,code,name,type\n2025,1.1,Deute,1\n")
        self.run_import("problems", path)
        self.assertEqual(Problem.objects.get().type.year, 2025)

    def test_an_area_catalogue_needs_an_area(self):
        path = self.write("code,name\nS1,Taller\n")
        with self.assertRaisesMessage(CommandError, "--area"):
            self.run_import("siad-training-resources", path)


class OfficialFileTests(ImportCommandMixin, TestCase):
    """The official Hèstia files, read from the shared folder (never copied here)."""

    def test_the_whole_benefits_portfolio(self):
        path = official_file("TipusRecurs.csv")
        out, _err = self.run_import("benefits", path)
        # 286 rows: 237 items; 49 rows only repeat type 2's items (once spelt
        # without the accent) and are left out unsaid; 5.4.5 names two items.
        self.assertNotIn("left out", out)
        self.assertEqual(self.last_line(out), "created 237, updated 0, unchanged 0")
        self.assertEqual(Benefit.objects.count(), 237)
        self.assertEqual(BenefitType.objects.count(), 5)
        self.assertEqual(BenefitSubtype.objects.count(), 37)
        self.assertEqual(Benefit.objects.filter(code="5.4.5").count(), 2)
        home_help = Benefit.objects.get(code="1.1.2.1")
        self.assertEqual(home_help.subtype.type.name, "PRESTACIONS DE SERVEIS")
        out, _err = self.run_import("benefits", path)
        self.assertEqual(self.last_line(out), "created 0, updated 0, unchanged 237")

    def test_the_whole_municipality_list(self):
        path = official_file("Municipis.csv")
        out, _err = self.run_import("municipalities", path)
        self.assertEqual(self.last_line(out), "created 948, updated 0, unchanged 0")
        self.assertEqual(Municipality.objects.get(code="49").name, "Cardedeu")
        out, _err = self.run_import("municipalities", path)
        self.assertEqual(self.last_line(out), "created 0, updated 0, unchanged 948")

    def test_countries_and_provinces(self):
        self.run_import("countries", official_file("Paisos.csv"))
        self.run_import("provinces", official_file("Provincies.csv"))
        self.assertEqual(Country.objects.get(code="52").name, "Espanya")
        self.assertEqual(Province.objects.get(code="21").name, "Girona")

    def test_mother_tongues_and_street_types(self):
        """Issue 17.5: both lists are catalogues imported from their files."""
        out, _err = self.run_import(
            "mother-tongues", official_file("LlenguaMaterna.csv")
        )
        self.assertEqual(self.last_line(out), "created 98, updated 0, unchanged 0")
        self.assertEqual(MotherTongue.objects.get(code="19").name, "català")
        self.run_import("street-types", official_file("TipusVia.csv"))
        self.assertEqual(StreetType.objects.get(code="10").name, "CARRER")


MUNICIPALITIES = b"code,name\n22,Barcelona\n49,Cardedeu\n"


class ImportViewMixin:
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.superuser = UserFactory(is_superuser=True, area=None)
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        english_ui(cls.superuser, cls.coordinator)

    def setUp(self):
        self.client.force_login(self.superuser)
        folder = tempfile.TemporaryDirectory()  # where previewed uploads wait
        self.addCleanup(folder.cleanup)
        patcher = mock.patch.object(tempfile, "tempdir", folder.name)
        patcher.start()
        self.addCleanup(patcher.stop)

    def upload(self, key, content, name="file.csv"):
        url = reverse("configuration_catalogue_import", args=[key])
        return self.client.post(url, {"import_file": SimpleUploadedFile(name, content)})

    def confirm(self, key, token):
        url = reverse("configuration_catalogue_import_confirm", args=[key])
        return self.client.post(url, {"token": token})


class ImportViewTests(ImportViewMixin, TestCase):
    def test_the_preview_writes_nothing_and_offers_the_confirmation(self):
        response = self.upload("municipalities", MUNICIPALITIES)
        self.assertEqual(response.status_code, 200)
        outcome = response.context["outcome"]
        self.assertEqual((outcome.created, outcome.updated), (2, 0))
        self.assertTrue(response.context["token"])
        self.assertContains(response, "Cardedeu")
        self.assertFalse(Municipality.objects.exists())

    def test_confirming_imports_the_previewed_file(self):
        token = self.upload("municipalities", MUNICIPALITIES).context["token"]
        response = self.confirm("municipalities", token)
        self.assertRedirects(response, reverse("municipality:index"))
        self.assertEqual(Municipality.objects.count(), 2)

    def test_a_broken_file_shows_its_errors_and_cannot_be_confirmed(self):
        response = self.upload("municipalities", MUNICIPALITIES + b"55,\n")
        outcome = response.context["outcome"]
        self.assertEqual([(i.row, i.column) for i in outcome.issues], [(4, "name")])
        self.assertEqual(response.context["token"], "")
        self.assertFalse(Municipality.objects.exists())

    def test_an_xlsx_upload_works(self):
        book = openpyxl.Workbook()
        book.active.append(["Identificador", "Descripció"])
        book.active.append([49, "Cardedeu"])  # a number cell, as spreadsheets store it
        content = io.BytesIO()
        book.save(content)
        response = self.upload("municipalities", content.getvalue(), "m.xlsx")
        self.confirm("municipalities", response.context["token"])
        self.assertEqual(Municipality.objects.get().code, "49")

    def test_a_listing_export_imports_back_unchanged(self):
        path = official_file("TipusRecurs.csv")
        token = self.upload("benefits", path.read_bytes()).context["token"]
        self.confirm("benefits", token)
        exported = self.client.get(reverse("benefit:index"), {"export": "csv"})
        content = b"".join(exported.streaming_content)
        outcome = self.upload("benefits", content).context["outcome"]
        self.assertEqual((outcome.created, outcome.updated), (0, 0))
        self.assertEqual(outcome.unchanged, 237)

    def test_a_file_that_is_not_a_spreadsheet_is_refused(self):
        response = self.upload("municipalities", b"PK\x03\x04 broken", "m.xlsx")
        self.assertTrue(response.context["form"].errors)
        response = self.upload("municipalities", b"code,name\n", "m.pdf")
        self.assertTrue(response.context["form"].errors)

    def test_another_users_token_is_refused(self):
        token = self.upload("municipalities", MUNICIPALITIES).context["token"]
        self.client.force_login(UserFactory(is_superuser=True, area=None))
        response = self.confirm("municipalities", token)
        self.assertRedirects(
            response,
            reverse("configuration_catalogue_import", args=["municipalities"]),
        )
        self.assertFalse(Municipality.objects.exists())

    def test_a_coordinator_imports_their_areas_own_entries(self):
        self.client.force_login(self.coordinator)
        token = self.upload("demand-types", b"code,name\nL9,Local\n").context["token"]
        self.confirm("demand-types", token)
        self.assertEqual(DemandType.objects.get(code="L9").area, self.area)

    def test_a_coordinator_cannot_change_a_shared_entry_by_import(self):
        DemandTypeFactory(code="1", name="Assessorament")
        self.client.force_login(self.coordinator)
        response = self.upload("demand-types", b"code,name\n1,Una altra cosa\n")
        outcome = response.context["outcome"]
        self.assertEqual(outcome.issues, [])
        self.assertEqual(outcome.shared_codes, ["1"])  # left alone, and said so
        self.assertEqual(DemandType.objects.get().name, "Assessorament")

    def test_only_who_may_add_and_change_reaches_the_import(self):
        worker = professional(roles.TECNIC, area=self.area)
        for user, key in ((worker, "demand-types"), (self.coordinator, "countries")):
            with self.subTest(user=user.username, key=key):
                self.client.force_login(user)
                url = reverse("configuration_catalogue_import", args=[key])
                upload = {"import_file": SimpleUploadedFile("f.csv", MUNICIPALITIES)}
                response = self.client.post(url, upload)
                self.assertEqual(response.url, reverse("wagtailadmin_home"))

        url = reverse("configuration_catalogue_import", args=["nothing"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_listing_offers_import_only_to_who_may_import(self):
        self.client.force_login(self.coordinator)
        import_url = reverse("configuration_catalogue_import", args=["demand-types"])
        self.assertContains(self.client.get(reverse("demandtype:index")), import_url)
        import_url = reverse("configuration_catalogue_import", args=["municipalities"])
        response = self.client.get(reverse("municipality:index"))
        self.assertNotContains(response, import_url)


class AreaImportOfSharedCodesTests(ImportViewMixin, TestCase):
    """Issue 17.4: an area's import adds its own items and leaves shared ones."""

    def setUp(self):
        super().setUp()
        subtype = BenefitSubtype.objects.create(
            code="2.6",
            name="Carnets acreditatius",
            type=BenefitType.objects.create(code="2", name="PRESTACIONS ECONÒMIQUES"),
        )
        Benefit.objects.create(
            code="2.6.1", name="Carnet de discapacitat", subtype=subtype
        )
        self.client.force_login(self.coordinator)

    def test_shared_codes_are_left_alone_in_one_line_and_the_rest_imported(self):
        file = PORTFOLIO + (
            "2. PRESTACIONS ECONÒMIQUES,2.6. Carnets acreditatius,"
            "2.6.1. Carnet de discapacitat\n"
            "2. PRESTACIONS ECONÒMIQUES,2.6. Carnets acreditatius,"
            "2.6.1. Carnet de discapacitat (nom antic)\n"
        )
        response = self.upload("benefits", file.encode())
        outcome = response.context["outcome"]
        self.assertEqual(outcome.issues, [])
        self.assertEqual(outcome.shared_codes, ["2.6.1"])  # "2.6.1." is "2.6.1"
        self.assertEqual(outcome.created, 4)
        self.assertContains(response, "2 rows left alone: their codes 2.6.1 are shared")
        self.assertContains(response, "data-import-shared", count=1)
        response = self.confirm("benefits", response.context["token"])
        mine = Benefit.objects.filter(area=self.area)
        self.assertEqual(mine.count(), 4)
        self.assertFalse(mine.filter(code="2.6.1").exists())
        self.assertEqual(Benefit.objects.get(code="2.6.1").area, None)

    def test_the_confirmation_names_the_shared_entries_left_alone(self):
        file = "code,name\n1,Una altra cosa\nL9,Local\n"
        DemandTypeFactory(code="1", name="Assessorament")
        token = self.upload("demand-types", file.encode()).context["token"]
        response = self.confirm("demand-types", token)
        message = str(list(response.wsgi_request._messages)[0])
        self.assertIn("new entries: 1", message)
        self.assertIn("1 row left alone: its code 1 is a shared entry", message)
        self.assertEqual(DemandType.objects.get(code="1").name, "Assessorament")

    def test_the_support_desk_still_imports_the_whole_file_into_shared_entries(self):
        self.client.force_login(self.superuser)
        outcome = self.upload("benefits", PORTFOLIO.encode()).context["outcome"]
        self.assertEqual((outcome.created, outcome.shared), (4, []))


class NothingToImportTests(ImportViewMixin, TestCase):
    """Issue 17.7: a file that changes nothing offers no Import button."""

    def test_a_reimport_that_changes_nothing_says_so_and_offers_no_import(self):
        token = self.upload("municipalities", MUNICIPALITIES).context["token"]
        self.confirm("municipalities", token)
        response = self.upload("municipalities", MUNICIPALITIES)
        self.assertContains(response, "Nothing to import")
        confirm_url = reverse(
            "configuration_catalogue_import_confirm", args=["municipalities"]
        )
        self.assertNotContains(response, confirm_url)
        self.assertNotContains(response, "No row would change")

    def test_a_file_with_a_change_still_offers_the_import(self):
        response = self.upload("municipalities", MUNICIPALITIES)
        self.assertNotContains(response, "Nothing to import")
        self.assertContains(response, 'name="token"')


class WhoMayImportTests(ImportViewMixin, TestCase):
    """Issue 17.5: the screen says who imports each kind of list."""

    def test_a_coordinator_is_told_who_imports_municipalities(self):
        self.client.force_login(self.coordinator)
        url = reverse("configuration_catalogue_import", args=["municipalities"])
        response = self.client.get(url)
        self.assertContains(response, "Only the support desk (a superuser) imports")
        self.assertNotContains(response, 'name="import_file"')
        response = self.client.post(
            url, {"import_file": SimpleUploadedFile("m.csv", MUNICIPALITIES)}
        )
        self.assertEqual(Municipality.objects.count(), 0)

    def test_the_upload_screen_says_where_the_rows_go(self):
        url = reverse("configuration_catalogue_import", args=["demand-types"])
        self.assertContains(self.client.get(url), "You import the shared entries")
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(url), "You import your own area")
