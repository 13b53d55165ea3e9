"""Configurable fields in listings and exports (issue #22): every type filters
the resource listing and comes out in both exports (CSV, XLSX), another area's
fields never appear, a deactivated field keeps its column, ranges include both
ends, persons and catalogue entries are labelled in one query per export, and
the listing and its exports keep their query count as rows grow. Run on SQLite
and PostgreSQL."""

import csv
import datetime
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from casework.models import Demand, Resource
from casework.services import demand_create
from configuration.models import CustomField, CustomFieldType
from tests.casework.test_benefits_screens import STAND_IN, add_resource
from tests.factories import AreaFactory, BenefitFactory, DemandTypeFactory
from tests.factories.casework import basic_case, resident, territory

CHOICES = [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}]


def define(area, key, field_type, *, form="resource", **fields) -> CustomField:
    return CustomField.objects.create(
        area=area,
        form=form,
        key=key,
        label_ca=key.replace("_", " ").capitalize(),
        field_type=field_type,
        **fields,
    )


def every_type(area, form="resource") -> None:
    define(area, "reference", CustomFieldType.TEXT, form=form)
    define(area, "notes", CustomFieldType.LONG_TEXT, form=form)
    define(area, "children", CustomFieldType.INTEGER, form=form)
    define(area, "rate", CustomFieldType.DECIMAL, form=form)
    define(area, "decided_on", CustomFieldType.DATE, form=form)
    define(area, "urgent", CustomFieldType.BOOLEAN, form=form)
    define(area, "level", CustomFieldType.CHOICE, form=form, choices=CHOICES)
    define(area, "channels", CustomFieldType.MULTIPLE, form=form, choices=CHOICES)
    define(area, "who", CustomFieldType.PERSON, form=form)
    define(
        area,
        "aid",
        CustomFieldType.CATALOGUE,
        form=form,
        catalogue="configuration.Benefit",
    )


def body(response) -> str:
    content = b"".join(response.streaming_content)
    return content.decode("utf-8-sig")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response))))


def xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


class Fixture:
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.anna = resident(cls.t)
        cls.pere = resident(cls.t, first_name="Pere", surname1="Puig", surname2="")
        cls.case = basic_case(cls.t, cls.anna)
        cls.aid = BenefitFactory(name="Ajut municipal")
        every_type(cls.t.area)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        define(
            cls.t.area,
            "old_code",
            CustomFieldType.TEXT,
            active_from=yesterday - datetime.timedelta(days=30),
            deactivated_on=yesterday,
        )
        cls.other_area = AreaFactory()
        define(cls.other_area, "secret", CustomFieldType.TEXT)
        benefit = BenefitFactory()
        cls.first = cls.resource(
            benefit,
            reference="AJ-2026/17",
            notes="Primera línia\nSegona",
            children=3,
            rate="12.50",
            decided_on="2026-03-14",
            urgent=True,
            level="a",
            channels=["a", "b"],
            who=cls.anna.pk,
            aid=cls.aid.pk,
            old_code="=VELL",
            secret="no",
        )
        cls.second = cls.resource(
            benefit,
            reference="BX-1",
            children=10,
            rate="9.75",
            decided_on="2026-04-01",
            urgent=False,
            level="b",
            channels=["b"],
            who=cls.pere.pk,
        )
        cls.empty = cls.resource(benefit)

    @classmethod
    def resource(cls, benefit, **extra) -> Resource:
        resource = add_resource(cls.t, cls.case, benefit, cls.anna)
        Resource.objects.filter(pk=resource.pk).update(extra=extra)
        return resource

    def setUp(self):
        self.client.force_login(self.t.worker)
        self.url = reverse("casework_resources:index")


