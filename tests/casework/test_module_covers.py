"""The covers of the home-care (SAD) and women's service (SIAD) expedients
(issue #22): an edit that shows the area's own fields of the module's cover,
validates them and stores them in `Expedient.extra` with the external
reference (and SIAD's co-reference professional); a stale second save is
refused; the change reaches the History; the cover tab and the printed
expedient show the values; only the module's own professionals may edit
(SIAD outsiders, and everyone out of scope, get 404)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework.history import ExpedientHistory
from casework.models import Expedient, HomeCareCase, WomensServiceCase
from casework.tabs import expedient_url
from configuration import roles
from configuration.enums import ExpedientState
from configuration.models import ClosingReason, CustomField, CustomFieldType
from tests.factories import AreaFactory, professional
from tests.form_data import FormAtUrlMixin

from .sad.world import SadTestCase, open_case, world
from .siad.test_screens import SiadScreensTestCase
from .test_module_print import PrintCase

CHOICES = [{"code": "a", "label": "Programa Acompanya"}, {"code": "b", "label": "Cap"}]


def define(area, form, key, field_type=CustomFieldType.TEXT, **fields):
    return CustomField.objects.create(
        area=area, form=form, key=key, field_type=field_type, **fields
    )


def cover_fields(area, form) -> None:
    """A one-choice field and a whole number on `form`, as named in Catalan
    and English (the tests run in English)."""
    for key, kind, label, extra in (
        ("programme", CustomFieldType.CHOICE, "Programa municipal", CHOICES),
        ("year", CustomFieldType.INTEGER, "Any", []),
    ):
        define(area, form, key, kind, label_ca=label, label_en=label, choices=extra)


class CoverChecks(FormAtUrlMixin, PrintCase):
    """What both modules' covers must do; a subclass sets `case`, `url`,
    `editor` (may edit), `colleague` (may edit too) and `form`."""

    def stored(self) -> Expedient:
        return Expedient.objects.get(pk=self.case.pk)

    def test_the_cover_tab_offers_the_edit_to_its_editors(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(expedient_url(self.case.pk)), self.url)

    def test_it_shows_validates_and_stores_the_areas_fields(self):
        loaded = self.open_form(self.editor)
        self.assertContains(loaded, "Programa municipal")
        self.assertContains(loaded, "Programa Acompanya")
        refused = self.save(self.editor, loaded, cf_programme="z", cf_year="mil")
        self.assertEqual(refused.status_code, 200)
        errors = refused.context["form"].errors
        self.assertIn("cf_programme", errors)
        self.assertIn("cf_year", errors)
        self.assertEqual(self.stored().extra, {})
        response = self.save(
            self.editor,
            loaded,
            cf_programme="a",
            cf_year="2026",
            external_reference=" EXT-7 ",
        )
        self.assertRedirects(
            response,
            expedient_url(self.case.pk, "cover"),
            fetch_redirect_response=False,
        )
        stored = self.stored()
        self.assertEqual(stored.extra, {"programme": "a", "year": 2026})
        self.assertEqual(stored.external_reference, "EXT-7")
        self.assertEqual(stored.updated_by, self.editor)

    def test_a_required_field_must_be_filled_in(self):
        CustomField.objects.filter(key="programme").update(required=True)
        refused = self.save(self.editor, self.open_form(self.editor), cf_programme="")
        self.assertEqual(refused.status_code, 200)
        self.assertIn("cf_programme", refused.context["form"].errors)

    def test_the_cover_tab_the_history_and_the_print_show_the_values(self):
        self.save(self.editor, self.open_form(self.editor), cf_programme="a")
        self.save(self.editor, self.open_form(self.editor), cf_programme="b")
        tab = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertContains(tab, '<th scope="row">Programa municipal</th>')
        self.assertContains(tab, "<td>Cap</td>")
        history = ExpedientHistory(self.case, self.editor)
        lines = {
            (change.label, change.old, change.new)
            for event in history.build(list(history.entries()))
            for change in event.changes
            if hasattr(change, "old")
        }
        self.assertIn(("Programa municipal", "Programa Acompanya", "Cap"), lines)
        entry = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self.case)),
            object_pk=str(self.case.pk),
            action=LogEntry.Action.UPDATE,
            actor=self.editor,
        ).latest("pk")
        self.assertIn("extra", entry.changes_dict)
        printed = self.printed(self.editor, self.case, ["cover"])
        self.assertIn("Programa municipal", printed)
        self.assertIn("Cap", printed)

    def test_a_second_browser_saving_the_same_cover_is_refused(self):
        mine = self.open_form(self.editor)
        theirs = self.save(
            self.colleague, self.open_form(self.colleague), cf_programme="b"
        )
        self.assertEqual(theirs.status_code, 302)
        refused = self.save(self.editor, mine, cf_programme="a")
        self.assertEqual(refused.status_code, 200)
        form = refused.context["form"]
        self.assertIn("cf_programme", form.errors)
        self.assertIn(self.colleague.get_full_name(), form.errors["cf_programme"][0])
        self.assertEqual(self.stored().extra, {"programme": "b"})
        # Seen: saving what the form now holds keeps their value.
        self.assertEqual(self.save(self.editor, refused).status_code, 302)
        self.assertEqual(self.stored().extra, {"programme": "b"})

    def test_a_closed_expedient_is_not_edited(self):
        reason = ClosingReason.objects.get_or_create(
            code="4", area=None, defaults={"name": "Defunció"}
        )[0]
        Expedient.objects.filter(pk=self.case.pk).update(
            state=ExpedientState.CLOSED, closing_reason=reason
        )
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(self.url, response["Location"])

    def test_another_kind_of_expedient_is_404(self):
        self.client.force_login(self.editor)
        url = reverse(self.url_name, args=[self.other_kind.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class HomeCareCoverTests(CoverChecks, SadTestCase):
    url_name = "casework_sad_edit"

    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        cls.sad_elsewhere = professional(roles.GESTOR_SAD, area=AreaFactory())
        cover_fields(cls.w.t.area, "cover.sad")
        define(AreaFactory(), "cover.sad", "foreign", label_ca="D'una altra àrea")

    def setUp(self):
        super().setUp()
        self.case = open_case(self.w)
        self.url = reverse(self.url_name, args=[self.case.pk])
        self.editor, self.colleague = self.w.manager, self.w.t.coordinator
        self.other_kind = self.w.ssb

    def test_another_areas_fields_never_show(self):
        self.assertNotContains(self.open_form(self.editor), "D'una altra àrea")

    def test_only_the_sad_manager_and_coordinators_edit_it(self):
        home = reverse("wagtailadmin_home")
        for user in (self.w.t.worker, self.w.t.teammate):  # they read it
            self.client.force_login(user)
            response = self.client.post(self.url, {"external_reference": "X"})
            self.assertRedirects(response, home, fetch_redirect_response=False)
            tab = self.client.get(expedient_url(self.case.pk))
            self.assertNotContains(tab, self.url)
        for user in (self.w.t.outsider, self.elsewhere, self.sad_elsewhere):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(self.client.post(self.url, {}).status_code, 404)
        self.assertEqual(
            HomeCareCase.objects.get(pk=self.case.pk).external_reference, ""
        )


class WomensServiceCoverTests(CoverChecks, SiadScreensTestCase):
    url_name = "casework_siad_edit"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        area = cls.w.t.area
        cover_fields(area, "cover.siad")
        define(area, "cover.sad", "sad_only", label_ca="Camp del SAD")

    def setUp(self):
        super().setUp()
        self.case = self.w.case
        self.url = reverse(self.url_name, args=[self.case.pk])
        self.editor, self.colleague = self.w.owner, self.named_mate
        self.other_kind = Expedient.objects.exclude(pk=self.case.pk).get(
            links__person=self.w.woman
        )

    def test_another_forms_fields_never_show(self):
        self.assertNotContains(self.open_form(self.editor), "Camp del SAD")

    def test_the_co_reference_is_one_of_the_areas_siad_professionals(self):
        loaded = self.open_form(self.editor)
        refused = self.save(
            self.editor, loaded, co_reference_professional=self.w.t.worker.pk
        )
        self.assertEqual(refused.status_code, 200)
        self.assertIn("co_reference_professional", refused.context["form"].errors)
        saved = self.save(
            self.editor, loaded, co_reference_professional=self.w.siad_mate.pk
        )
        self.assertEqual(saved.status_code, 302)
        case = WomensServiceCase.objects.get(pk=self.case.pk)
        self.assertEqual(case.co_reference_professional, self.w.siad_mate)
        self.assertTrue(case.confidential)

    def test_its_readers_edit_it_and_everyone_else_gets_404(self):
        for name, user in self.readers.items():
            with self.subTest(name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 200)
        for name, user in self.blind.items():
            with self.subTest(name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                response = self.client.post(self.url, {"external_reference": "X"})
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.stored().external_reference, "")
