"""Issue #22, the definitions' side: the "Camps dels formularis" screens.

Who reaches them (coordinator of the area, superuser; another area's rows 404;
a social worker not at all), adding and editing through the rules, no delete
but deactivate and reactivate, moving, the live preview, the standard fields
screen, export and import, a listing whose query count does not grow."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from configuration import roles
from configuration.models import CustomField, CustomFieldType, StandardFieldRule
from configuration.viewsets.forms import FormFieldViewSet
from tests.factories import AreaFactory, UserFactory, professional
from tests.form_data import form_data

INDEX = "customfield:index"


def define(area, key, **fields) -> CustomField:
    values = {
        "form": "resource",
        "label_ca": key.replace("_", " ").capitalize(),
        "field_type": CustomFieldType.TEXT,
    } | fields
    return CustomField.objects.create(area=area, key=key, **values)


def post_fields(**values) -> dict:
    data = {
        "form": "resource",
        "key": "municipal_aid",
        "label_ca": "Referència de l'ajut municipal",
        "label_es": "",
        "label_en": "",
        "help_text": "",
        "field_type": CustomFieldType.TEXT,
        "choices_text": "",
        "catalogue": "",
        "section": "",
        "active_from": "01/01/2026",
    }
    data.update(values)
    return data


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.superuser = UserFactory(is_superuser=True, area=None)
        cls.other_area = AreaFactory()
        cls.own = define(cls.area, "own_field")
        cls.shared = define(None, "shared_field")
        cls.foreign = define(cls.other_area, "foreign_field")

    def url(self, name, *args):
        return reverse(f"customfield:{name}", args=args)


class AccessTests(Base):
    def test_the_coordinator_lists_shared_and_own_fields_only(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse(INDEX))
        self.assertEqual(response.status_code, 200)
        listed = set(response.context["object_list"])
        self.assertEqual(listed, {self.own, self.shared})

    def test_another_areas_field_is_404_on_every_object_url(self):
        self.client.force_login(self.coordinator)
        pk = self.foreign.pk
        for url in (
            self.url("edit", pk),
            self.url("inspect", pk),
            self.url("history", pk),
            self.url("preview_on_edit", pk),
            reverse("configuration_form_field_action", args=[pk, "deactivate"]),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        response = self.client.post(
            reverse("configuration_form_field_action", args=[pk, "up"])
        )
        self.assertEqual(response.status_code, 404)

    def test_a_shared_field_is_read_only_for_the_coordinator(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get(self.url("inspect", self.shared.pk)).status_code, 200
        )
        # Wagtail refuses a missing right by sending back to the dashboard
        refused = self.client.get(self.url("edit", self.shared.pk))
        self.assertIn(refused.status_code, (302, 403))
        self.assertNotIn("form", refused.context or {})
        action = reverse(
            "configuration_form_field_action", args=[self.shared.pk, "deactivate"]
        )
        self.assertIn(self.client.post(action).status_code, (302, 403))
        self.shared.refresh_from_db()
        self.assertIsNone(self.shared.deactivated_on)

    def test_a_social_worker_has_no_access(self):
        self.client.force_login(self.worker)
        for url in (
            reverse(INDEX),
            self.url("add"),
            self.url("edit", self.own.pk),
            reverse("configuration_form_fields_import"),
            reverse("configuration_form_fields_rules", args=["resource"]),
            reverse("configuration_form_fields_export", args=["resource"]),
        ):
            self.assertIn(self.client.get(url).status_code, (302, 403, 404), url)

    def test_the_superuser_edits_shared_fields(self):
        self.client.force_login(self.superuser)
        edit = self.url("edit", self.shared.pk)
        shown = self.client.get(edit)
        self.assertEqual(shown.status_code, 200)
        response = self.client.post(
            edit, form_data(shown, label_ca="Pregunta del consell")
        )
        self.assertEqual(response.status_code, 302)
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.label_ca, "Pregunta del consell")

    def test_nobody_deletes_a_field(self):
        self.client.force_login(self.superuser)
        response = self.client.post(self.url("delete", self.own.pk))
        self.assertIn(response.status_code, (302, 403))
        self.assertTrue(CustomField.objects.filter(pk=self.own.pk).exists())


class NamingTests(Base):
    def test_the_menu_and_the_page_title_name_them_alike(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse(INDEX))  # in Catalan, the default
        self.assertContains(page, "<title>Camps dels formularis")
        for language, name in (
            ("ca", "Camps dels formularis"),
            ("es", "Campos de los formularios"),
        ):
            with self.subTest(language), translation.override(language):
                self.assertEqual(str(FormFieldViewSet.menu_label), name)
                plural = CustomField._meta.verbose_name_plural
                self.assertEqual(capfirst(plural), name)


class EditingTests(Base):
    def test_the_coordinator_adds_a_field_to_their_area(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("add"), post_fields())
        self.assertEqual(response.status_code, 302)
        field = CustomField.objects.get(key="municipal_aid")
        self.assertEqual(field.area, self.area)
        self.assertEqual(field.active_from.isoformat(), "2026-01-01")

    def test_choices_are_typed_one_per_line(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url("add"),
            post_fields(
                key="level",
                field_type=CustomFieldType.CHOICE,
                choices_text="a|Alta\nb | Baixa\n\n",
            ),
        )
        self.assertEqual(response.status_code, 302)
        field = CustomField.objects.get(key="level")
        self.assertEqual(
            field.choices,
            [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}],
        )
        shown = self.client.get(self.url("edit", field.pk))
        self.assertEqual(
            shown.context["form"]["choices_text"].initial, "a|Alta\nb|Baixa"
        )

    def test_a_refused_rule_shows_on_its_field(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url("add"),
            post_fields(key="shared_field"),  # the shared field's key
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("key", response.context["form"].errors)
        response = self.client.post(
            self.url("add"),
            post_fields(key="level", field_type=CustomFieldType.MULTIPLE),
        )
        self.assertIn("choices_text", response.context["form"].errors)

    def test_the_key_stays_as_saved(self):
        self.client.force_login(self.coordinator)
        edit = self.url("edit", self.own.pk)
        shown = self.client.get(edit)
        self.assertTrue(shown.context["form"].fields["key"].disabled)
        response = self.client.post(edit, form_data(shown, key="renamed"))
        self.assertEqual(response.status_code, 302)
        self.own.refresh_from_db()
        self.assertEqual(self.own.key, "own_field")

    def test_deactivate_and_reactivate_from_the_screens(self):
        self.client.force_login(self.coordinator)
        deactivate = reverse(
            "configuration_form_field_action", args=[self.own.pk, "deactivate"]
        )
        self.assertEqual(self.client.get(deactivate).status_code, 200)
        self.assertEqual(self.client.post(deactivate).status_code, 302)
        self.own.refresh_from_db()
        self.assertIsNotNone(self.own.deactivated_on)
        reactivate = reverse(
            "configuration_form_field_action", args=[self.own.pk, "reactivate"]
        )
        self.assertEqual(self.client.post(reactivate).status_code, 302)
        self.own.refresh_from_db()
        self.assertIsNone(self.own.deactivated_on)

    def test_moving_a_field_down(self):
        second = define(self.area, "second", sort_order=5)
        CustomField.objects.filter(pk=self.own.pk).update(sort_order=1)
        self.client.force_login(self.coordinator)
        down = reverse("configuration_form_field_action", args=[self.own.pk, "down"])
        self.assertEqual(self.client.post(down).status_code, 302)
        self.own.refresh_from_db()
        second.refresh_from_db()
        self.assertGreater(self.own.sort_order, second.sort_order)
        # a GET moves nothing
        self.client.get(down)
        self.own.refresh_from_db()
        self.assertGreater(self.own.sort_order, second.sort_order)


class PreviewTests(Base):
    def preview(self, url, data):
        posted = self.client.post(url, data)
        self.assertEqual(posted.status_code, 200)
        self.assertTrue(posted.json()["is_valid"], posted.content)
        return self.client.get(url)

    def test_the_preview_shows_the_areas_form_with_the_field_being_added(self):
        self.client.force_login(self.coordinator)
        response = self.preview(
            self.url("preview_on_add"),
            post_fields(label_ca="Referència de l'ajut municipal"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Referència de l&#x27;ajut municipal")
        self.assertContains(response, "Own field")
        self.assertContains(response, "Shared field")
        self.assertNotContains(response, "Foreign field")
        content = response.content.decode()
        self.assertLess(content.index("Shared field"), content.index("Own field"))

    def test_the_preview_of_an_edit_shows_the_new_label_once(self):
        self.client.force_login(self.coordinator)
        url = self.url("preview_on_edit", self.own.pk)
        shown = self.client.get(self.url("edit", self.own.pk))
        response = self.preview(url, form_data(shown, label_ca="Nom nou"))
        self.assertContains(response, "Nom nou", count=1)
        self.assertNotContains(response, "Own field")

    def test_the_edit_screen_has_the_preview_panel(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url("edit", self.own.pk))
        self.assertContains(response, self.url("preview_on_edit", self.own.pk))


class StandardFieldsScreenTests(Base):
    def test_the_coordinator_hides_and_requires_standard_fields(self):
        self.client.force_login(self.coordinator)
        url = reverse("configuration_form_fields_rules", args=["resource"])
        shown = self.client.get(url)
        self.assertEqual(shown.status_code, 200)
        data = form_data(shown)
        data.pop("promoting_entity__shown", None)
        data["amount__required"] = "on"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        rules = {
            rule.field_name: (rule.shown, rule.required)
            for rule in StandardFieldRule.objects.filter(area=self.area)
        }
        self.assertEqual(rules["promoting_entity"], (False, False))
        self.assertEqual(rules["amount"], (True, True))

    def test_a_form_without_optional_fields_has_no_such_screen(self):
        self.client.force_login(self.coordinator)
        url = reverse("configuration_form_fields_rules", args=["problem"])
        self.assertEqual(self.client.get(url).status_code, 404)


class ExportImportScreenTests(Base):
    def test_export_then_import_into_another_area(self):
        define(
            self.area,
            "level",
            field_type=CustomFieldType.CHOICE,
            choices=[{"code": "a", "label": "Alta"}],
        )
        self.client.force_login(self.coordinator)
        listing = self.client.get(reverse(INDEX) + "?form=resource")
        export = reverse("configuration_form_fields_export", args=["resource"])
        self.assertContains(listing, export)
        response = self.client.get(export)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        exported = json.loads(response.content)
        self.assertEqual(
            [row["key"] for row in exported["fields"]], ["own_field", "level"]
        )

        colleague = professional(roles.COORDINADOR, area=self.other_area)
        CustomField.objects.filter(pk=self.foreign.pk).delete()
        self.client.force_login(colleague)
        upload = SimpleUploadedFile("fields.json", response.content)
        imported = self.client.post(
            reverse("configuration_form_fields_import"), {"file": upload}
        )
        self.assertEqual(imported.status_code, 302)
        keys = CustomField.objects.filter(area=self.other_area).values_list(
            "key", flat=True
        )
        self.assertEqual(sorted(keys), ["level", "own_field"])

    def test_a_refused_import_names_the_field_and_writes_nothing(self):
        self.client.force_login(self.coordinator)
        content = json.dumps(
            {
                "format": "llar-form-fields",
                "version": 1,
                "form": "resource",
                "fields": [
                    {"key": "fine", "label_ca": "Bé", "field_type": "text"},
                    {"key": "own_field", "label_ca": "Repetit", "field_type": "text"},
                ],
            }
        ).encode()
        upload = SimpleUploadedFile("fields.json", content)
        response = self.client.post(
            reverse("configuration_form_fields_import"), {"file": upload}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertFalse(CustomField.objects.filter(key="fine").exists())


class ListingQueryTests(Base):
    def count(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse(INDEX) + "?form=resource")
            self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.coordinator)
        self.count()
        before = self.count()
        for number in range(6):
            define(self.area, f"extra_{number}")
            define(None, f"shared_{number}")
        self.assertEqual(self.count(), before)
