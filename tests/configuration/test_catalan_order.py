"""Issue 17.11: names sort as Catalan readers expect on both databases, drop-downs
show labels, not codes, and document types come in a front desk's order."""

from django.db import connection
from django.test import TestCase

from configuration.choices import LabelChoiceField
from configuration.enums import DocumentType
from configuration.models import Country, Municipality, Province, User
from directory.models import Person
from tests.factories import UserFactory
from tests.factories.casework import resident, territory


class CatalanOrderTests(TestCase):
    def test_provinces_sort_by_name_with_accents_among_their_letters(self):
        for code, name in (("9", "Barcelona"), ("21", "Girona"), ("1", "Àlaba")):
            Province.objects.create(code=code, name=name)
        Province.objects.create(code="47", name="Tarragona")
        names = list(Province.objects.values_list("name", flat=True))
        self.assertEqual(names, ["Àlaba", "Barcelona", "Girona", "Tarragona"])

    def test_municipalities_and_professionals_too(self):
        for code, name in (("1", "Zamora"), ("2", "Òdena"), ("3", "Abrera")):
            Municipality.objects.create(code=code, name=name)
        self.assertEqual(
            list(Municipality.objects.values_list("name", flat=True)),
            ["Abrera", "Òdena", "Zamora"],
        )
        for last_name in ("Zapata", "Ávila", "bosch", "Alba"):
            UserFactory(last_name=last_name, first_name="Pere")
        listed = User.objects.filter(first_name="Pere")
        self.assertEqual(
            list(listed.values_list("last_name", flat=True)),
            ["Alba", "Ávila", "bosch", "Zapata"],
        )

    def test_persons_sort_by_their_normalised_name(self):
        t = territory()
        for surname in ("Zamora", "Ávila", "Bosch"):
            resident(t, surname1=surname)
        surnames = Person.objects.values_list("surname1", flat=True)
        self.assertEqual(list(surnames), ["Ávila", "Bosch", "Zamora"])


class DropDownLabelTests(TestCase):
    # Forms choose code-list entries through LabelChoiceField (ScopedAdminForm
    # does it for every code-list field); __str__ keeps the code for exports.
    def test_countries_and_provinces_show_their_names_only(self):
        Country.objects.create(code="52", name="Espanya")
        Province.objects.create(code="21", name="Girona")
        for model in (Country, Province):
            field = LabelChoiceField(model.objects.all())
            labels = [label for _value, label in field.choices][1:]
            self.assertEqual(len(labels), 1)
            self.assertFalse(labels[0][0].isdigit(), labels)

    def test_document_types_come_in_a_front_desks_order(self):
        self.assertEqual(
            DocumentType.values,
            [
                DocumentType.NIF_NIE,
                DocumentType.DNI_WITHOUT_LETTER,
                DocumentType.PASSPORT,
                DocumentType.OTHER,
                DocumentType.NONE,
            ],
        )
        self.assertEqual(DocumentType.values[:2], [0, 4])  # the codes never change


class PersonOrderPlanTests(TestCase):
    """The person listing's order is read from an index, not sorted per query."""

    def test_the_person_order_uses_the_name_index(self):
        # The listing's shape: one area's people, first page, default order.
        area = territory().area
        queryset = Person.objects.filter(area=area)[:25]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " ".join(str(row) for row in cursor.fetchall())
                self.assertNotIn("TEMP B-TREE", plan)
            else:
                # A handful of test rows: make the planner pick as it does on a
                # full table, where reading the index in order is cheapest. LOCAL:
                # the test's transaction only, never the next tests' connection.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
                cursor.execute(f"EXPLAIN {sql}", params)
                lines = [row[0] for row in cursor.fetchall()]
                self.assertTrue(any("Index" in line for line in lines), lines)
                # An incremental sort orders ties (same name) from the index's
                # order; a full sort would read every row.
                full_sorts = [
                    line
                    for line in lines
                    if "Sort" in line and "Incremental" not in line
                ]
                self.assertEqual(full_sorts, [], lines)
