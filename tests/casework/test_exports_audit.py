"""Every export of casework listings is recorded in the audit trail, once."""

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from configuration.enums import ExpedientState
from tests.factories.casework import basic_case, territory


class ExportAuditTests(TestCase):
    def test_an_expedient_export_writes_one_entry_with_rows_and_criteria(self):
        t = territory()
        basic_case(t)
        basic_case(t, sector=t.other_sector, by=t.outsider)  # not the worker's
        self.client.force_login(t.worker)
        url = reverse("casework_expedients:index")
        response = self.client.get(f"{url}?export=csv&state={ExpedientState.OPEN}")
        b"".join(response.streaming_content)
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, t.worker)
        self.assertEqual(entry.additional_data["format"], "csv")
        self.assertEqual(entry.additional_data["rows"], 1)
        self.assertEqual(
            entry.additional_data["criteria"], {"state": str(ExpedientState.OPEN)}
        )
