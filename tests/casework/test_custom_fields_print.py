"""The printed expedient shows the area's own fields of the cover and of each
item with their labels (issue #22), a deactivated field's value too; what a
role may not read never prints, its own fields neither."""

import datetime

from django.test import TestCase

from casework.models import Actuacio, Demand, Expedient, Resource, Tramit
from configuration.models import CustomField, CustomFieldType

from .test_expedient_print import PrintData


def define(area, form, key, label, field_type=CustomFieldType.TEXT, **fields):
    return CustomField.objects.create(
        area=area, form=form, key=key, label_ca=label, field_type=field_type, **fields
    )


class CustomFieldsPrintTests(PrintData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        area = cls.source.area
        define(area, "cover.ssb", "council", "Council code")
        define(area, "actuacio.ssb", "channel", "Contact channel")
        define(area, "demand", "urgent", "Urgent demand", CustomFieldType.BOOLEAN)
        define(area, "resource", "aid_ref", "Municipal aid reference")
        define(area, "tramit", "filed_on", "Filed on", CustomFieldType.DATE)
        old = define(area, "resource", "old_ref", "Former reference")
        old.deactivated_on = datetime.date.today()
        old.save()
        Expedient.objects.filter(pk=cls.source.pk).update(extra={"council": "CC-4"})
        Actuacio.objects.filter(expedient=cls.source).update(extra={"channel": "Tel"})
        Demand.objects.filter(pk=cls.demand.pk).update(extra={"urgent": True})
        Resource.objects.filter(pk=cls.resource.pk).update(
            extra={"aid_ref": "AM-2026/3", "old_ref": "V-1"}
        )
        Tramit.objects.filter(pk=cls.tramit.pk).update(extra={"filed_on": "2026-03-14"})

    def test_the_cover_and_each_items_own_fields_print_with_their_labels(self):
        # The text as extracted: a label's cell and its value's run together.
        text = "".join(self.printed(self.t.worker).split())
        for shown in (
            "Council code: CC-4",
            "Contact channel: Tel",
            "Urgent demand: Yes",
            "Municipal aid reference: AM-2026/3",
            "Former reference: V-1",  # deactivated, still readable
            "Filed on: 14/03/2026",
        ):
            self.assertIn("".join(shown.split()), text)
        self.assertNotIn("aid_ref", text)
        self.assertNotIn("{", text)

    def test_a_role_that_may_not_read_the_items_gets_none_of_their_fields(self):
        text = self.printed(
            self.t.administrative,
            ["cover", "persons", "tramits", "housing", "genogram", "history"],
        )
        self.assertIn("CC-4", text)
        self.assertIn("Filedon:14/03/2026", "".join(text.split()))
        for absent in ("Tel", "AM-2026/3", "V-1", "Urgent demand"):
            self.assertNotIn(absent, text)
