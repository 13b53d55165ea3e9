"""Issue #22 in Memòries: a coordinator adds a table counting a form's rows by
one of its choice fields (the area's own or shared, deactivated ones too),
with the common filters and the counting choice, its help text, "explain
this number" (scoped, audited), the publishable suppression and the XLSX and
PDF; another area's fields never appear (404 when forced)."""

from datetime import date
from io import BytesIO

from auditlog.models import LogEntry
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from casework.models import Demand
from configuration.exports import sheet_title, unique_sheet_title
from configuration.models import CustomField, CustomFieldType
from reports.breakdowns import UNKNOWN, Criteria, expedients
from reports.custom_breakdowns import choice_members
from reports.enums import DateBasis
from reports.views import EXPLAIN_EVENT
from tests.factories import DemandTypeFactory
from tests.factories.casework import resident
from tests.website.test_learning import pdf_text

from .fixtures import YEAR, ReturnData, case, moment

RETURN = reverse("reports_return")
TABLE = "custom_choice.demand.aid"
EXPLAIN = reverse("reports_explain", args=[TABLE])
AID = [{"code": "yes", "label": "Amb ajut"}, {"code": "no", "label": "Sense ajut"}]


class ChoiceTableData(ReturnData):
    """Demands with the area's one-choice field "aid", by date asked in 2025:
    yes (A), no (B), not recorded (B). Counted only by registration date: a
    demand asked in 2024 and recorded in 2025 (yes). Never: a deleted one,
    the other area's."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dtype = DemandTypeFactory(name="Orientació")
        cls.aid = CustomField.objects.create(
            area=cls.t.area,
            form="demand",
            key="aid",
            label_ca="Ajut municipal",
            field_type=CustomFieldType.CHOICE,
            choices=AID,
        )
        CustomField.objects.create(
            form="demand",
            key="ways",
            label_ca="Vies d'accés",
            field_type=CustomFieldType.MULTIPLE,
            choices=[{"code": "web", "label": "Web"}],
            deactivated_on=date(2025, 6, 1),
        )
        CustomField.objects.create(
            area=cls.other.area,
            form="demand",
            key="secret",
            label_ca="Camp de l'altra àrea",
            field_type=CustomFieldType.CHOICE,
            choices=AID,
        )
        cls.yes = cls.demand(cls.a, date(2025, 3, 1), aid="yes")
        cls.no = cls.demand(cls.b, date(2025, 4, 1), aid="no")
        cls.blank = cls.demand(cls.b, date(2025, 5, 1))
        cls.late = cls.demand(
            cls.a, date(2024, 12, 1), recorded=date(2025, 1, 2), aid="yes"
        )
        gone = cls.demand(cls.a, date(2025, 6, 1), aid="yes")
        Demand.all_objects.filter(pk=gone.pk).update(deleted_at=moment(YEAR_END))
        cls.demand(cls.o, date(2025, 3, 1), aid="yes", secret="yes")

    @classmethod
    def demand(cls, expedient, on, *, recorded=None, **extra) -> Demand:
        row = Demand.objects.create(
            expedient=expedient, type=cls.dtype, date=on, extra=extra
        )
        Demand.all_objects.filter(pk=row.pk).update(created_at=moment(recorded or on))
        return row

    def query(self, **extra):
        return {
            "definition": self.definition.pk,
            "year": YEAR,
            "count_by": "demand:aid",
            **extra,
        }

    def table(self, response):
        return next(
            table
            for table in response.context["tables"]
            if table["title"] == "Demanda: Ajut municipal"
        )


YEAR_END = date(YEAR, 12, 31)


class SheetTitleTests(SimpleTestCase):
    def test_two_tables_never_share_a_sheet(self):
        taken = {"fitxa"}
        long = "Situació laboral de la persona sol·licitant"
        names = [
            unique_sheet_title(sheet_title(label), taken)
            for label in (
                long,
                long + " (bis)",
                "Fitxa",
                "FITXA",
                "History",
                "a/b",
                "a:b",
            )
        ]
        self.assertEqual(
            names,
            [
                "Situació laboral de la persona",
                "Situació laboral de la pers (2)",
                "Fitxa (2)",
                "FITXA (3)",
                "History (2)",
                "A b",
                "A b (2)",
            ],
        )
        self.assertTrue(all(len(name) <= 31 for name in names))


def figures(table) -> dict:
    return {row["label"]: row["total"]["value"] for row in table["rows"]}


class ChoiceTableTests(ChoiceTableData, TestCase):
    def setUp(self):
        self.client.force_login(self.t.coordinator)

    def test_the_choices_are_the_areas_and_shared_fields_deactivated_included(self):
        response = self.client.get(RETURN)
        choices = dict(response.context["form"].fields["count_by"].choices)
        self.assertEqual(choices["demand:aid"], "Demanda: Ajut municipal")
        self.assertEqual(choices["demand:ways"], "Demanda: Vies d'accés (desactivat)")
        self.assertNotIn("demand:secret", choices)
        self.assertNotContains(response, "Camp de l&#x27;altra àrea")

    def test_the_table_counts_by_the_counting_choice(self):
        happened = self.table(self.client.get(RETURN, self.query()))
        self.assertEqual(
            figures(happened), {"Amb ajut": 1, "Sense ajut": 1, "No consta": 1}
        )
        self.assertEqual(happened["total"]["value"], 3)
        registered = self.table(
            self.client.get(RETURN, self.query(basis=DateBasis.REGISTERED))
        )
        self.assertEqual(
            figures(registered), {"Amb ajut": 2, "Sense ajut": 1, "No consta": 1}
        )

    def test_the_common_filters_narrow_it_like_the_other_tables(self):
        # The team's rule is the expedients' (reports.breakdowns.expedients).
        response = self.client.get(RETURN, self.query(team=self.t.team.pk))
        table = self.table(response)
        criteria = Criteria(
            user=self.t.coordinator,
            area_id=self.t.area.pk,
            start=date(YEAR, 1, 1),
            end=YEAR_END,
            team_id=self.t.team.pk,
        )
        counted = choice_members(criteria, form="demand", key="aid")
        self.assertEqual(table["total"]["value"], counted.count())
        self.assertLessEqual(
            set(counted.values_list("expedient_id", flat=True)),
            set(expedients(criteria).values_list("pk", flat=True)),
        )
        self.demand(self.c, date(2025, 8, 1), aid="no")  # the other sector's
        sector = self.table(
            self.client.get(RETURN, self.query(sector=self.t.sector.pk))
        )
        everywhere = self.table(self.client.get(RETURN, self.query()))
        self.assertEqual(figures(sector)["Sense ajut"], 1)
        self.assertEqual(figures(everywhere)["Sense ajut"], 2)

    def test_help_text_and_explain_links_list_what_was_counted(self):
        response = self.client.get(RETURN, self.query())
        table = self.table(response)
        self.assertContains(response, escape(table["help_text"]))
        self.assertIn("Demanda", table["help_text"])
        yes = table["rows"][0]["total"]["url"]
        self.assertTrue(yes.startswith(EXPLAIN))
        listing = self.client.get(yes)
        self.assertEqual(listing.status_code, 200)
        self.assertEqual(listing.context["row"], "Amb ajut")
        self.assertEqual(
            [line[0][0] for line in listing.context["lines"]], [self.a.number]
        )
        entry = LogEntry.objects.filter(additional_data__event=EXPLAIN_EVENT).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["criteria"]["table"], TABLE)
        self.assertEqual(entry.additional_data["criteria"]["row"], "yes")
        # Not recorded, and the whole table.
        unknown = self.client.get(EXPLAIN, self.query(row=UNKNOWN))
        self.assertEqual(unknown.context["page"].paginator.count, 1)
        whole = self.client.get(EXPLAIN, self.query())
        self.assertEqual(whole.context["page"].paginator.count, 3)

    def test_another_areas_field_is_404_on_the_return_and_its_explanation(self):
        for url, data in (
            (RETURN, self.query(count_by="demand:secret")),
            (
                reverse("reports_explain", args=["custom_choice.demand.secret"]),
                self.query(count_by="demand:secret"),
            ),
            (RETURN, self.query(count_by="demand:nothing")),
            (RETURN, self.query(count_by="person:aid")),
            # The table must be the one the return counted by.
            (EXPLAIN, self.query(count_by="demand:ways")),
            (EXPLAIN, self.query(count_by="")),
            (EXPLAIN, self.query(col="other")),
            (reverse("reports_explain", args=["custom_choice.x"]), self.query()),
        ):
            with self.subTest(url=url, data=data):
                self.assertEqual(self.client.get(url, data).status_code, 404)
        # The other area's coordinator sees their own field, and their row only.
        self.client.force_login(self.other.coordinator)
        response = self.client.get(RETURN, self.query(count_by="demand:secret"))
        table = next(t for t in response.context["tables"] if "altra" in t["title"])
        self.assertEqual(figures(table)["Amb ajut"], 1)
        # This area's "aid" is another area's for them.
        self.assertEqual(self.client.get(RETURN, self.query()).status_code, 404)
        self.assertNotIn(
            "demand:aid",
            dict(self.client.get(RETURN).context["form"].fields["count_by"].choices),
        )

    def test_publishable_hides_small_cells_and_links_nothing(self):
        response = self.client.get(RETURN, self.query(publishable="on"))
        table = self.table(response)
        self.assertEqual(set(figures(table).values()), {None})
        self.assertEqual({row["total"]["url"] for row in table["rows"]}, {""})

    def test_xlsx_and_pdf_carry_the_table(self):
        response = self.client.get(RETURN, self.query(format="xlsx"))
        book = load_workbook(BytesIO(response.content))
        # The sheet is named by the field's label, never its internal key.
        self.assertIn("Ajut municipal", book.sheetnames)
        self.assertNotIn(TABLE, book.sheetnames)
        rows = list(book["Ajut municipal"].iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Demanda: Ajut municipal")
        self.assertIn(("Amb ajut", 1, 1), [row[:3] for row in rows])
        self.assertEqual(rows[-1][-1], 3)
        text = pdf_text(self.client.get(RETURN, self.query(format="pdf")).content)
        self.assertIn("Ajut municipal", text)
        self.assertIn("Sense ajut", text)

    def test_a_label_a_sheet_may_not_carry_is_made_a_valid_unique_name(self):
        """At most 31 characters, none of []:*?/\\, and never the name of
        another sheet of the workbook (Excel ignores case)."""
        for label, sheet in (
            (
                "Ajut: municipal [sí/no]? amb un nom molt llarg",
                "Ajut municipal sí no amb un nom",
            ),
            ("fitxa", "Fitxa (2)"),
        ):
            with self.subTest(label=label):
                self.aid.label_ca = label
                self.aid.save()
                response = self.client.get(RETURN, self.query(format="xlsx"))
                book = load_workbook(BytesIO(response.content))
                self.assertEqual(book.sheetnames[0], "Fitxa")
                self.assertIn(sheet, book.sheetnames)
                self.assertEqual(
                    len(set(map(str.casefold, book.sheetnames))), len(book.sheetnames)
                )
                rows = list(book[sheet].iter_rows(values_only=True))
                self.assertEqual(rows[0][0], f"Demanda: {label}")

    def test_query_counts_stay_the_same_with_more_rows(self):
        def queries():
            counts = []
            for url, data in (
                (RETURN, self.query()),
                (EXPLAIN, self.query()),
                (EXPLAIN, self.query(row="yes")),
            ):
                with CaptureQueriesContext(connection) as captured:
                    self.assertEqual(self.client.get(url, data).status_code, 200)
                counts.append(len(captured))
            return counts

        before = queries()
        for n in range(4):
            person = resident(self.t, first_name=f"Nova{n}")
            expedient = case(self.t, person, date(2025, 2, 1))
            self.demand(expedient, date(2025, 3, 3), aid="yes")
        self.assertEqual(queries(), before)
