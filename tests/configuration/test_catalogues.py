"""Catalogues: shared official entries, each area's own, and who may change which."""

import csv
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from configuration import demo_catalogues, roles
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    Benefit,
    CaseOrigin,
    ClosingReason,
    DemandType,
    DocumentKind,
    Municipality,
    Problem,
    ProblemType,
    RelationshipType,
)
from configuration.models.catalogues import current_year
from tests.factories import (
    AreaFactory,
    BenefitFactory,
    BenefitSubtypeFactory,
    DemandTypeFactory,
    MunicipalityFactory,
    ProblemTypeFactory,
    SiadTrainingResourceFactory,
    UserFactory,
    professional,
)


class CatalogueFixtures:
    """Two areas, a coordinator of the first, one shared and one own entry each."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.other_area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.shared = DemandTypeFactory(code="1", name="Assessorament")
        cls.own = DemandTypeFactory(code="L1", name="Pròpia", area=cls.area)
        cls.foreign = DemandTypeFactory(
            code="L1", name="D'una altra", area=cls.other_area
        )


class CatalogueVisibilityTests(CatalogueFixtures, TestCase):
    def visible_codes(self, user):
        return set(DemandType.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_professional_sees_shared_entries_and_their_areas_own(self):
        self.assertEqual(
            self.visible_codes(self.coordinator), {self.shared.pk, self.own.pk}
        )

    def test_a_professional_never_sees_another_areas_own_entries(self):
        self.assertNotIn(self.foreign.pk, self.visible_codes(self.coordinator))

    def test_an_area_less_professional_sees_only_shared_entries(self):
        agent = professional(roles.SUPORT, area=None)
        self.assertEqual(self.visible_codes(agent), {self.shared.pk})

    def test_a_superuser_sees_every_entry(self):
        superuser = UserFactory(is_superuser=True, area=None)
        self.assertEqual(len(self.visible_codes(superuser)), 3)

    def test_an_inactive_professional_sees_nothing(self):
        self.coordinator.is_active = False
        self.assertEqual(self.visible_codes(self.coordinator), set())

    def test_active_leaves_out_deactivated_entries(self):
        DemandTypeFactory(code="2", is_active=False)
        self.assertEqual(set(DemandType.objects.shared().active()), {self.shared})


class CatalogueRuleTests(CatalogueFixtures, TestCase):
    def test_a_shared_code_is_unique_among_shared_entries(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            DemandType.objects.create(code="1", name="Una altra")

    def test_a_local_code_is_unique_within_its_area_only(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            DemandType.objects.create(code="L1", name="Repetida", area=self.area)
        DemandType.objects.create(code="L1", name="Tercera", area=AreaFactory())

    def test_a_local_entry_may_not_reuse_a_shared_code(self):
        entry = DemandType(code="1", name="Ombra", area=self.area)
        with self.assertRaises(ValidationError) as raised:
            entry.full_clean()
        self.assertIn("code", raised.exception.message_dict)

    def test_an_entry_hangs_only_under_a_shared_or_same_area_parent(self):
        foreign_subtype = BenefitSubtypeFactory(area=self.other_area)
        benefit = BenefitFactory.build(area=self.area, subtype=foreign_subtype)
        with self.assertRaises(ValidationError) as raised:
            benefit.full_clean()
        self.assertIn("subtype", raised.exception.message_dict)

    def test_one_printed_code_may_name_two_benefits(self):
        subtype = BenefitSubtypeFactory()
        BenefitFactory(code="5.4.5", name="Reforç Escolar primària", subtype=subtype)
        BenefitFactory(code="5.4.5", name="Servei execució de mesures", subtype=subtype)
        self.assertEqual(Benefit.objects.filter(code="5.4.5").count(), 2)

    def test_problems_are_versioned_by_year(self):
        ProblemTypeFactory(code="1", year=2024)
        ProblemTypeFactory(code="1", year=2025)
        self.assertEqual(ProblemType.objects.filter(code="1").count(), 2)

    def test_a_problem_belongs_to_a_type_of_its_year(self):
        problem_type = ProblemTypeFactory(code="1", year=2024)
        problem = Problem(code="1.1", name="Deute", type=problem_type, year=2025)
        with self.assertRaises(ValidationError) as raised:
            problem.full_clean()
        self.assertIn("type", raised.exception.message_dict)

    def test_area_catalogues_have_no_shared_entries(self):
        entry = SiadTrainingResourceFactory.build(area=None)
        with self.assertRaises(ValidationError) as raised:
            entry.full_clean()
        self.assertIn("area", raised.exception.message_dict)


class CatalogueAdminTests(CatalogueFixtures, TestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def url(self, view, entry=None, model="demandtype"):
        return reverse(f"{model}:{view}", args=[entry.pk] if entry else [])

    def test_another_areas_own_entry_answers_404_everywhere(self):
        for view in ("edit", "inspect", "delete", "history"):
            with self.subTest(view=view):
                response = self.client.get(self.url(view, self.foreign))
                self.assertEqual(response.status_code, 404)

    def test_a_coordinator_cannot_edit_a_shared_entry(self):
        response = self.client.get(self.url("edit", self.shared))
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.client.post(self.url("edit", self.shared), {"code": "1", "name": "X"})
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.name, "Assessorament")

    def test_a_coordinator_can_read_a_shared_entry(self):
        response = self.client.get(self.url("inspect", self.shared))
        self.assertContains(response, "Assessorament")

    def test_a_coordinator_edits_their_areas_own_entry(self):
        data = {"code": "L1", "name": "Renamed", "sort_order": 3, "is_active": "on"}
        response = self.client.post(self.url("edit", self.own), data)
        self.assertEqual(response.status_code, 302)
        self.own.refresh_from_db()
        self.assertEqual((self.own.name, self.own.area), ("Renamed", self.area))

    def test_a_new_entry_joins_the_coordinators_area(self):
        data = {"code": "L2", "name": "Nova", "sort_order": 1, "is_active": "on"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DemandType.objects.get(code="L2").area, self.area)

    def test_a_new_entry_may_not_reuse_a_code_of_its_scope(self):
        for code in ("1", "L1"):  # shared, then the area's own
            with self.subTest(code=code):
                data = {"code": code, "name": "Repetida", "sort_order": 1}
                response = self.client.post(self.url("add"), data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertEqual(DemandType.objects.filter(name="Repetida").count(), 0)

    def test_only_a_superuser_chooses_the_area(self):
        response = self.client.get(self.url("add"))
        self.assertNotIn("area", response.context["form"].fields)
        self.client.force_login(UserFactory(is_superuser=True, area=None))
        response = self.client.get(self.url("add"))
        self.assertIn("area", response.context["form"].fields)

    def test_a_superuser_edits_a_shared_entry(self):
        self.client.force_login(UserFactory(is_superuser=True, area=None))
        data = {"area": "", "code": "1", "name": "Assessorament jurídic"}
        data["sort_order"] = 1
        response = self.client.post(self.url("edit", self.shared), data)
        self.assertEqual(response.status_code, 302)
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.name, "Assessorament jurídic")

    def test_the_listing_shows_shared_and_own_entries_never_anothers(self):
        response = self.client.get(self.url("index"))
        listed = set(response.context["object_list"])
        self.assertEqual(listed, {self.shared, self.own})

    def test_the_listing_links_only_rows_the_user_may_edit(self):
        response = self.client.get(self.url("index"))
        self.assertContains(response, self.url("edit", self.own))
        self.assertNotContains(response, self.url("edit", self.shared))

    def test_rows_are_reordered_only_by_who_may_change_them_all(self):
        url = reverse("demandtype:reorder", args=[self.own.pk]) + "?position=0"
        response = self.client.post(url)
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.sort_order, 0)

    def test_an_area_catalogue_is_reordered_by_its_coordinator(self):
        first = SiadTrainingResourceFactory(area=self.area, sort_order=1)
        second = SiadTrainingResourceFactory(area=self.area, sort_order=2)
        SiadTrainingResourceFactory(area=self.other_area, sort_order=0)
        url = reverse("siadtrainingresource:reorder", args=[second.pk])
        response = self.client.post(url + "?position=0")
        self.assertEqual(response.status_code, 200)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertLess(second.sort_order, first.sort_order)

    def test_roles_without_catalogue_rights_do_not_see_the_menu(self):
        worker = professional(roles.TECNIC, area=self.area)
        for user, shown in ((self.coordinator, True), (worker, False)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(self.url("index") in response.content.decode(), shown)

    def test_reference_tables_are_read_only_for_coordinators(self):
        municipality = MunicipalityFactory()
        index = reverse("municipality:index")
        self.assertContains(self.client.get(index), municipality.name)
        edit = reverse("municipality:edit", args=[municipality.pk])
        self.assertEqual(self.client.get(edit).url, reverse("wagtailadmin_home"))
        self.assertEqual(self.client.get(reverse("municipality:add")).status_code, 302)


class CatalogueListingQueryTests(TestCase):
    """The listing runs as many queries for 20 rows as for 2 (style.md G23)."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.subtype = BenefitSubtypeFactory()

    def add_benefits(self, count, **kwargs):
        for _ in range(count):
            BenefitFactory(subtype=self.subtype, **kwargs)

    def count_queries(self, url):
        with CaptureQueriesContext(connection) as context:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(context.captured_queries)

    def test_the_benefit_listing_does_not_grow_with_its_rows(self):
        self.client.force_login(self.coordinator)
        url = reverse("benefit:index")
        self.add_benefits(1)
        self.add_benefits(1, area=self.area)
        self.count_queries(url)  # warm caches (content types, permissions)
        queries = self.count_queries(url)
        self.add_benefits(9)
        self.add_benefits(9, area=self.area)
        with self.assertNumQueries(queries):
            self.client.get(url)


