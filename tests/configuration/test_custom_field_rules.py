"""Issue #22, the definitions' side: the rules a form field definition keeps
(configuration.form_definitions), the standard field rules on the resource
form, and a form's export imported into another area, all or nothing."""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.models import Resource
from configuration import roles
from configuration.enums import PromotingEntity
from configuration.form_definitions import (
    IMPORT_EVENT,
    custom_field_deactivate,
    custom_field_move,
    custom_field_reactivate,
    custom_field_save,
    definitions_export,
    definitions_import,
    read_export,
    rows_with_values,
    standard_field_rules_save,
)
from configuration.models import CustomField, CustomFieldType
from tests.casework.test_benefits_screens import STAND_IN, add_resource
from tests.factories import AreaFactory, BenefitFactory, UserFactory, professional
from tests.factories.casework import basic_case, resident, territory
from tests.form_data import form_data

CHOICES = [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}]


def new(area, key="reference", field_type=CustomFieldType.TEXT, **fields):
    return CustomField(
        area=area,
        form=fields.pop("form", "resource"),
        key=key,
        label_ca=fields.pop("label_ca", key.capitalize()),
        field_type=field_type,
        **fields,
    )


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.area = cls.t.area
        cls.coordinator = cls.t.coordinator
        cls.superuser = UserFactory(is_superuser=True, area=None)
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.benefit = BenefitFactory()

    def save(self, definition, user=None):
        return custom_field_save(
            definition=definition, acting_user=user or self.coordinator
        )

    def refused(self, definition, field, user=None):
        with self.assertRaises(ValidationError) as caught:
            self.save(definition, user)
        self.assertIn(field, caught.exception.message_dict)
        return caught.exception

    def resource_with(self, **extra):
        resource = add_resource(self.t, self.case, self.benefit, self.person)
        Resource.all_objects.filter(pk=resource.pk).update(extra=extra)
        return resource


class KeyRulesTests(Base):
    def test_a_coordinators_new_field_joins_their_area_and_goes_last(self):
        first = self.save(new(None, "first"))
        second = self.save(new(self.area, "second"))
        self.assertEqual(first.area, self.area)
        self.assertEqual((first.sort_order, second.sort_order), (1, 2))

    def test_a_coordinator_never_writes_another_areas_form(self):
        with self.assertRaises(ValidationError):
            self.save(new(AreaFactory(), "second"))
        self.assertFalse(CustomField.objects.exists())

    def test_the_key_format_is_checked(self):
        for key in ("Referència", "1st", "with space", "", "a" * 41):
            self.refused(new(None, key), "key")

    def test_a_key_is_unique_on_its_form_for_its_area(self):
        self.save(new(None, "reference"))
        self.refused(new(None, "reference"), "key")
        # another form, or another area: free
        self.save(new(None, "reference", form="tramit"))
        other = professional(roles.COORDINADOR, area=AreaFactory())
        self.save(new(None, "reference"), user=other)

    def test_an_area_key_never_clashes_with_a_shared_one(self):
        self.save(new(None, "council"), user=self.superuser)
        self.refused(new(None, "council"), "key")

    def test_a_shared_key_clashes_with_any_areas(self):
        self.save(new(None, "local"))
        self.refused(new(None, "local"), "key", user=self.superuser)

    def test_the_key_cannot_change_once_saved(self):
        field = self.save(new(None, "reference"))
        field.key = "other"
        self.refused(field, "key")

    def test_renaming_the_labels_keeps_the_values(self):
        field = self.save(new(None, "reference"))
        resource = self.resource_with(reference="AJ-1")
        field.label_ca, field.label_es = "Referència de l'ajut", "Referencia"
        self.save(field)
        field.refresh_from_db()
        self.assertEqual(field.label_ca, "Referència de l'ajut")
        resource.refresh_from_db()
        self.assertEqual(resource.extra, {"reference": "AJ-1"})
        self.client.force_login(self.t.worker)
        edit = self.client.get(reverse("casework_resources:edit", args=[resource.pk]))
        self.assertEqual(edit.context["form"]["cf_reference"].initial, "AJ-1")