@STAND_IN
class ListingFilterTests(Fixture, TestCase):
    def listed(self, **params) -> set[int]:
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["filters"].errors)
        return {row.pk for row in response.context["object_list"]}

    def test_every_type_filters(self):
        first, second = self.first.pk, self.second.pk
        cases = [
            ({"cf_reference": "aj-2026"}, {first}),
            ({"cf_notes": "Línia"}, {first}),
            ({"cf_children_min": "3", "cf_children_max": "3"}, {first}),
            # As numbers, not as text ("10" < "3" as text).
            ({"cf_children_min": "4"}, {second}),
            ({"cf_rate_min": "9,75", "cf_rate_max": "12,50"}, {first, second}),
            ({"cf_rate_min": "10"}, {first}),
            ({"cf_rate_max": "9,75"}, {second}),
            (
                {
                    "cf_decided_on_after": "14/03/2026",
                    "cf_decided_on_before": "14/03/2026",
                },
                {first},
            ),
            ({"cf_decided_on_after": "15/03/2026"}, {second}),
            ({"cf_decided_on_before": "01/04/2026"}, {first, second}),
            ({"cf_urgent": "yes"}, {first}),
            ({"cf_urgent": "no"}, {second}),
            ({"cf_level": "b"}, {second}),
            ({"cf_channels": "a"}, {first}),
            ({"cf_channels": "b"}, {first, second}),
            ({"cf_who": "puig"}, {second}),
            ({"cf_who": "Serra Anna"}, {first}),
            ({"cf_aid": str(self.aid.pk)}, {first}),
            ({"cf_reference": "bx", "cf_level": "b", "cf_urgent": "no"}, {second}),
        ]
        for params, expected in cases:
            with self.subTest(**params):
                self.assertEqual(self.listed(**params), expected)

    def test_no_filter_lists_every_row(self):
        self.assertEqual(self.listed(), {self.first.pk, self.second.pk, self.empty.pk})

    def test_a_bad_date_or_number_is_a_field_error_not_a_crash(self):
        response = self.client.get(
            self.url, {"cf_decided_on_after": "31/02/2026", "cf_children_min": "x"}
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["filters"].errors
        self.assertIn("cf_decided_on", errors)
        self.assertIn("cf_children", errors)

    def test_only_fields_in_force_of_the_users_area_are_filters(self):
        fields = self.client.get(self.url).context["filters"].form.fields
        for key in ("reference", "rate", "decided_on", "channels", "who", "aid"):
            self.assertIn(f"cf_{key}", fields)
        self.assertNotIn("cf_secret", fields)
        self.assertNotIn("cf_old_code", fields)
        self.assertIn("Decided on", self.client.get(self.url).content.decode())

    def test_another_areas_worker_gets_no_filter_of_ours(self):
        stranger = territory(name="Una altra àrea")
        define(stranger.area, "theirs", CustomFieldType.TEXT)
        self.client.force_login(stranger.worker)
        fields = self.client.get(self.url).context["filters"].form.fields
        self.assertIn("cf_theirs", fields)
        self.assertNotIn("cf_reference", fields)

    def test_the_listing_keeps_its_query_count_as_rows_grow(self):
        params = {"cf_rate_min": "1", "cf_channels": "b", "cf_who": "serra"}
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.url, params)
        benefit = BenefitFactory()
        for number in range(5):
            self.resource(
                benefit,
                reference=f"R-{number}",
                rate="3.00",
                channels=["b"],
                who=self.anna.pk,
                aid=self.aid.pk,
            )
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(self.url, params)
        self.assertEqual(len(response.context["object_list"]), 6)
        self.assertEqual(len(before), len(after))


