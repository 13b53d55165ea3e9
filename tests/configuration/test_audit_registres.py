"""The Registres screens: who may open them, the area scope, the eleven event
filters, the other filters, the XLSX export, and a constant query count."""

import io

import openpyxl
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from configuration import roles
from configuration.audit.events import AuditEvent, event_filter, event_of
from configuration.audit.signins import log_failed_sign_in
from configuration.models import AuditEntry
from directory.models import Person
from tests.factories import UserFactory, professional
from tests.factories.casework import basic_case, resident, territory
from tests.factories.configuration import TEST_PASSWORD

INDEX = "registres:index"


def trail_of_a_working_day(t, client):
    """One or more entries of each of the eleven event types, in `t`'s area.

    Outside a request nothing names the actor, so the writes made here directly
    name theirs (`set_actor`), as AuditlogMiddleware does for a request.
    """
    with set_actor(t.worker):
        person = resident(t)  # person creation
        person.phone1 = "600000000"
        person.save()  # person change
        case = basic_case(t, person)  # expedient creation (and its actuació)
        case.family_name = "Serra Pons"
        case.save()  # expedient change
    client.post(
        reverse("wagtailadmin_login"),
        {"username": t.worker.username, "password": TEST_PASSWORD},
    )  # sign-in
    client.get(reverse("person:edit", args=[person.pk]))  # person read
    client.get(reverse("casework_expedient", args=[case.pk]))  # expedient read
    client.get(reverse("directory_search") + "?q=Serra")  # search: a person read
    b"".join(client.get(reverse("directory_search") + "?q=Serra&export=csv"))
    client.post(reverse("wagtailadmin_logout"))  # sign-out
    log_failed_sign_in(username=t.worker.username, request=None)
    with set_actor(t.coordinator):
        t.worker.first_name = "Changed"
        t.worker.save()  # professional change
        t.worker.groups.add(Group.objects.get(name=roles.TECNIC_SIAD.name))  # role
    return person, case


class RegistresTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person, cls.case = trail_of_a_working_day(cls.t, cls.client_class())
        cls.elsewhere = territory()
        cls.other_person, cls.other_case = trail_of_a_working_day(
            cls.elsewhere, cls.client_class()
        )

    def listing(self, user, **params):
        self.client.force_login(user)
        return self.client.get(reverse(INDEX), params)

    def listed(self, user, **params) -> set[int]:
        response = self.listing(user, **params)
        self.assertEqual(response.status_code, 200)
        return {entry.pk for entry in response.context["object_list"]}


class RegistresAccessTests(RegistresTestCase):
    def test_coordinators_and_administrators_open_it(self):
        admin = professional(roles.ADMINISTRADOR, area=self.t.area)
        for user in (self.t.coordinator, admin):
            self.assertEqual(self.listing(user).status_code, 200)

    def test_every_other_role_is_refused(self):
        for role in roles.ROLES:
            if role in (roles.COORDINADOR, roles.ADMINISTRADOR):
                continue
            with self.subTest(role=role.key):
                response = self.listing(professional(role, area=self.t.area))
                self.assertIn(response.status_code, (302, 403, 404))
                self.assertNotIn("object_list", response.context or {})

    def test_the_menu_item_shows_only_to_those_who_may_open_it(self):
        url = reverse(INDEX)
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), url)
        self.client.force_login(self.t.worker)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), url)

    def test_there_is_no_way_to_change_or_delete_an_entry(self):
        from django.urls import NoReverseMatch

        for name in ("add", "edit", "delete", "inspect"):
            with self.subTest(name=name), self.assertRaises(NoReverseMatch):
                reverse(f"registres:{name}", args=[1])


