"""The Memòries screens: who may open them, what the figures link to, the
XLSX, the publishable version, the audit of "explain this number", and
constant query counts."""

import json
from datetime import date
from io import BytesIO
from unittest import mock

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from configuration import roles
from configuration.enums import Sex
from configuration.models import AreaSettings, User
from reports.breakdowns import AGE_GROUPS, Table
from reports.views import EXPLAIN_EVENT
from tests.factories import professional
from tests.factories.casework import resident
from tests.website.test_learning import pdf_text

from .fixtures import YEAR, ReturnData, actuacio, case

RETURN = reverse("reports_return")


class ReturnScreenTests(ReturnData, TestCase):
    def query(self, **extra):
        return {"definition": self.definition.pk, "year": YEAR, **extra}

    def test_coordinator_yes_administrator_and_others_404(self):
        # The administrator has no casework rights: their returns would be
        # zeros, so Memòries is the coordinators' screen.
        administrator = professional(roles.ADMINISTRADOR, area=self.t.area)
        for user, status in (
            (self.t.coordinator, 200),
            (administrator, 404),
            (self.t.worker, 404),
            (self.t.administrative, 404),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(RETURN).status_code, status, user)
            explain = reverse("reports_explain", args=["persons_age_sex"])
            response = self.client.get(explain, self.query())
            self.assertEqual(response.status_code, status, user)

    def test_the_menu_shows_memories_to_coordinators_only(self):
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), RETURN)
        for user in (
            self.t.worker,
            professional(roles.ADMINISTRADOR, area=self.t.area),
        ):
            self.client.force_login(user)
            home = self.client.get(reverse("wagtailadmin_home"))
            self.assertNotContains(home, RETURN)

    def test_each_table_has_its_chart_without_inline_script(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query())
        page = response.content.decode()
        self.assertIn("reports/vendor/chartjs/chart.umd.js", page)
        self.assertIn("reports/charts.js", page)
        self.assertNotIn("new Chart", page)  # started by data-chart: no inline script
        tables = response.context["tables"]
        self.assertEqual(page.count("data-chart="), len(tables))
        ages = json.loads(tables[0]["chart"])
        self.assertEqual(ages["labels"][0], str(AGE_GROUPS[0][1]))
        women = ages["series"][0]
        # Anna (30-44), Carla (75+), Eva (18-29): the women of the hand count.
        self.assertEqual(sum(women["values"]), 3)

    def test_the_publishable_chart_hides_what_the_table_hides(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query(publishable="on"))
        ages = json.loads(response.context["tables"][0]["chart"])
        values = [v for series in ages["series"] for v in series["values"]]
        self.assertIn(None, values)
        self.assertTrue(all(v is None or v >= 5 or v == 0 for v in values))

    def test_a_superuser_keeps_the_right_and_names_the_area(self):
        superuser = User.objects.create_superuser("desk-returns", password="x")
        self.client.force_login(superuser)
        self.assertEqual(self.client.get(RETURN).status_code, 200)
        response = self.client.get(RETURN, self.query(area=self.t.area.pk))
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(response.context["produced"])
        # Without an area the form is refused: nothing is counted.
        response = self.client.get(RETURN, self.query())
        self.assertIsNone(response.context["produced"])

    def test_the_return_shows_the_figures_with_their_explanations(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query())
        self.assertEqual(response.status_code, 200)
        figures = {item["figure"].code: item for item in response.context["figures"]}
        self.assertEqual(figures["P1"]["figure"].value, 5)
        self.assertContains(response, escape(figures["P1"]["figure"].help_text))
        # The figure's link lists exactly what it counted.
        listing = self.client.get(figures["P1.1"]["url"])
        names = {line[0][0] for line in listing.context["lines"]}
        self.assertEqual(names, {str(self.anna), str(self.carla), str(self.eva)})
        self.assertEqual(listing.context["page"].paginator.count, 3)

    def test_another_areas_coordinator_never_sees_these_rows(self):
        self.client.force_login(self.other.coordinator)
        response = self.client.get(RETURN, self.query())
        figures = {
            f["figure"].code: f["figure"].value for f in response.context["figures"]
        }
        self.assertEqual(figures["P1"], 1)
        explain = reverse("reports_explain", args=["persons_age_sex"])
        listing = self.client.get(explain, self.query())
        self.assertEqual(
            [line[0][0] for line in listing.context["lines"]], [str(self.ona)]
        )
        # Naming this area's sector is refused: the choice is not theirs.
        response = self.client.get(explain, self.query(sector=self.t.sector.pk))
        self.assertEqual(response.status_code, 404)

    def test_explaining_a_number_is_audited(self):
        self.client.force_login(self.t.coordinator)
        explain = reverse("reports_explain", args=["persons_age_sex"])
        self.client.get(explain, self.query(col=Sex.WOMAN.value))
        entry = LogEntry.objects.filter(additional_data__event=EXPLAIN_EVENT).get()
        self.assertEqual(entry.actor, self.t.coordinator)
        self.assertEqual(entry.additional_data["rows"], 3)
        self.assertEqual(entry.additional_data["criteria"]["col"], Sex.WOMAN.value)

    def test_xlsx_has_the_figures_and_the_tables(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query(format="xlsx"))
        self.assertEqual(response.status_code, 200)
        book = load_workbook(BytesIO(response.content))
        rows = list(book["Fitxa"].iter_rows(values_only=True))
        self.assertIn(("P1", "Persones ateses", 5), [row[:3] for row in rows])
        self.assertIn("persons_age_sex", book.sheetnames)
        last = list(book["persons_age_sex"].iter_rows(values_only=True))[-1]
        self.assertEqual(last[-1], 5)

    def test_numbers_read_with_a_thousands_point_on_the_screen_only(self):
        """catalan.md: 70.000 on the screen (and the PDF); the spreadsheet
        keeps the number."""
        AreaSettings.objects.update_or_create(
            area=self.t.area, defaults={"population": 70000}
        )
        self.client.force_login(self.t.coordinator)
        page = self.client.get(RETURN, self.query())
        self.assertContains(page, "<td>70.000</td>", html=True)
        self.assertNotContains(page, "70000")
        self.assertIn(
            "70.000",
            pdf_text(self.client.get(RETURN, self.query(format="pdf")).content),
        )
        book = load_workbook(
            BytesIO(self.client.get(RETURN, self.query(format="xlsx")).content)
        )
        self.assertIn(
            ("Població atesa", 70000),
            [row[:2] for row in book["Fitxa"].iter_rows(values_only=True)],
        )
        with mock.patch.object(Table, "value", return_value=1250):
            page = self.client.get(RETURN, self.query())
            pdf = pdf_text(self.client.get(RETURN, self.query(format="pdf")).content)
        self.assertContains(page, ">1.250<")
        self.assertNotContains(page, ">1250<")
        self.assertIn("1.250", pdf)
        self.assertNotIn("1250", pdf)

    def test_pdf_has_the_figures_and_the_hidden_marks(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query(format="pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn("Persones ateses", text)
        self.assertIn(r"RUDEL Fitxa 1 \(2025\)", text)  # escaped in the stream
        published = pdf_text(
            self.client.get(RETURN, self.query(format="pdf", publishable="on")).content
        )
        self.assertIn("*", published)
        self.assertEqual(
            LogEntry.objects.filter(additional_data__format="pdf").count(), 2
        )

    def test_the_publishable_version_hides_small_figures_and_links_nothing(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(RETURN, self.query(publishable="on"))
        figures = {f["figure"].code: f for f in response.context["figures"]}
        self.assertIsNone(figures["P1.1"]["figure"].value)  # 3 women
        self.assertEqual(figures["P1.3"]["figure"].value, 0)  # zeros are shown
        self.assertEqual({f["url"] for f in figures.values()}, {""})
        book = load_workbook(
            BytesIO(
                self.client.get(
                    RETURN, self.query(publishable="on", format="xlsx")
                ).content
            )
        )
        values = [
            row[2]
            for row in book["Fitxa"].iter_rows(values_only=True)
            if row[0] == "P1.1"
        ]
        self.assertEqual(values, ["*"])

    def test_query_counts_stay_the_same_with_more_rows(self):
        self.client.force_login(self.t.coordinator)
        explain = reverse("reports_explain", args=["persons_age_sex"])

        def queries():
            counts = []
            for url, data in ((RETURN, self.query()), (explain, self.query())):
                with CaptureQueriesContext(connection) as captured:
                    self.assertEqual(self.client.get(url, data).status_code, 200)
                counts.append(len(captured))
            return counts

        before = queries()
        for n in range(4):
            person = resident(self.t, first_name=f"Nova{n}", sex=Sex.WOMAN)
            expedient = case(self.t, person, date_in_year())
            actuacio(expedient, date_in_year())
        self.assertEqual(queries(), before)


def date_in_year():
    return date(YEAR, 5, 5)
