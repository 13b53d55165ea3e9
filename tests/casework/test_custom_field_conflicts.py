"""Two people edit one actuació with the area's own fields (issue #22): the
second, stale save never silently replaces a colleague's value of a
configurable field; the refusal marks it beside the field like a model field."""

from django.test import TestCase

from casework.models import Actuacio
from configuration.models import CustomField, CustomFieldType
from tests.form_data import FormAtUrlMixin

from .test_records_screens import RecordsScreenData


class CustomFieldConflictTests(FormAtUrlMixin, RecordsScreenData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for key, kind in (
            ("reference", CustomFieldType.TEXT),
            ("amount", CustomFieldType.DECIMAL),
            ("decided_on", CustomFieldType.DATE),
            ("contact", CustomFieldType.PERSON),
        ):
            CustomField.objects.create(
                area=cls.t.area,
                form="actuacio.ssb",
                key=key,
                label_ca=key.replace("_", " ").capitalize(),
                field_type=kind,
            )

    def setUp(self):
        self.url = self.urls("casework_actuacions")["edit"]

    def stored(self) -> Actuacio:
        return Actuacio.objects.get(pk=self.actuacio.pk)

    def test_a_colleagues_value_is_not_replaced_unseen(self):
        mine = self.open_form(self.t.worker)
        theirs = self.save(
            self.t.teammate, self.open_form(self.t.teammate), cf_reference="AJ-1"
        )
        self.assertEqual(theirs.status_code, 302)
        refused = self.save(self.t.worker, mine, cf_reference="AJ-2")
        self.assertEqual(refused.status_code, 200)
        self.assertEqual(self.stored().extra, {"reference": "AJ-1"})
        form = refused.context["form"]
        self.assertEqual(form["cf_reference"].value(), "AJ-1")  # theirs, in the form
        note = form.errors["cf_reference"][0]
        self.assertIn(self.t.teammate.get_full_name(), note)
        self.assertIn("«AJ-1»", note)
        self.assertIn("«AJ-2»", note)  # mine beside theirs, not saved
        # Seen: saving the form as shown keeps their value.
        self.assertEqual(self.save(self.t.worker, refused).status_code, 302)
        self.assertEqual(self.stored().extra, {"reference": "AJ-1"})

    def test_their_change_is_read_as_people_read_it(self):
        mine = self.open_form(self.t.worker)
        self.save(
            self.t.teammate,
            self.open_form(self.t.teammate),
            cf_amount="1250,5",
            cf_decided_on="14/03/2026",
        )
        refused = self.save(self.t.worker, mine, topic="Altre tema")
        errors = refused.context["form"].errors
        self.assertIn("«1.250,5»", errors["cf_amount"][0])
        self.assertIn("«14/03/2026»", errors["cf_decided_on"][0])
        self.assertNotIn("topic", errors)  # only what the other person changed

    def test_a_model_field_change_leaves_my_custom_value_mine(self):
        mine = self.open_form(self.t.worker)
        self.save(self.t.teammate, self.open_form(self.t.teammate), topic="Seu")
        refused = self.save(self.t.worker, mine, cf_reference="Meu")
        form = refused.context["form"]
        self.assertEqual(set(form.errors) - {"__all__"}, {"topic"})
        self.assertEqual(form["cf_reference"].value(), "Meu")
        self.assertEqual(self.save(self.t.worker, refused).status_code, 302)
        self.assertEqual(
            (self.stored().topic, self.stored().extra), ("Seu", {"reference": "Meu"})
        )

    def test_a_person_they_chose_is_named_in_the_note(self):
        mine = self.open_form(self.t.worker)
        self.save(
            self.t.teammate, self.open_form(self.t.teammate), cf_contact=self.main.pk
        )
        refused = self.save(self.t.worker, mine)
        note = refused.context["form"].errors["cf_contact"][0]
        self.assertIn(f"«{self.main}»", note)
        self.assertEqual(
            refused.context["form"]["cf_contact"].value(), str(self.main.pk)
        )