HESTIA_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "hestia-interface"


def official_names(filename: str) -> dict[str, str]:
    """Return code -> name of an official two-column Hèstia file."""
    with (HESTIA_DIR / filename).open(encoding="utf-8-sig") as handle:
        return {
            row["Identificador"]: row["Descripció"] for row in csv.DictReader(handle)
        }


class DemoCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def test_the_closed_lists_are_complete(self):
        expected = {
            DemandType: 5,
            ActuacioType: 6,
            ActuacioPlace: 12,
            CaseOrigin: 12,
            ClosingReason: 8,
            DocumentKind: 6,
            RelationshipType: 10,
        }
        for model, count in expected.items():
            with self.subTest(model=model.__name__):
                self.assertEqual(model.objects.shared().count(), count)

    def test_benefits_cover_the_five_types_with_a_tree(self):
        benefits = Benefit.objects.select_related("subtype__type")
        types = {benefit.subtype.type.code for benefit in benefits}
        self.assertEqual(types, {"1", "2", "3", "4", "5"})
        self.assertGreaterEqual(benefits.count(), 30)

    def test_problems_are_loaded_for_the_current_year(self):
        years = set(Problem.objects.values_list("year", "type__year"))
        self.assertEqual(years, {(current_year(), current_year())})

    def test_demo_codes_and_names_are_the_official_ones(self):
        if not HESTIA_DIR.exists():
            self.skipTest(f"{HESTIA_DIR} is not available")
        names = official_names("Municipis.csv")
        for municipality in Municipality.objects.all():
            self.assertEqual(names[municipality.code], municipality.name)
        with (HESTIA_DIR / "TipusRecurs.csv").open(encoding="utf-8-sig") as handle:
            items = {row["TipusRecurs"].strip() for row in csv.DictReader(handle)}
        for code, name, _subtype in demo_catalogues.BENEFITS:
            self.assertTrue(
                {f"{code} {name}", f"{code}. {name}"} & items, f"{code} {name}"
            )
