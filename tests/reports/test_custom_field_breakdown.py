"""A report counts rows by a configurable choice field (issue #22): one choice
and several choices, one GROUP BY query, the user's scope and area, deleted
items never counted, and the rows behind a figure. SQLite and PostgreSQL."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Resource
from configuration.models import CustomField, CustomFieldType
from reports.breakdowns import UNKNOWN, Criteria
from reports.custom_breakdowns import choice_count, choice_members
from tests.casework.test_benefits_screens import add_resource
from tests.factories import BenefitFactory
from tests.factories.casework import basic_case, resident, territory

CHOICES = [
    {"code": "a", "label": "Alta"},
    {"code": "b", "label": "Baixa"},
    {"code": "c", "label": "Cap"},
]


class ChoiceCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t, resident(cls.t))
        cls.benefit = BenefitFactory()
        for key, kind in (
            ("level", CustomFieldType.CHOICE),
            ("channels", CustomFieldType.MULTIPLE),
        ):
            CustomField.objects.create(
                area=cls.t.area,
                form="resource",
                key=key,
                label_ca=key.capitalize(),
                field_type=kind,
                choices=CHOICES,
            )
        cls.rows = [
            cls.resource(level="a", channels=["a", "b"]),
            cls.resource(level="a", channels=["b"]),
            cls.resource(level="b", channels=[]),
            cls.resource(level="zz"),  # a code no choice has any longer
            cls.resource(),
        ]
        cls.deleted = cls.resource(level="a", channels=["a"])
        Resource.all_objects.filter(pk=cls.deleted.pk).update(deleted_at=timezone.now())
        # Another team's expedient: out of the worker's scope.
        cls.hidden_case = basic_case(
            cls.t, resident(cls.t), sector=cls.t.other_sector, by=cls.t.outsider
        )
        cls.hidden = cls.resource(level="a", channels=["a"], case=cls.hidden_case)

    @classmethod
    def resource(cls, case=None, **extra) -> Resource:
        person = (case or cls.case).links.first().person
        row = add_resource(cls.t, case or cls.case, cls.benefit, person)
        Resource.objects.filter(pk=row.pk).update(extra=extra)
        return row

    def criteria(self, user=None) -> Criteria:
        user = user or self.t.worker
        today = timezone.localdate()
        return Criteria(
            user=user,
            area_id=self.t.area.pk,
            start=date(today.year, 1, 1),
            end=date(today.year, 12, 31),
        )

    def test_one_choice_is_counted_per_code_in_one_query(self):
        criteria = self.criteria()
        choice_count(criteria, form="resource", key="level")  # the user's rights
        with CaptureQueriesContext(connection) as before:
            choice_count(criteria, form="resource", key="level")
        grouped = [q for q in before if "GROUP BY" in q["sql"]]
        self.assertEqual(len(grouped), 1)
        for _more in range(3):
            self.resource(level="c")
        with CaptureQueriesContext(connection) as queries:
            table = choice_count(criteria, form="resource", key="level")
        self.assertEqual(len(queries), len(before))
        self.assertEqual(
            table.rows,
            [
                ("a", "Alta"),
                ("b", "Baixa"),
                ("c", "Cap"),
                ("zz", "zz"),
                (UNKNOWN, "No consta"),
            ],
        )
        self.assertEqual(
            {row: table.row_total(row) for row, _label in table.rows},
            {"a": 2, "b": 1, "c": 3, "zz": 1, UNKNOWN: 1},
        )
        self.assertEqual(table.total, 8)

    def test_several_choices_count_each_code_a_row_holds(self):
        table = choice_count(self.criteria(), form="resource", key="channels")
        self.assertEqual(
            {row: table.row_total(row) for row, _label in table.rows},
            {"a": 1, "b": 2, "c": 0, UNKNOWN: 3},
        )

    def test_the_figure_lists_what_it_counted(self):
        c = self.criteria()
        for key, row, expected in (
            ("level", "a", {self.rows[0].pk, self.rows[1].pk}),
            ("level", UNKNOWN, {self.rows[4].pk}),
            ("channels", "b", {self.rows[0].pk, self.rows[1].pk}),
            ("channels", UNKNOWN, {r.pk for r in self.rows[2:]}),
        ):
            with self.subTest(key=key, row=row):
                members = choice_members(c, form="resource", key=key, row=row)
                self.assertEqual(set(members.values_list("pk", flat=True)), expected)
                table = choice_count(c, form="resource", key=key)
                self.assertEqual(table.row_total(row), len(expected))

    def test_each_counts_their_scope_and_never_deleted_rows(self):
        # The worker's deleted resource (level a) is not among their two.
        mine = choice_count(self.criteria(), form="resource", key="level")
        self.assertEqual(mine.row_total("a"), 2)
        theirs = choice_count(
            self.criteria(self.t.outsider), form="resource", key="level"
        )
        self.assertEqual(theirs.row_total("a"), 1)
        self.assertEqual(theirs.total, 1)

    def test_another_areas_field_is_not_counted(self):
        other = territory(name="Una altra")
        criteria = Criteria(
            user=other.worker,
            area_id=other.area.pk,
            start=date(2000, 1, 1),
            end=date(2100, 1, 1),
        )
        with self.assertRaises(LookupError):
            choice_count(criteria, form="resource", key="level")

    def test_a_text_field_cannot_be_counted(self):
        CustomField.objects.create(
            area=self.t.area,
            form="resource",
            key="reference",
            label_ca="Referència",
            field_type=CustomFieldType.TEXT,
        )
        with self.assertRaises(LookupError):
            choice_count(self.criteria(), form="resource", key="reference")
