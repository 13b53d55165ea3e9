"""Importing an area's subsectors and teams: own area only, all or nothing."""

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.imports import IMPORTS_BY_KEY, catalogue_import, read_dataset
from configuration.models import Subsector, Team
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    SectorFactory,
    professional,
)


def run(key, text, area, dry_run=False):
    raw = read_dataset(text.encode(), file_format="csv")
    return catalogue_import(
        spec=IMPORTS_BY_KEY[key], raw=raw, area=area, dry_run=dry_run
    )


class OrganisationImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.other = AreaFactory()
        cls.cardedeu = SectorFactory(
            area=cls.area, municipality=MunicipalityFactory(code="49")
        )
        cls.llinars = SectorFactory(
            area=cls.area, municipality=MunicipalityFactory(code="114")
        )
        cls.foreign = SectorFactory(
            area=cls.other, municipality=MunicipalityFactory(code="95")
        )

    def test_subsectors_are_created_in_the_areas_sectors_and_reimport_is_unchanged(
        self,
    ):
        text = "sector,name\n49,Nucli antic\n114,Can Sans\n"
        outcome = run("subsectors", text, self.area)
        self.assertTrue(outcome.ok, outcome.issues)
        self.assertEqual(outcome.summary, "created 2, updated 0, unchanged 0")
        self.assertEqual(
            set(Subsector.objects.values_list("sector__municipality__code", "name")),
            {("49", "Nucli antic"), ("114", "Can Sans")},
        )
        self.assertEqual(
            run("subsectors", text, self.area).summary,
            "created 0, updated 0, unchanged 2",
        )

    def test_another_areas_sector_is_a_row_error_and_nothing_is_written(self):
        outcome = run("subsectors", "sector,name\n49,Centre\n95,Centre\n", self.area)
        self.assertFalse(outcome.ok)
        issue = outcome.issues[0]
        self.assertEqual((issue.row, issue.column), (3, "sector"))
        self.assertIn("95", issue.message)
        self.assertFalse(Subsector.objects.exists())

    def test_teams_with_their_sectors(self):
        text = (
            "name,kind,sectors\n"
            "Equip Nord,territorial,49;114\n"
            "Equip Infància,thematic,49\n"
        )
        outcome = run("teams", text, self.area)
        self.assertTrue(outcome.ok, outcome.issues)
        team = Team.objects.get(name="Equip Nord")
        self.assertEqual(team.area, self.area)
        self.assertEqual(set(team.sectors.all()), {self.cardedeu, self.llinars})
        changed = run(
            "teams", "name,kind,sectors\nEquip Nord,territorial,49\n", self.area
        )
        self.assertEqual(changed.summary, "created 0, updated 1, unchanged 0")
        self.assertEqual(list(team.sectors.all()), [self.cardedeu])

    def test_a_bad_team_kind_writes_nothing(self):
        outcome = run(
            "teams", "name,kind\nEquip A,territorial\nEquip B,galactic\n", self.area
        )
        self.assertFalse(outcome.ok)
        self.assertEqual(outcome.issues[0].row, 3)
        self.assertFalse(Team.objects.exists())

    def test_the_same_team_name_in_another_area_is_another_team(self):
        run("teams", "name,kind\nEquip A,territorial\n", self.other)
        run("teams", "name,kind\nEquip A,thematic\n", self.area)
        self.assertEqual(Team.objects.filter(name="Equip A").count(), 2)


class OrganisationImportScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        SectorFactory(area=cls.area, municipality=MunicipalityFactory(code="49"))

    def test_the_administrator_imports_teams_from_the_listing(self):
        administrator = professional(roles.ADMINISTRADOR, area=self.area)
        self.client.force_login(administrator)
        listing = self.client.get(reverse("team:index"))
        url = reverse("configuration_catalogue_import", args=["teams"])
        self.assertContains(listing, url)
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(
            "equips.csv", b"name,kind,sectors\nEquip X,territorial,49\n"
        )
        preview = self.client.post(url, {"import_file": upload})
        self.assertEqual(preview.status_code, 200)
        self.assertFalse(Team.objects.exists())  # a preview writes nothing

    def test_a_coordinator_cannot_import_teams(self):
        self.client.force_login(professional(roles.COORDINADOR, area=self.area))
        url = reverse("configuration_catalogue_import", args=["teams"])
        response = self.client.get(url)  # says who imports teams, offers no upload
        self.assertContains(response, "data-import-who")
        self.assertNotContains(response, 'name="import_file"')
        self.assertNotContains(self.client.get(reverse("team:index")), url)