@STAND_IN
class ExportTests(Fixture, TestCase):
    HEADINGS = [
        "Reference",
        "Notes",
        "Children",
        "Rate",
        "Decided on",
        "Urgent",
        "Level",
        "Channels",
        "Who",
        "Aid",
        "Old code (desactivat)",
    ]

    def expected_first(self) -> list:
        return [
            "AJ-2026/17",
            "Primera línia\nSegona",
            "3",
            "12,50",
            "14/03/2026",
            "Sí",
            "Alta",
            "Alta; Baixa",
            self.anna.full_name,
            "Ajut municipal",
        ]

    def test_csv_has_a_column_per_field_with_values_as_people_read_them(self):
        rows = csv_rows(self.client.get(self.url, {"export": "csv"}))
        headings = rows[0]
        self.assertEqual(headings[-len(self.HEADINGS) :], self.HEADINGS)
        self.assertNotIn("Secret", headings)
        by_reference = {row[-11]: row[-11:] for row in rows[1:]}
        first = by_reference["AJ-2026/17"]
        # A deactivated field's values stay, and a formula stays text.
        self.assertEqual(first, [*self.expected_first(), "'=VELL"])
        second = by_reference["BX-1"]
        self.assertEqual(
            second[2:9],
            ["10", "9,75", "01/04/2026", "No", "Baixa", "Baixa", self.pere.full_name],
        )
        self.assertEqual(by_reference[""], [""] * 11)

    def test_xlsx_has_the_same_columns_and_values(self):
        rows = xlsx_rows(self.client.get(self.url, {"export": "xlsx"}))
        self.assertEqual(list(rows[0][-len(self.HEADINGS) :]), self.HEADINGS)
        first = next(row for row in rows[1:] if row[-11] == "AJ-2026/17")
        self.assertEqual(list(first[-11:]), [*self.expected_first(), "=VELL"])
        empty = [row for row in rows[1:] if row[-11] is None]
        self.assertEqual(len(empty), 1)
        self.assertEqual(set(empty[0][-11:]), {None})

    def test_the_filter_narrows_the_export(self):
        rows = csv_rows(
            self.client.get(self.url, {"export": "csv", "cf_channels": "a"})
        )
        self.assertEqual([row[-11] for row in rows[1:]], ["AJ-2026/17"])

    def test_another_areas_worker_exports_only_their_columns(self):
        stranger = territory(name="Una altra àrea")
        define(stranger.area, "theirs", CustomFieldType.TEXT)
        self.client.force_login(stranger.worker)
        rows = csv_rows(self.client.get(self.url, {"export": "csv"}))
        self.assertEqual(rows[0][-1], "Theirs")
        self.assertNotIn("Reference", rows[0])

    def test_exports_keep_their_query_count_as_rows_grow(self):
        counts = []
        for extra_rows in (0, 6):
            benefit = BenefitFactory()
            for number in range(extra_rows):
                person = resident(self.t, first_name=f"Nom{number}")
                self.resource(
                    benefit,
                    reference=f"R-{number}",
                    who=person.pk,
                    aid=BenefitFactory().pk,
                )
            for export in ("csv", "xlsx"):
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(self.url, {"export": export})
                    b"".join(response.streaming_content)
                counts.append((export, len(queries)))
        self.assertEqual(counts[:2], counts[2:])


@STAND_IN
class InstanceExportTests(TestCase):
    """The demand listing builds its rows itself (beneficiaries' names): its
    export reads instances, and still ends with the fields' columns."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.anna = resident(cls.t)
        cls.case = basic_case(cls.t, cls.anna)
        define(cls.t.area, "reference", CustomFieldType.TEXT, form="demand")
        define(cls.t.area, "who", CustomFieldType.PERSON, form="demand")
        define(cls.t.area, "when", CustomFieldType.DATE, form="demand")
        for extra in ({"reference": "D-1", "who": cls.anna.pk}, {"when": "2026-05-02"}):
            demand = demand_create(
                expedient=cls.case,
                acting_user=cls.t.worker,
                beneficiaries=[cls.anna],
                type=DemandTypeFactory(),
            )
            Demand.objects.filter(pk=demand.pk).update(extra=extra)

    def setUp(self):
        self.client.force_login(self.t.worker)
        self.url = reverse("casework_demands:index")

    def test_instance_export_has_the_columns(self):
        rows = csv_rows(self.client.get(self.url, {"export": "csv"}))
        self.assertEqual(rows[0][-3:], ["Reference", "Who", "When"])
        values = sorted(tuple(row[-3:]) for row in rows[1:])
        self.assertEqual(
            values, [("", "", "02/05/2026"), ("D-1", self.anna.full_name, "")]
        )
        self.assertEqual({row[-5] for row in rows[1:]}, {str(self.anna)})

    def test_filters_work_on_the_demand_listing(self):
        response = self.client.get(self.url, {"cf_when_after": "01/05/2026"})
        self.assertEqual(len(response.context["object_list"]), 1)


@STAND_IN
class CoverListingTests(TestCase):
    """A module's expedient listing filters and exports its cover's fields."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.marked = basic_case(cls.t, resident(cls.t))
        cls.plain = basic_case(cls.t, resident(cls.t, first_name="Pere"))
        define(
            cls.t.area,
            "programme",
            CustomFieldType.CHOICE,
            form="cover.ssb",
            choices=CHOICES,
        )
        define(cls.t.area, "programme", CustomFieldType.TEXT, form="resource")
        cls.marked.extra = {"programme": "b"}
        cls.marked.save(update_fields=["extra"])

    def setUp(self):
        self.client.force_login(self.t.worker)
        self.url = reverse("casework_expedients:index")

    def test_filter_and_export(self):
        response = self.client.get(self.url, {"cf_programme": "b"})
        self.assertEqual(
            [row.pk for row in response.context["object_list"]], [self.marked.pk]
        )
        rows = csv_rows(self.client.get(self.url, {"export": "csv"}))
        self.assertEqual(rows[0][-1], "Programme")
        self.assertEqual(sorted(row[-1] for row in rows[1:]), ["", "Baixa"])
