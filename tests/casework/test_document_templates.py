"""The areas' document templates (issue #23, domain.md §3.3.8, §3.3.10): the
sandboxed placeholders, who edits which template, generating a document from
the expedient and filing it (PDF, and DOCX for a template to complete),
audited."""

import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import docx
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from casework.models import Document
from casework.services import document_generate, placeholder_values
from configuration.models import DocumentKind, DocumentTemplate
from configuration.placeholders import (
    BLANK,
    NAMES,
    PLACEHOLDERS,
    blocks,
    render_placeholders,
    validate_placeholders,
)
from tests.casework.records_data import close
from tests.factories.casework import basic_case, resident, territory
from tests.private_folder import PrivateFolder

EVERY_PLACEHOLDER = "\n".join(f"{p.name}=[{{{{ {p.name} }}}}]" for p in PLACEHOLDERS)


class PlaceholderTests(SimpleTestCase):
    """The engine knows a fixed list of names and evaluates nothing else."""

    def test_every_placeholder_is_replaced_by_its_value(self):
        values = {name: f"<{name}>" for name in NAMES}
        text = render_placeholders(EVERY_PLACEHOLDER, values)
        for name in NAMES:
            self.assertIn(f"{name}=[<{name}>]", text)
        self.assertNotIn("{{", text)
        # Spaces inside the braces do not matter; a missing or empty value
        # leaves a line to fill in by hand ("(document )" told nobody anything).
        self.assertEqual(
            render_placeholders("A{{avui}}B{{  area.nom }}", {"avui": ""}),
            f"A{BLANK}B{BLANK}",
        )

    def test_an_unknown_placeholder_is_refused_listing_the_valid_ones(self):
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            validate_placeholders("Hola {{ persona.nom }} {{ persona.sou }}")
        message = raised.exception.messages[0]
        self.assertEqual(raised.exception.code, "placeholder")
        self.assertIn("{{ persona.sou }}", message)
        for name in NAMES:
            self.assertIn(f"{{{{ {name} }}}}", message)
        validate_placeholders(EVERY_PLACEHOLDER)  # all known: accepted

    def test_code_in_braces_is_refused_and_stays_inert(self):
        for text in (
            "{{ ''.__class__ }}",
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "{{ persona.nom|upper }}",
            "{{ persona }}",
            "{{ professional.password }}",
            "{{ settings.SECRET_KEY }}",
            "{{ persona.nom",  # never closed
            "persona.nom }}",
        ):
            with self.subTest(text), self.assertRaises(ValidationError):
                validate_placeholders(text)
        # Were such a text ever stored, it is written out as it stands.
        inert = "{{ ''.__class__ }} {% load static %} {{ persona.nom }}"
        self.assertEqual(
            render_placeholders(inert, {"persona.nom": "Anna"}),
            "{{ ''.__class__ }} {% load static %} Anna",
        )

    def test_a_value_holding_braces_is_not_filled_again(self):
        values = {"persona.nom": "{{ area.nom }}", "area.nom": "Secret"}
        self.assertEqual(
            render_placeholders("{{ persona.nom }}", values), "{{ area.nom }}"
        )

    def test_the_text_is_read_as_headings_and_paragraphs(self):
        text = "# Títol\nprimera línia\nsegona\n\n\nAltre\n# Final"
        self.assertEqual(
            blocks(text),
            [
                ("heading", "Títol"),
                ("paragraph", "primera línia\nsegona"),
                ("paragraph", "Altre"),
                ("heading", "Final"),
            ],
        )