class RegistresScopeTests(RegistresTestCase):
    def test_other_areas_entries_never_show(self):
        shown = self.listed(self.t.coordinator)
        theirs = AuditEntry.objects.filter(actor__area=self.elsewhere.area)
        self.assertTrue(theirs.exists())
        self.assertFalse(shown & set(theirs.values_list("pk", flat=True)))
        self.assertTrue(shown)

    def test_failed_sign_ins_show_in_the_area_of_the_account(self):
        failed = set(
            AuditEntry.objects.filter(
                event_filter(AuditEvent.SIGN_IN_FAILED)
            ).values_list("object_id", "pk")
        )
        shown = self.listed(self.t.coordinator, event=AuditEvent.SIGN_IN_FAILED)
        self.assertEqual(
            shown, {pk for account, pk in failed if account == self.t.worker.pk}
        )

    def test_support_and_unknown_usernames_are_for_superusers_only(self):
        support = professional(roles.SUPORT, area=None)
        support.first_name = "Someone"
        LogEntry.objects.create(
            content_type_id=AuditEntry.objects.first().content_type_id,
            object_pk="1",
            object_repr="x",
            action=LogEntry.Action.ACCESS,
            actor=support,
        )
        unknown = log_failed_sign_in(username="nobody.here", request=None)
        shown = self.listed(self.t.coordinator)
        self.assertNotIn(unknown.pk, shown)
        self.assertFalse(
            shown & set(AuditEntry.objects.filter(actor=support).values_list("pk"))
        )
        superuser = UserFactory(is_superuser=True, area=None)
        self.assertIn(unknown.pk, self.listed(superuser))


class RegistresEventFilterTests(RegistresTestCase):
    def test_each_of_the_eleven_filters_selects_exactly_its_entries(self):
        everything = list(AuditEntry.objects.all())
        for event in AuditEvent:
            with self.subTest(event=event.value):
                selected = set(
                    AuditEntry.objects.filter(event_filter(event)).values_list(
                        "pk", flat=True
                    )
                )
                self.assertTrue(selected)
                expected = {e.pk for e in everything if event_of(e) == event}
                self.assertEqual(selected, expected)

    def test_the_screen_applies_each_event_filter_within_the_area(self):
        visible = AuditEntry.objects.visible_to(self.t.coordinator)
        for event in AuditEvent:
            with self.subTest(event=event.value):
                expected = set(
                    visible.filter(event_filter(event)).values_list("pk", flat=True)
                )
                self.assertTrue(expected)
                self.assertEqual(
                    self.listed(self.t.coordinator, event=event.value), expected
                )

    def test_the_eleven_are_the_types_domain_lists(self):
        self.assertEqual(len(AuditEvent), 11)


class RegistresOtherFilterTests(RegistresTestCase):
    def test_by_professional(self):
        shown = self.listed(self.t.coordinator, professional=self.t.worker.pk)
        entries = AuditEntry.objects.filter(pk__in=shown)
        self.assertTrue(entries.exists())
        for entry in entries:
            self.assertTrue(
                entry.actor_id == self.t.worker.pk
                or entry.object_id == self.t.worker.pk
            )

    def test_a_professional_of_another_area_is_not_a_choice(self):
        response = self.listing(
            self.t.coordinator, professional=self.elsewhere.worker.pk
        )
        self.assertFalse(response.context["filters"].is_valid())

    def test_by_person_and_by_expedient(self):
        by_person = AuditEntry.objects.filter(
            pk__in=self.listed(self.t.coordinator, person=self.person.pk)
        )
        self.assertTrue(by_person.filter(object_id=self.person.pk).exists())
        self.assertEqual(
            {event_of(e) for e in by_person},
            {
                AuditEvent.PERSON_CREATE,
                AuditEvent.PERSON_CHANGE,
                AuditEvent.PERSON_READ,
            },
        )
        by_case = AuditEntry.objects.filter(
            pk__in=self.listed(self.t.coordinator, expedient=self.case.number)
        )
        self.assertEqual(
            {event_of(e) for e in by_case},
            {
                AuditEvent.EXPEDIENT_CREATE,
                AuditEvent.EXPEDIENT_CHANGE,
                AuditEvent.EXPEDIENT_READ,
            },
        )

    def test_another_areas_person_is_not_a_choice(self):
        response = self.listing(self.t.coordinator, person=self.other_person.pk)
        self.assertFalse(response.context["filters"].is_valid())

    def test_by_date_range(self):
        # the filter reads local dates: in UTC the day differs from 23:00 on
        day = timezone.localdate(AuditEntry.objects.latest("timestamp").timestamp)
        self.assertTrue(
            self.listed(
                self.t.coordinator,
                timestamp_after=day.isoformat(),
                timestamp_before=day.isoformat(),
            )
        )
        self.assertFalse(self.listed(self.t.coordinator, timestamp_after="2999-01-01"))


