"""The Registres name a change of a row's own fields (issue #22) field by
field, by the label its form gives it (never "Additional fields", never a
value: the record's History shows values to those who may read it); a
module's cover by its module's form; the page reads the labels in one query
however many such entries it lists."""

from auditlog.context import set_actor
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.models import BasicCase, Expedient, WomensServiceCase
from configuration.models import AuditEntry, CustomField, CustomFieldType
from tests.factories.casework import basic_case, resident, territory

INDEX = "registres:index"


def define(area, form, key, label, kind=CustomFieldType.TEXT):
    return CustomField.objects.create(
        area=area, form=form, key=key, label_ca=label, label_en=label, field_type=kind
    )


class OwnFieldLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        area = cls.t.area
        define(area, "cover.siad", "programme", "Programa municipal")
        define(area, "cover.sad", "programme", "Programa del SAD")
        define(area, "cover.ssb", "council", "Codi del consell")
        define(area, "cover.ssb", "year", "Any", CustomFieldType.INTEGER)
        define(None, "resource", "aid_ref", "Referència de l'ajut")

    def entry(self, model, old, new) -> AuditEntry:
        return AuditEntry(
            content_type=ContentType.objects.get_for_model(model),
            actor=self.t.worker,
            changes={"extra": [old, new], "external_reference": ["", "X"]},
        )

    def test_each_field_by_its_modules_label(self):
        entry = self.entry(
            WomensServiceCase, "None", '{"programme": "a", "gone_key": 1}'
        )
        with translation.override("en"):
            self.assertEqual(
                entry.changed_fields, "External reference, Programa municipal, gone_key"
            )

    def test_only_the_keys_whose_value_changed_and_never_a_value(self):
        entry = self.entry(
            BasicCase,
            {"council": "C-1", "year": 2025},
            {"council": "C-1", "year": 2026},
        )
        with translation.override("en"):
            self.assertEqual(entry.changed_fields, "Any, External reference")
        self.assertNotIn("2026", entry.changed_fields)
        self.assertNotIn("Additional fields", entry.changed_fields)

    def test_shared_definitions_name_the_items_fields(self):
        from casework.models import Resource

        entry = self.entry(Resource, "{}", '{"aid_ref": "R-1"}')
        self.assertIn("Referència de l'ajut", entry.changed_fields)


class RegistresPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        define(cls.t.area, "cover.ssb", "council", "Codi del consell")
        cls.case = basic_case(cls.t, resident(cls.t))

    def change_cover(self, value):
        with set_actor(self.t.worker):
            case = BasicCase.objects.get(pk=self.case.pk)
            case.extra = {"council": value}
            case.save()

    def page(self):
        self.client.force_login(self.t.coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse(INDEX))
        self.assertEqual(response.status_code, 200)
        return response, len(queries)

    def test_the_page_names_the_field_and_keeps_its_query_count(self):
        self.change_cover("C-1")
        self.page()  # warm the caches
        response, few = self.page()
        self.assertContains(response, "Codi del consell")
        self.assertNotContains(response, "C-1")
        self.assertNotContains(response, "Camps addicionals")
        for value in ("C-2", "C-3", "C-4"):
            self.change_cover(value)
        self.assertEqual(self.page()[1], few)
        self.assertTrue(Expedient.objects.filter(pk=self.case.pk).exists())