class TypeRulesTests(Base):
    def test_the_type_changes_while_no_row_holds_a_value(self):
        field = self.save(new(None, "reference"))
        self.resource_with(other="x")
        field.field_type = CustomFieldType.INTEGER
        self.save(field)
        field.refresh_from_db()
        self.assertEqual(field.field_type, CustomFieldType.INTEGER)

    def test_the_type_change_is_refused_once_values_exist(self):
        field = self.save(new(None, "reference"))
        self.resource_with(reference="AJ-1")
        field.field_type = CustomFieldType.INTEGER
        error = self.refused(field, "field_type")
        self.assertIn("field_type", error.message_dict)
        field.refresh_from_db()
        self.assertEqual(field.field_type, CustomFieldType.TEXT)

    def test_another_areas_values_do_not_count(self):
        field = self.save(new(None, "reference"))
        elsewhere = territory()
        holder = resident(elsewhere)
        case = basic_case(elsewhere, holder)
        other = add_resource(elsewhere, case, self.benefit, holder)
        Resource.objects.filter(pk=other.pk).update(extra={"reference": "X"})
        self.assertFalse(rows_with_values(field).exists())
        field.field_type = CustomFieldType.LONG_TEXT
        self.save(field)

    def test_a_shared_fields_values_count_in_every_area(self):
        field = self.save(new(None, "council"), user=self.superuser)
        self.resource_with(council="yes")
        field.field_type = CustomFieldType.BOOLEAN
        self.refused(field, "field_type", user=self.superuser)

    def test_a_deleted_items_value_still_counts(self):
        field = self.save(new(None, "reference"))
        resource = self.resource_with(reference="AJ-1")
        Resource.all_objects.filter(pk=resource.pk).update(
            deleted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
        self.assertTrue(rows_with_values(field).exists())

    def test_choice_types_need_choices_with_distinct_codes(self):
        self.refused(new(None, "level", CustomFieldType.CHOICE), "choices")
        repeated = [{"code": "a", "label": "A"}, {"code": "a", "label": "B"}]
        self.refused(
            new(None, "level", CustomFieldType.MULTIPLE, choices=repeated), "choices"
        )
        blank = [{"code": " ", "label": "A"}]
        self.refused(
            new(None, "level", CustomFieldType.CHOICE, choices=blank), "choices"
        )
        saved = self.save(new(None, "level", CustomFieldType.CHOICE, choices=CHOICES))
        self.assertEqual(saved.choices, CHOICES)

    def test_a_choice_in_use_cannot_be_taken_away(self):
        field = self.save(new(None, "level", CustomFieldType.MULTIPLE, choices=CHOICES))
        self.resource_with(level=["b"])
        field.choices = [CHOICES[1]]
        self.save(field)  # "a" is nowhere: it goes
        field.choices = [{"code": "c", "label": "Cap"}]
        self.refused(field, "choices")
        # relabelling a code in use is fine
        field.choices = [{"code": "b", "label": "Molt baixa"}]
        self.save(field)

    def test_a_single_choice_in_use_cannot_be_taken_away(self):
        field = self.save(new(None, "level", CustomFieldType.CHOICE, choices=CHOICES))
        self.resource_with(level="a")
        field.choices = [CHOICES[1]]
        self.refused(field, "choices")

    def test_a_catalogue_field_names_its_catalogue(self):
        self.refused(new(None, "aid", CustomFieldType.CATALOGUE), "catalogue")
        self.refused(
            new(None, "aid", CustomFieldType.CATALOGUE, catalogue="auth.User"),
            "catalogue",
        )
        saved = self.save(
            new(
                None,
                "aid",
                CustomFieldType.CATALOGUE,
                catalogue="configuration.Benefit",
            )
        )
        self.assertEqual(saved.catalogue, "configuration.Benefit")

    def test_other_types_drop_choices_and_catalogue(self):
        saved = self.save(
            new(None, "reference", choices=CHOICES, catalogue="configuration.Benefit")
        )
        self.assertEqual((saved.choices, saved.catalogue), ([], ""))

    def test_an_unknown_form_or_section_is_refused(self):
        self.refused(new(None, "reference", form="nowhere"), "form")
        self.refused(new(None, "reference", section="nowhere"), "section")


class ActivationAndOrderTests(Base):
    def test_deactivate_and_reactivate(self):
        field = self.save(new(None, "reference"))
        custom_field_deactivate(definition=field, acting_user=self.coordinator)
        field.refresh_from_db()
        self.assertEqual(field.deactivated_on, datetime.date.today())
        self.assertFalse(field.is_active)
        with self.assertRaises(ValidationError):
            custom_field_deactivate(definition=field, acting_user=self.coordinator)
        custom_field_reactivate(definition=field, acting_user=self.coordinator)
        field.refresh_from_db()
        self.assertIsNone(field.deactivated_on)
        with self.assertRaises(ValidationError):
            custom_field_reactivate(definition=field, acting_user=self.coordinator)

    def test_moving_changes_the_order_within_the_form_only(self):
        a, b, c = (self.save(new(None, key)) for key in ("a", "b", "c"))
        elsewhere = self.save(new(None, "z", form="tramit"))
        custom_field_move(definition=c, acting_user=self.coordinator, up=True)
        order = list(
            CustomField.objects.filter(form="resource")
            .order_by("sort_order")
            .values_list("key", flat=True)
        )
        self.assertEqual(order, ["a", "c", "b"])
        custom_field_move(definition=a, acting_user=self.coordinator, up=True)
        self.assertEqual(CustomField.objects.get(pk=a.pk).sort_order, 1)
        elsewhere.refresh_from_db()
        self.assertEqual(elsewhere.sort_order, 1)
        self.assertTrue(b.pk)

    def test_every_change_is_in_the_audit_trail(self):
        field = self.save(new(None, "reference"))
        custom_field_deactivate(definition=field, acting_user=self.coordinator)
        entries = LogEntry.objects.get_for_object(field)
        self.assertEqual(entries.count(), 2)
        self.assertTrue(all(e.actor_id is None or e.actor for e in entries))


@STAND_IN
class StandardFieldRuleTests(Base):
    def edit(self, resource):
        return reverse("casework_resources:edit", args=[resource.pk])

    def test_a_hidden_field_leaves_the_form_and_keeps_its_value(self):
        resource = add_resource(
            self.t,
            self.case,
            self.benefit,
            self.person,
            promoting_entity=PromotingEntity.LOCAL,
        )
        standard_field_rules_save(
            area=self.area,
            form="resource",
            rules={"promoting_entity": (False, True)},
            acting_user=self.coordinator,
        )
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit(resource))
        self.assertNotIn("promoting_entity", shown.context["form"].fields)
        response = self.client.post(self.edit(resource), form_data(shown))
        self.assertEqual(response.status_code, 302)
        resource.refresh_from_db()
        self.assertEqual(resource.promoting_entity, PromotingEntity.LOCAL)

    def test_a_required_field_must_be_filled_in(self):
        resource = add_resource(self.t, self.case, self.benefit, self.person)
        standard_field_rules_save(
            area=self.area,
            form="resource",
            rules={"amount": (True, True)},
            acting_user=self.coordinator,
        )
        self.client.force_login(self.t.worker)
        shown = self.client.get(self.edit(resource))
        self.assertTrue(shown.context["form"].fields["amount"].required)
        response = self.client.post(self.edit(resource), form_data(shown, amount=""))
        self.assertEqual(response.status_code, 200)
        self.assertIn("amount", response.context["form"].errors)

    def test_another_area_is_unaffected(self):
        standard_field_rules_save(
            area=self.area,
            form="resource",
            rules={"promoting_entity": (False, False), "amount": (True, True)},
            acting_user=self.coordinator,
        )
        elsewhere = territory()
        person = resident(elsewhere)
        case = basic_case(elsewhere, person)
        resource = add_resource(elsewhere, case, self.benefit, person)
        self.client.force_login(elsewhere.worker)
        form = self.client.get(self.edit(resource)).context["form"]
        self.assertIn("promoting_entity", form.fields)
        self.assertFalse(form.fields["amount"].required)

    def test_only_the_forms_optional_fields_and_own_area(self):
        with self.assertRaises(ValidationError):
            standard_field_rules_save(
                area=self.area,
                form="resource",
                rules={"benefit": (False, False)},
                acting_user=self.coordinator,
            )
        with self.assertRaises(ValidationError):
            standard_field_rules_save(
                area=AreaFactory(),
                form="resource",
                rules={"amount": (False, True)},
                acting_user=self.coordinator,
            )
        rules = standard_field_rules_save(
            area=self.area,
            form="resource",
            rules={"amount": (False, True)},
            acting_user=self.coordinator,
        )
        # hidden is never required
        amount = next(rule for rule in rules if rule.field_name == "amount")
        self.assertEqual(amount.area, self.area)
        self.assertEqual((amount.shown, amount.required), (False, False))


