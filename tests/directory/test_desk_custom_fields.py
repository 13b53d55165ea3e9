"""The extended block's configurable fields at the search desk (issue #22):
each is a filter of the desk and a column of its CSV/XLSX export (and of the
Explotació listings of person records, which reuse the desk), for the roles
that read the extended block only; another area's fields never appear; a
filter joins the PersonExtended row only when it is used; the desk and its
exports keep their query count with five extra fields as people grow. Run on
SQLite and PostgreSQL."""

import csv
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from configuration import roles
from configuration.models import CustomField, CustomFieldType
from directory.models import PersonExtended
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, BenefitFactory, professional

URL = "/admin/cercador/"
CHOICES = [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}]
HEADINGS = ["Programa", "Nivell", "Canals", "Fills", "Referent", "Ajut"]


def define(area, key, label, field_type, **fields) -> CustomField:
    return CustomField.objects.create(
        area=area,
        form="person",
        key=key,
        label_ca=label,
        field_type=field_type,
        **fields,
    )


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


class Fixture:
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)
        cls.aid = BenefitFactory(name="Ajut municipal")
        define(cls.area, "programme", "Programa", CustomFieldType.TEXT)
        define(cls.area, "level", "Nivell", CustomFieldType.CHOICE, choices=CHOICES)
        define(
            cls.area, "channels", "Canals", CustomFieldType.MULTIPLE, choices=CHOICES
        )
        define(cls.area, "children", "Fills", CustomFieldType.INTEGER)
        define(cls.area, "contact", "Referent", CustomFieldType.PERSON)
        define(
            cls.area,
            "aid",
            "Ajut",
            CustomFieldType.CATALOGUE,
            catalogue="configuration.Benefit",
        )
        cls.other_area = AreaFactory()
        define(cls.other_area, "secret", "Secret", CustomFieldType.TEXT)
        cls.anna = cls.person(
            "Anna",
            programme="Àlex Çalàbria",
            level="a",
            channels=["a", "b"],
            children=3,
            aid=cls.aid.pk,
        )
        cls.pere = cls.person(
            "Pere",
            programme="àlex",
            level="b",
            channels=["b"],
            children=10,
            contact=cls.anna.pk,
            secret="no",
        )
        cls.joan = cls.person("Joan")  # an extended block without values
        cls.rosa = cls.person("Rosa", extended=False)  # no extended block

    @classmethod
    def person(cls, first_name, *, extended=True, **extra):
        person = person_save(
            person=new_person(cls.area, cls.worker, first_name=first_name),
            acting_user=cls.worker,
        )
        if extended:
            PersonExtended.objects.create(person=person, extra=extra)
        return person

    def setUp(self):
        self.client.force_login(self.worker)


class DeskFilterTests(Fixture, TestCase):
    def listed(self, **params) -> set[str]:
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["filters"].errors)
        return {person.first_name for person in response.context["object_list"]}

    def test_each_field_filters_the_desk(self):
        cases = [
            ({"cf_programme": "alex"}, {"Anna", "Pere"}),
            ({"cf_programme": "ÀLEX"}, {"Anna", "Pere"}),
            ({"cf_programme": "çal"}, {"Anna"}),
            ({"cf_programme": "calabria"}, {"Anna"}),
            ({"cf_level": "b"}, {"Pere"}),
            ({"cf_channels": "b"}, {"Anna", "Pere"}),
            ({"cf_channels": "a"}, {"Anna"}),
            ({"cf_children_min": "4"}, {"Pere"}),
            ({"cf_contact": "garcia anna"}, {"Pere"}),
            ({"cf_aid": str(self.aid.pk)}, {"Anna"}),
            # With the box: both narrow.
            ({"q": "pere garcia", "cf_level": "b"}, {"Pere"}),
            ({"q": "anna garcia", "cf_level": "b"}, set()),
        ]
        for params, expected in cases:
            with self.subTest(**params):
                self.assertEqual(self.listed(**params), expected)

    def test_a_filter_alone_is_a_search(self):
        # The desk starts empty; a configurable filter is a criterion.
        self.assertEqual(self.listed(), set())
        self.assertEqual(self.listed(cf_level="a"), {"Anna"})

    def test_only_the_users_area_fields_in_force_are_filters(self):
        fields = self.client.get(URL).context["filters"].form.fields
        for key in ("programme", "level", "channels", "children", "contact", "aid"):
            self.assertIn(f"cf_{key}", fields)
        self.assertNotIn("cf_secret", fields)
        self.assertIn("Nivell", self.client.get(URL).content.decode())

    def test_another_areas_worker_gets_only_their_filters(self):
        stranger = professional(roles.TECNIC, area=self.other_area)
        self.client.force_login(stranger)
        fields = self.client.get(URL).context["filters"].form.fields
        self.assertIn("cf_secret", fields)
        self.assertNotIn("cf_level", fields)

    def test_a_role_that_does_not_read_the_extended_block_gets_no_filter(self):
        self.client.force_login(self.auxiliar)
        response = self.client.get(URL, {"q": "garcia", "cf_level": "b"})
        fields = response.context["filters"].form.fields
        self.assertFalse([name for name in fields if name.startswith("cf_")])
        self.assertNotIn("Nivell", response.content.decode())
        # What it asks about is not told by the rows either: ignored.
        listed = {person.first_name for person in response.context["object_list"]}
        self.assertEqual(listed, {"Anna", "Pere", "Joan", "Rosa"})

    def test_the_extended_row_is_joined_only_when_a_filter_asks(self):
        table = PersonExtended._meta.db_table
        for params, joined in (
            ({"q": "garcia"}, False),
            ({"q": "garcia", "cf_level": "a"}, True),
        ):
            with CaptureQueriesContext(connection) as queries:
                self.client.get(URL, params)
            listing = [q["sql"] for q in queries if "search_name" in q["sql"]]
            with self.subTest(**params):
                self.assertTrue(listing)
                self.assertEqual(any(table in sql for sql in listing), joined)

    def test_the_desk_keeps_its_query_count_as_people_grow(self):
        params = {"cf_channels": "b", "cf_programme": "alex", "cf_children_min": "1"}
        with CaptureQueriesContext(connection) as before:
            self.client.get(URL, params)
        for number in range(5):
            self.person(
                f"Nom{number}",
                programme="Àlex",
                channels=["b"],
                children=number + 1,
                contact=self.anna.pk,
                aid=self.aid.pk,
            )
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(URL, params)
        self.assertEqual(len(response.context["object_list"]), 7)
        self.assertEqual(len(before), len(after))