class TemplateWorld(PrivateFolder):
    """Two areas; the first with a consent template (PDF only) and a report
    to complete (PDF and DOCX), a shared template, and an expedient whose
    main person has a full record."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory(name="ABSS Riu Alt")
        cls.other = territory(name="ABSS Riu Baix")
        cls.kind = DocumentKind.objects.create(code="k1", name="Consentiment signat")
        cls.person = resident(
            cls.t,
            first_name="Núria",
            surname1="Puig",
            surname2="Soler",
            document_number="12345678Z",
            birth_date=date(1980, 3, 14),
            street_name="Carrer Major",
            street_number="12",
            floor="2n",
            door="1a",
            postcode="08000",
            phone1="600111222",
        )
        cls.case = basic_case(cls.t, cls.person, family_name="Puig Soler")
        cls.consent = DocumentTemplate.objects.create(
            area=cls.t.area,
            code="CONS",
            name="Consentiment de dades",
            kind=cls.kind,
            body="# Consentiment\n{{ persona.nom_complet }} ({{ persona.document }})"
            "\nExpedient {{ expedient.numero }}, {{ area.nom }}.\n\n"
            "Professional: {{ professional.nom }}. Data: {{ avui }}",
        )
        cls.report = DocumentTemplate.objects.create(
            area=cls.t.area,
            code="INF",
            name="Informe social",
            kind=cls.kind,
            to_complete=True,
            body="# Dades\n{{ persona.nom_complet }}, {{ persona.adreca }}\n\n"
            "# Valoració\n[per completar]",
        )
        cls.shared = DocumentTemplate.objects.create(
            code="SH", name="Rebut de cita", kind=cls.kind, body="{{ avui }}"
        )
        cls.foreign = DocumentTemplate.objects.create(
            area=cls.other.area,
            code="CONS",
            name="Consentiment de l'altra àrea",
            kind=cls.kind,
            body="{{ persona.nom }}",
        )

    def generate(self, template, *, person=None, user=None):
        return document_generate(
            expedient=self.case,
            template=template,
            person=person or self.person,
            acting_user=user or self.t.worker,
        )


class PlaceholderValueTests(TemplateWorld, TestCase):
    def test_every_placeholder_has_its_value_from_the_records(self):
        self.t.worker.first_name, self.t.worker.last_name = "Laia", "Roca"
        self.t.worker.phone = "938000000"
        today = date(2026, 12, 6)
        values = placeholder_values(
            expedient=self.case,
            person=self.person,
            professional=self.t.worker,
            today=today,
        )
        self.assertEqual(set(values), set(NAMES))
        opened = timezone.localdate(self.case.created_at).strftime("%d/%m/%Y")
        self.assertEqual(
            values,
            {
                "persona.nom": "Núria",
                "persona.cognoms": "Puig Soler",
                "persona.nom_complet": "Núria Puig Soler",
                "persona.document": "12345678Z",
                "persona.data_naixement": "14/03/1980",
                "persona.adreca": "Carrer Major 12, 2n 1a, 08000 "
                + str(self.t.sector.municipality),
                "persona.telefon": "600111222",
                "expedient.numero": self.case.number,
                "expedient.titol": "Puig Soler",
                "expedient.servei": values["expedient.servei"],
                "expedient.data_obertura": opened,
                "expedient.professional_referencia": "Laia Roca",
                "professional.nom": "Laia Roca",
                "professional.telefon": "938000000",
                "professional.correu": self.t.worker.email,
                "area.nom": "ABSS Riu Alt",
                "avui": "06/12/2026",
            },
        )
        self.assertTrue(values["expedient.servei"])

    def test_a_template_naming_an_unknown_placeholder_is_not_saved(self):
        template = DocumentTemplate(
            area=self.t.area,
            code="X",
            name="Mal",
            kind=self.kind,
            body="{{ ''.__class__ }}",
        )
        with self.assertRaises(ValidationError) as raised:
            template.full_clean()
        self.assertIn("body", raised.exception.error_dict)


class GenerateTests(TemplateWorld, TestCase):
    def test_the_pdf_is_filed_as_a_document_of_the_templates_kind(self):
        (document,) = self.generate(self.consent)
        self.assertEqual(document.expedient_id, self.case.pk)
        self.assertEqual(document.kind, self.kind)
        self.assertEqual(document.template, self.consent)
        self.assertEqual(document.title, "Consentiment de dades")
        self.assertEqual(list(document.persons.all()), [self.person])
        self.assertEqual(document.content_type, "application/pdf")
        self.assertEqual(document.created_by, self.t.worker)
        self.assertTrue(document.original_name.endswith(".pdf"))
        self.assertNotIn("Puig", document.file.name)  # a neutral stored name
        content = Path(document.file.path).read_bytes()
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(document.size, len(content))

    def test_filing_it_is_in_the_trail_naming_the_template(self):
        (document,) = self.generate(self.consent)
        entry = LogEntry.objects.get_for_object(document).get(
            action=LogEntry.Action.CREATE
        )
        self.assertEqual(entry.actor, self.t.worker)
        self.assertEqual(entry.changes["template"][1], str(self.consent.pk))

    def test_a_template_to_complete_also_files_an_editable_docx(self):
        pdf, editable = self.generate(self.report)
        self.assertEqual(pdf.content_type, "application/pdf")
        self.assertEqual(
            editable.content_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertTrue(editable.original_name.endswith(".docx"))
        self.assertEqual(editable.template, self.report)
        opened = docx.Document(io.BytesIO(Path(editable.file.path).read_bytes()))
        text = "\n".join(p.text for p in opened.paragraphs)
        self.assertIn("Informe social", text)
        self.assertIn("Núria Puig Soler, Carrer Major 12", text)
        self.assertIn("[per completar]", text)
        self.assertNotIn("{{", text)

    def test_the_pdf_shows_the_filled_text(self):
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext is not installed")
        (document,) = self.generate(self.consent)
        text = subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("pdftotext"), "-layout", document.file.path, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        self.assertIn("Núria Puig Soler (12345678Z)", text)
        self.assertIn(f"Expedient {self.case.number}, ABSS Riu Alt.", text)
        self.assertIn(timezone.localdate().strftime("%d/%m/%Y"), text)
        self.assertNotIn("{{", text)

    def test_the_pdf_renders_to_an_image(self):
        if not shutil.which("pdftoppm"):
            self.skipTest("pdftoppm is not installed")
        document, _editable = self.generate(self.report)
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                "60",
                document.file.path,
                f"{folder}/p",
            ],
            check=True,
        )
        pages = sorted(folder.glob("p*.png"))
        self.assertEqual(len(pages), 1)
        self.assertTrue(pages[0].read_bytes().startswith(b"\x89PNG"))

    def test_a_shared_template_serves_every_area(self):
        (document,) = self.generate(self.shared)
        self.assertEqual(document.template, self.shared)

    def test_refusals_file_nothing(self):
        inactive = DocumentTemplate.objects.create(
            area=self.t.area,
            code="OLD",
            name="Antic",
            kind=self.kind,
            body="x",
            is_active=False,
        )
        stranger = resident(self.t, first_name="Rita")
        for template, person, user in (
            (self.foreign, self.person, self.t.worker),  # another area's
            (inactive, self.person, self.t.worker),
            (self.consent, stranger, self.t.worker),  # not linked
            (self.consent, self.person, self.t.administrative),  # no documents
        ):
            with (
                self.subTest(template=template.name, person=str(person)),
                self.assertRaises(ValidationError),
            ):
                self.generate(template, person=person, user=user)
        close(self.case)
        with self.assertRaises(ValidationError):
            self.generate(self.consent)
        self.assertFalse(Document.all_objects.exists())


class GenerateScreenTests(TemplateWorld, TestCase):
    def url(self, case=None):
        return reverse("casework_document_generate", args=[(case or self.case).pk])

    def test_the_documents_tab_offers_it_to_whoever_files_documents(self):
        self.client.force_login(self.t.worker)
        tab = reverse("casework_expedient", args=[self.case.pk]) + "?tab=documents"
        self.assertContains(self.client.get(tab), self.url())

    def test_the_form_offers_the_areas_and_shared_templates_and_linked_persons(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        templates = list(response.context["form"].fields["template"].queryset)
        self.assertEqual(set(templates), {self.consent, self.report, self.shared})
        persons = list(response.context["form"].fields["person"].queryset)
        self.assertEqual(persons, [self.person])

    def test_a_social_worker_generates_and_the_copy_is_filed(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.url(), {"template": self.consent.pk, "person": self.person.pk}
        )
        self.assertRedirects(
            response,
            reverse("casework_expedient", args=[self.case.pk]) + "?tab=documents",
            fetch_redirect_response=False,
        )
        document = Document.objects.get()
        self.assertEqual(document.template, self.consent)
        tab = self.client.get(response.url)
        self.assertContains(tab, "Consentiment de dades")
        self.assertContains(
            tab, reverse("casework_document_download", args=[document.pk])
        )

    def test_another_areas_template_is_not_accepted(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.url(), {"template": self.foreign.pk, "person": self.person.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["template"])
        self.assertFalse(Document.objects.exists())

    def test_outsiders_get_404_and_roles_without_documents_are_refused(self):
        self.client.force_login(self.other.worker)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.force_login(self.t.outsider)  # same area, another sector
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.force_login(self.t.administrative)
        response = self.client.post(
            self.url(), {"template": self.consent.pk, "person": self.person.pk}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, reverse("wagtailadmin_home"))
        self.assertFalse(Document.objects.exists())


class TemplateEditorTests(TemplateWorld, TestCase):
    """Coordinators edit their area's templates; the support desk the shared
    ones; another area's are 404; social workers do not edit them."""

    def url(self, view, template=None):
        args = [template.pk] if template else []
        return reverse(f"documenttemplate:{view}", args=args)

    def form(self, **values):
        return {
            "code": "REC",
            "name": "Recordatori",
            "kind": self.kind.pk,
            "body": "Hola {{ persona.nom }}, el {{ avui }}.",
            "sort_order": 5,
            "is_active": "on",
            **values,
        }

    def test_the_coordinator_edits_their_areas_template_seeing_the_placeholders(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url("edit", self.consent))
        self.assertEqual(response.status_code, 200)
        for name in NAMES:
            self.assertContains(response, f"{{{{ {name} }}}}")
        response = self.client.post(
            self.url("edit", self.consent),
            self.form(code="CONS", name="Consentiment nou"),
        )
        self.assertEqual(response.status_code, 302)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.name, "Consentiment nou")

    def test_a_new_template_joins_the_coordinators_area(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(self.url("add"), self.form())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DocumentTemplate.objects.get(code="REC").area, self.t.area)

    def test_an_unknown_placeholder_is_refused_on_save_with_the_valid_ones(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url("add"), self.form(body="Hola {{ ''.__class__ }}")
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors["body"]
        self.assertIn("{{ ''.__class__ }}", errors[0])
        self.assertIn("{{ persona.nom }}", errors[0])
        self.assertFalse(DocumentTemplate.objects.filter(code="REC").exists())

    def test_another_areas_template_is_404(self):
        self.client.force_login(self.t.coordinator)
        for view in ("edit", "inspect", "delete"):
            with self.subTest(view):
                response = self.client.get(self.url(view, self.foreign))
                self.assertEqual(response.status_code, 404)
        listed = self.client.get(self.url("index"))
        self.assertNotContains(listed, "Consentiment de l'altra àrea")
        self.assertContains(listed, "Consentiment de dades")

    def test_shared_templates_are_the_support_desks(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(self.url("edit", self.shared), self.form())
        self.assertNotEqual(response.status_code, 200)
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.name, "Rebut de cita")

    def test_a_social_worker_generates_but_does_not_edit(self):
        self.client.force_login(self.t.worker)
        for view, template in (("index", None), ("edit", self.consent), ("add", None)):
            with self.subTest(view):
                response = self.client.get(self.url(view, template))
                self.assertIn(response.status_code, (302, 404))
                if response.status_code == 302:
                    self.assertEqual(response.url, reverse("wagtailadmin_home"))
        self.client.post(self.url("edit", self.consent), self.form(name="Canviat"))
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.name, "Consentiment de dades")
