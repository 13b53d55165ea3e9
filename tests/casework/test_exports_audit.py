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


class ItemReadAuditTests(TestCase):
    def test_opening_an_item_writes_one_access_entry(self):
        t = territory()
        case = basic_case(t)
        opening = case.actuacions.get()
        self.client.force_login(t.teammate)
        response = self.client.get(
            reverse("casework_actuacions:edit", args=[opening.pk])
        )
        self.assertEqual(response.status_code, 200)
        entries = LogEntry.objects.get_for_object(opening).filter(
            action=LogEntry.Action.ACCESS
        )
        self.assertEqual([entry.actor for entry in entries], [t.teammate])

    def test_nothing_is_logged_for_an_item_out_of_scope(self):
        t = territory()
        opening = basic_case(t).actuacions.get()
        self.client.force_login(t.outsider)
        response = self.client.get(
            reverse("casework_actuacions:edit", args=[opening.pk])
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
        )