class ExportImportTests(Base):
    def setUp(self):
        self.other = professional(roles.COORDINADOR, area=AreaFactory())

    def define_form(self):
        self.save(new(None, "reference", label_es="Referencia", required=True))
        self.save(new(None, "level", CustomFieldType.CHOICE, choices=CHOICES))
        self.save(
            new(
                None,
                "aid",
                CustomFieldType.CATALOGUE,
                catalogue="configuration.Benefit",
            )
        )
        self.save(new(None, "decided", CustomFieldType.DATE, help_text="dd/mm/aaaa"))

    def test_a_form_round_trips_into_another_area(self):
        self.define_form()
        exported = definitions_export(area=self.area, form="resource")
        import json

        data = read_export(json.dumps(exported).encode())
        created = definitions_import(data=data, area=None, acting_user=self.other)
        self.assertEqual(len(created), 4)
        again = definitions_export(area=self.other.area, form="resource")
        self.assertEqual(again, exported)
        self.assertTrue(all(row.area == self.other.area for row in created))
        entry = LogEntry.objects.filter(additional_data__event=IMPORT_EVENT).get()
        self.assertEqual(entry.additional_data["rows"], 4)
        self.assertEqual(entry.actor, self.other)

    def test_a_coordinator_imports_only_into_their_own_area(self):
        self.define_form()
        exported = definitions_export(area=self.area, form="resource")
        elsewhere = AreaFactory()
        with self.assertRaises(ValidationError):
            definitions_import(data=exported, area=elsewhere, acting_user=self.other)
        self.assertFalse(CustomField.objects.filter(area=elsewhere).exists())
        definitions_import(data=exported, area=None, acting_user=self.other)
        self.assertEqual(CustomField.objects.filter(area=self.other.area).count(), 4)

    def test_a_superuser_imports_into_any_area_or_shared(self):
        self.define_form()
        exported = definitions_export(area=self.area, form="resource")
        target = AreaFactory()
        definitions_import(data=exported, area=target, acting_user=self.superuser)
        self.assertEqual(CustomField.objects.filter(area=target).count(), 4)

    def test_a_clash_refuses_the_whole_file(self):
        self.define_form()
        exported = definitions_export(area=self.area, form="resource")
        self.save(new(None, "level", label_ca="Ja hi és"), user=self.other)
        with self.assertRaises(ValidationError) as caught:
            definitions_import(data=exported, area=None, acting_user=self.other)
        self.assertIn("2", caught.exception.messages[0])  # the second field
        self.assertEqual(CustomField.objects.filter(area=self.other.area).count(), 1)
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event=IMPORT_EVENT).exists()
        )

    def test_an_invalid_row_refuses_the_whole_file(self):
        exported = {
            "format": "llar-form-fields",
            "version": 1,
            "form": "resource",
            "fields": [
                {"key": "ok", "label_ca": "Bé", "field_type": "text"},
                {"key": "bad", "label_ca": "Malament", "field_type": "choice"},
            ],
        }
        with self.assertRaises(ValidationError):
            definitions_import(data=exported, area=None, acting_user=self.other)
        self.assertFalse(CustomField.objects.filter(area=self.other.area).exists())

    def test_a_file_that_is_no_export_is_refused(self):
        for content in (b"not json", b"[]", b'{"format": "other", "fields": []}'):
            with self.assertRaises(ValidationError):
                read_export(content)
        with self.assertRaises(ValidationError):
            definitions_import(
                data={"format": "llar-form-fields", "form": "nowhere", "fields": []},
                area=None,
                acting_user=self.other,
            )


@STAND_IN
class PostedOnceTests(Base):
    def test_a_configurable_field_is_rendered_once(self):
        """Wagtail renders fields no panel declares once more, bare: the empty
        copy would be posted last and drop what the professional typed."""
        self.save(new(None, "reference"))
        resource = add_resource(self.t, self.case, self.benefit, self.person)
        self.client.force_login(self.t.worker)
        shown = self.client.get(reverse("casework_resources:edit", args=[resource.pk]))
        self.assertContains(shown, 'name="cf_reference"', count=1)