class DeskExportTests(Fixture, TestCase):
    def test_csv_ends_with_a_column_per_field_as_people_read_them(self):
        rows = csv_rows(self.client.get(URL, {"q": "garcia", "export": "csv"}))
        self.assertEqual(rows[0][-6:], HEADINGS)
        self.assertNotIn("Secret", rows[0])
        by_name = {row[2]: row[-6:] for row in rows[1:]}
        self.assertEqual(
            by_name["Anna"],
            ["Àlex Çalàbria", "Alta", "Alta; Baixa", "3", "", "Ajut municipal"],
        )
        self.assertEqual(
            by_name["Pere"], ["àlex", "Baixa", "Baixa", "10", self.anna.full_name, ""]
        )
        self.assertEqual(by_name["Joan"], [""] * 6)
        self.assertEqual(by_name["Rosa"], [""] * 6)

    def test_xlsx_has_the_same_columns(self):
        rows = xlsx_rows(self.client.get(URL, {"q": "garcia", "export": "xlsx"}))
        self.assertEqual(list(rows[0][-6:]), HEADINGS)
        anna = next(row for row in rows[1:] if row[2] == "Anna")
        self.assertEqual(
            list(anna[-6:]),
            ["Àlex Çalàbria", "Alta", "Alta; Baixa", "3", None, "Ajut municipal"],
        )

    def test_the_filter_narrows_the_export(self):
        rows = csv_rows(self.client.get(URL, {"cf_level": "b", "export": "csv"}))
        self.assertEqual([row[2] for row in rows[1:]], ["Pere"])

    def test_a_role_that_does_not_read_the_extended_block_exports_no_column(self):
        self.client.force_login(self.auxiliar)
        for export in ("csv", "xlsx"):
            response = self.client.get(URL, {"q": "garcia", "export": export})
            rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
            with self.subTest(export=export):
                self.assertEqual(len(rows), 5)
                self.assertFalse(set(HEADINGS) & set(rows[0]))

    def test_another_areas_worker_exports_only_their_columns(self):
        stranger = professional(roles.TECNIC, area=self.other_area)
        self.client.force_login(stranger)
        rows = csv_rows(self.client.get(URL, {"q": "garcia", "export": "csv"}))
        self.assertEqual(rows[0][-1], "Secret")
        self.assertFalse(set(HEADINGS) & set(rows[0]))

    def test_exports_keep_their_query_count_as_people_grow(self):
        counts = []
        for grown in (0, 5):
            for number in range(grown):
                self.person(
                    f"Nom{number}",
                    programme=f"P-{number}",
                    level="a",
                    contact=self.person(f"Altre{number}").pk,
                    aid=BenefitFactory().pk,
                )
            for export in ("csv", "xlsx"):
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(URL, {"q": "garcia", "export": export})
                    b"".join(response.streaming_content)
                counts.append((export, len(queries)))
        self.assertEqual(counts[:2], counts[2:])


class ExplotacioPersonListingTests(Fixture, TestCase):
    def url(self, key="persons-new"):
        return reverse("reports_explotacio_listing", args=[key])

    def test_the_person_listings_export_the_columns(self):
        rows = csv_rows(self.client.get(self.url(), {"export": "csv"}))
        self.assertEqual(rows[0][-6:], HEADINGS)
        by_name = {row[2]: row[-6:] for row in rows[1:]}
        self.assertEqual(by_name["Pere"][:2], ["àlex", "Baixa"])
        rows = xlsx_rows(self.client.get(self.url(), {"export": "xlsx"}))
        self.assertEqual(list(rows[0][-6:]), HEADINGS)

    def test_not_for_a_role_that_does_not_read_the_extended_block(self):
        self.client.force_login(self.auxiliar)
        response = self.client.get(self.url(), {"export": "csv"})
        if response.status_code == 404:
            return  # the role runs no Explotació listing at all
        self.assertFalse(set(HEADINGS) & set(csv_rows(response)[0]))