class RegistresExportTests(RegistresTestCase):
    def test_the_xlsx_export_lists_the_filtered_rows_and_is_logged(self):
        self.client.force_login(self.t.coordinator)
        expected = AuditEntry.objects.visible_to(self.t.coordinator).filter(
            event_filter(AuditEvent.ROLE_CHANGE)
        )
        before = LogEntry.objects.order_by("-pk").first().pk
        response = self.client.get(
            reverse(INDEX), {"event": AuditEvent.ROLE_CHANGE, "export": "xlsx"}
        )
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, expected.count())
        self.assertIn(str(AuditEvent.ROLE_CHANGE.label), rows[1])
        logged = LogEntry.objects.get(pk__gt=before)
        self.assertEqual(logged.actor, self.t.coordinator)
        self.assertEqual(event_of(logged), AuditEvent.EXPORT)
        self.assertEqual(logged.additional_data["rows"], expected.count())
        self.assertEqual(
            logged.additional_data["criteria"], {"event": AuditEvent.ROLE_CHANGE}
        )


class RegistresQueryCountTests(RegistresTestCase):
    def count_queries(self) -> int:
        self.client.force_login(self.t.coordinator)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reverse(INDEX)).status_code, 200)
        return len(queries)

    def test_more_rows_cost_no_more_queries(self):
        self.count_queries()  # warm the content-type cache
        few = self.count_queries()
        trail_of_a_working_day(self.t, self.client_class())
        self.assertEqual(self.count_queries(), few)


class ChangedFieldsLabelTests(TestCase):
    def test_changed_fields_read_as_the_forms_name_them(self):
        entry = AuditEntry(
            content_type=ContentType.objects.get_for_model(Person),
            changes={
                "id": [None, "1"],
                "residence_municipality": ["1", "2"],
                "kinships": [None, "directory.Kinship.None"],
                "gone_field": ["a", "b"],
            },
        )
        with translation.override("en"):
            self.assertEqual(
                entry.changed_fields, "Municipality of residence, gone_field"
            )


class RegistresExportTimeTests(RegistresTestCase):
    """Issue 17.8: exports show the screen's local time, the zone in the heading."""

    def export(self, export_format):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse(INDEX), {"export": export_format})
        return b"".join(response.streaming_content)

    def test_csv_and_xlsx_show_local_time_to_the_second_with_the_zone_named(self):
        from datetime import datetime

        from django.utils import timezone

        zone = timezone.get_current_timezone_name()
        lines = self.export("csv").decode("utf-8-sig").splitlines()
        book = openpyxl.load_workbook(io.BytesIO(self.export("xlsx")))
        # Every entry's time as the screen shows it: local, to the second.
        local_times = {
            timezone.localtime(entry.timestamp).replace(microsecond=0, tzinfo=None)
            for entry in AuditEntry.objects.all()
        }
        self.assertIn(f"({zone})", lines[0])
        written = datetime.strptime(lines[1][:19], "%d/%m/%Y %H:%M:%S")
        self.assertIn(written, local_times)
        sheet = book.active
        self.assertEqual(sheet.title, "Registres")
        rows = list(sheet.iter_rows(values_only=True))
        self.assertIn(f"({zone})", rows[0][0])
        self.assertIn(rows[1][0], local_times)
        self.assertEqual(rows[1][0].microsecond, 0)


class RegistresDetailsTests(TestCase):
    """Issue 17.9: "Detalls" is a sentence in the reader's language, no keys."""

    def test_summary_entries_read_as_sentences(self):
        from configuration.audit.details import details_sentence

        tool = {
            "event": "tool",
            "tool": "professional_transfer",
            "expedients": 2,
            "co_referred_expedients": 0,
            "persons": 1,
        }
        export = {"event": "export", "format": "xlsx", "rows": 237, "criteria": {}}
        with translation.override("en"):
            self.assertEqual(
                details_sentence(export), "Exported 237 rows as XLSX, without filters."
            )
            self.assertTrue(
                details_sentence(tool).startswith(
                    "Transfer of a professional's records: 2 expedients where"
                )
            )
        with translation.override("ca"):
            for data in (tool, export):
                sentence = details_sentence(data)
                for key in ("co_referred", "tool:", "criteria", "rows:", "format:"):
                    self.assertNotIn(key, sentence)
