"""Configurable form fields (issue #22): each type through the resource form,
stored in `extra`, given back on edit; required fields; another area's fields
never appear; a deactivated field's value stays."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse

from casework.models import Resource
from configuration.custom_fields import definitions, display
from configuration.enums import ResourceState
from configuration.models import CustomField, CustomFieldType
from tests.casework.test_benefits_screens import add_resource
from tests.factories import AreaFactory, BenefitFactory
from tests.factories.casework import basic_case, resident, territory
from tests.form_data import form_data

STAND_IN = override_settings(ROOT_URLCONF="tests.casework.test_benefits_screens")


def define(area, key, field_type, **fields) -> CustomField:
    return CustomField.objects.create(
        area=area,
        form="resource",
        key=key,
        label_ca=key.replace("_", " ").capitalize(),
        field_type=field_type,
        **fields,
    )


@STAND_IN
class EveryTypeRoundTripsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.benefit = BenefitFactory()
        cls.catalogue_entry = BenefitFactory(name="Ajut municipal")
        area = cls.t.area
        define(area, "reference", CustomFieldType.TEXT)
        define(area, "notes", CustomFieldType.LONG_TEXT)
        define(area, "children", CustomFieldType.INTEGER)
        define(area, "rate", CustomFieldType.DECIMAL)
        define(area, "decided_on", CustomFieldType.DATE)
        define(area, "urgent", CustomFieldType.BOOLEAN)
        choices = [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}]
        define(area, "level", CustomFieldType.CHOICE, choices=choices)
        define(area, "channels", CustomFieldType.MULTIPLE, choices=choices)
        define(area, "who", CustomFieldType.PERSON)
        define(
            area, "aid", CustomFieldType.CATALOGUE, catalogue="configuration.Benefit"
        )

    def test_every_type_is_stored_and_given_back(self):
        self.client.force_login(self.t.worker)
        add = reverse("casework_resources:add") + f"?expedient={self.case.pk}"
        shown = self.client.get(add)
        self.assertContains(shown, "Decided on")
        data = form_data(
            shown,
            benefit=self.benefit.pk,
            state=ResourceState.PRE_ASSIGNED,
            holder=self.person.pk,
            cf_reference="AJ-2026/17",
            cf_notes="Primera línia\nSegona",
            cf_children="3",
            cf_rate="12,50",
            cf_decided_on="14/03/2026",
            cf_urgent="on",
            cf_level="b",
            cf_who=self.person.pk,
            cf_aid=self.catalogue_entry.pk,
        )
        data["cf_channels"] = ["a", "b"]
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.latest("pk")
        self.assertEqual(
            resource.extra,
            {
                "reference": "AJ-2026/17",
                "notes": "Primera línia\nSegona",
                "children": 3,
                "rate": "12.50",
                "decided_on": "2026-03-14",
                "urgent": True,
                "level": "b",
                "channels": ["a", "b"],
                "who": self.person.pk,
                "aid": self.catalogue_entry.pk,
            },
        )
        edit = self.client.get(reverse("casework_resources:edit", args=[resource.pk]))
        form = edit.context["form"]
        self.assertEqual(form["cf_decided_on"].initial, datetime.date(2026, 3, 14))
        self.assertEqual(form["cf_channels"].initial, ["a", "b"])
        # Saved again unchanged: the same values.
        response = self.client.post(
            reverse("casework_resources:edit", args=[resource.pk]), form_data(edit)
        )
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        resource.refresh_from_db()
        self.assertEqual(resource.extra["rate"], "12.50")
        self.assertEqual(resource.extra["channels"], ["a", "b"])

    def test_values_read_as_people_read_them(self):
        fields = {
            d.key: d for d in definitions(area_id=self.t.area.pk, form="resource")
        }
        self.assertEqual(display(fields["decided_on"], "2026-03-14"), "14/03/2026")
        self.assertEqual(display(fields["rate"], "12.50"), "12,50")
        self.assertEqual(display(fields["level"], "b"), "Baixa")
        self.assertEqual(display(fields["channels"], ["a", "b"]), "Alta; Baixa")
        self.assertEqual(
            display(fields["aid"], self.catalogue_entry.pk), "Ajut municipal"
        )


@STAND_IN
class RulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.benefit = BenefitFactory()
        cls.resource = add_resource(cls.t, cls.case, cls.benefit, cls.person)

    def edit(self):
        return reverse("casework_resources:edit", args=[self.resource.pk])

    def test_a_required_field_refuses_an_empty_value_with_its_own_error(self):
        define(self.t.area, "reference", CustomFieldType.TEXT, required=True)
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        response = self.client.post(self.edit(), form_data(shown))
        self.assertEqual(response.status_code, 200)
        self.assertIn("cf_reference", response.context["form"].errors)

    def test_bad_input_is_refused_per_field(self):
        define(self.t.area, "decided_on", CustomFieldType.DATE)
        define(self.t.area, "children", CustomFieldType.INTEGER)
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        response = self.client.post(
            self.edit(), form_data(shown, cf_decided_on="31/02/2026", cf_children="x")
        )
        errors = response.context["form"].errors
        self.assertIn("cf_decided_on", errors)
        self.assertIn("cf_children", errors)

    def test_another_areas_fields_never_appear(self):
        define(AreaFactory(), "secret_question", CustomFieldType.TEXT)
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        self.assertNotIn("cf_secret_question", shown.context["form"].fields)
        self.assertNotContains(shown, "Secret question")

    def test_shared_fields_appear_in_every_area(self):
        define(None, "council_question", CustomFieldType.BOOLEAN)
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        self.assertIn("cf_council_question", shown.context["form"].fields)

    def test_a_deactivated_field_leaves_the_form_and_keeps_its_value(self):
        field = define(self.t.area, "reference", CustomFieldType.TEXT)
        Resource.objects.filter(pk=self.resource.pk).update(extra={"reference": "R-1"})
        field.deactivated_on = datetime.date.today()
        field.save()
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        self.assertNotIn("cf_reference", shown.context["form"].fields)
        response = self.client.post(self.edit(), form_data(shown))
        self.assertEqual(response.status_code, 302)
        self.resource.refresh_from_db()
        self.assertEqual(self.resource.extra, {"reference": "R-1"})

    def test_a_field_not_yet_active_is_not_shown(self):
        define(
            self.t.area,
            "reference",
            CustomFieldType.TEXT,
            active_from=datetime.date.today() + datetime.timedelta(days=1),
        )
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit())
        self.assertNotIn("cf_reference", shown.context["form"].fields)


@STAND_IN
class DrawnOnceTests(TestCase):
    """Each field is drawn once, in the form's panels, with its label; one of
    a section the form has no place for goes at the end rather than missing."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.resource = add_resource(cls.t, cls.case, BenefitFactory(), cls.person)

    def test_each_field_is_drawn_once_with_its_label(self):
        define(self.t.area, "reference", CustomFieldType.TEXT, help_text="Del consell")
        define(self.t.area, "moved", CustomFieldType.DATE, section="no_such_part")
        self.client.force_login(self.t.worker)
        shown = self.client.get(
            reverse("casework_resources:edit", args=[self.resource.pk])
        )
        html = shown.content.decode()
        self.assertEqual(html.count('name="cf_reference"'), 1)
        self.assertEqual(html.count('name="cf_moved"'), 1)
        self.assertIn('for="id_cf_reference"', html)
        self.assertIn("Del consell", html)
