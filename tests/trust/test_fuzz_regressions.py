"""Bugs the fuzz tests found, each pinned by a plain example."""

import io

import openpyxl
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from tests.factories import professional
from tests.factories.casework import resident, territory


class XlsxControlCharacterTests(TestCase):
    """A control character typed into a name made every XLSX export that held
    the row fail (openpyxl refuses them in a worksheet): a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(
            cls.t,
            first_name="An\x01na\x1b",
            document_type=0,
            document_number="12345678Z",
        )

    def test_the_desk_exports_the_row_without_the_control_characters(self):
        self.client.force_login(self.t.worker)
        url = reverse("directory_search")
        response = self.client.get(url, {"q": "12345678Z", "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = [cell.value for row in book.active.iter_rows() for cell in row]
        self.assertIn("Anna", cells)

    def test_csv_keeps_what_was_typed(self):
        self.client.force_login(professional(roles.TECNIC, area=self.t.area))
        url = reverse("directory_search")
        response = self.client.get(url, {"q": "12345678Z", "export": "csv"})
        self.assertIn("An\x01na", b"".join(response.streaming_content).decode())
