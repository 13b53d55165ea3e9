"""An expedient's documents (issue #23, domain.md §3.3.10): upload checks by
content and size, private storage, the scope and audit of every download,
the Documents tab and listing (filters, title search, constant queries), and
deleting and restoring them with the coordinators' tool."""

import io
import zipfile
from datetime import date
from pathlib import Path

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.enums import BreakGlassReason
from casework.models import Document
from casework.services import actuacio_create, document_create, document_update
from casework.services.break_glass import break_glass_open
from configuration import roles
from configuration.models import ActuacioPlace, ActuacioType, DocumentKind
from configuration.uploads import (
    DOCUMENT_KINDS,
    RECORD_KINDS,
    check_upload,
    validate_record_upload,
)
from helpdesk.tools.services.deletion import items_delete, items_restore
from tests.casework.records_data import close
from tests.factories import professional
from tests.factories.casework import basic_case, resident, territory
from tests.private_folder import PrivateFolder

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def zipped(*entries: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = zipped(
    ("[Content_Types].xml", "<Types/>"),
    ("_rels/.rels", "<Relationships/>"),
    ("word/document.xml", "<w:document/>"),
)
ODT = zipped(
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml", "<office:document-content/>"),
)
PLAIN_ZIP = zipped(("notes.txt", "res"))


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


class UploadCheckTests(TestCase):
    """What a document's file must be: judged by content, not by its name."""

    def check(self, name, content, kinds=DOCUMENT_KINDS, max_mb=20):
        return check_upload(upload(name, content), kinds=kinds, max_mb=max_mb)

    def refused(self, name, content, **kwargs) -> ValidationError:
        with self.assertRaises(ValidationError) as raised:
            self.check(name, content, **kwargs)
        return raised.exception

    def test_pdf_images_docx_and_odt_pass_by_their_content(self):
        for name, content, key in (
            ("informe.pdf", PDF, "pdf"),
            ("foto.PNG", PNG, "png"),
            ("foto.jpg", JPEG, "jpeg"),
            ("foto.jpeg", JPEG, "jpeg"),
            ("sollicitud.docx", DOCX, "docx"),
            ("sollicitud.odt", ODT, "odt"),
        ):
            with self.subTest(name):
                self.assertEqual(self.check(name, content).key, key)

    def test_an_executable_renamed_pdf_is_refused_for_its_content(self):
        error = self.refused("informe.pdf", EXE)
        self.assertEqual(error.code, "upload_content")
        self.assertIn("PDF", error.messages[0])

    def test_html_or_a_plain_zip_renamed_as_a_document_is_refused(self):
        for name, content in (
            ("carta.docx", PLAIN_ZIP),
            ("carta.odt", DOCX),
            ("carta.pdf", b"<html><script>alert(1)</script></html>"),
            ("carta.png", b""),
        ):
            with self.subTest(name):
                self.assertIn(
                    self.refused(name, content).code,
                    ("upload_content", "upload_mismatch"),
                )

    def test_a_document_whose_name_says_another_accepted_kind_is_refused(self):
        error = self.refused("informe.pdf", DOCX)
        self.assertEqual(error.code, "upload_mismatch")
        self.assertIn(".docx", error.messages[0])

    def test_names_of_kinds_not_accepted_are_refused(self):
        for name in ("virus.exe", "pagina.html", "dibuix.svg", "sense-nom", "a.zip"):
            with self.subTest(name):
                self.assertEqual(self.refused(name, PDF).code, "upload_extension")

    def test_a_file_over_the_limit_is_refused(self):
        big = PDF + b"0" * (1024 * 1024)
        self.assertEqual(self.refused("a.pdf", big, max_mb=1).code, "upload_size")
        self.assertEqual(self.check("a.pdf", big, max_mb=2).key, "pdf")

    def test_record_files_such_as_the_consent_take_no_office_documents(self):
        self.assertNotIn("docx", RECORD_KINDS)
        with self.assertRaises(ValidationError) as raised:
            validate_record_upload(upload("consentiment.docx", DOCX))
        self.assertEqual(raised.exception.code, "upload_extension")
        with self.assertRaises(ValidationError) as raised:
            validate_record_upload(upload("consentiment.pdf", EXE))
        self.assertEqual(raised.exception.code, "upload_content")


class DocumentWorld(PrivateFolder):
    """An expedient of the worker's with two linked persons, one document
    kind of the area and one shared; the private folder is a temporary one."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.other = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.relative = resident(cls.t, first_name="Pau")
        cls.case.links.create(person=cls.relative)
        cls.report = DocumentKind.objects.create(code="d-2", name="Informe")
        cls.consent = DocumentKind.objects.create(
            code="d-1", name="Consentiment", area=cls.t.area
        )
        cls.foreign_kind = DocumentKind.objects.create(
            code="d-9", name="Aliè", area=cls.other.area
        )
        cls.document = cls.file(cls.case, "Informe de l'escola", persons=[cls.person])

    @classmethod
    def file(cls, case, title, *, kind=None, persons=(), content=PDF, **values):
        return document_create(
            expedient=case,
            acting_user=case.reference_professional,
            file=upload("informe escola.pdf", content),
            title=title,
            kind=kind or cls.report,
            persons=persons,
            **values,
        )


class DocumentServiceTests(DocumentWorld, TestCase):
    def test_the_file_is_kept_in_the_private_folder_under_a_neutral_name(self):
        doc = self.document
        path = Path(doc.file.path)
        self.assertTrue(path.is_file())
        self.assertEqual(path.read_bytes(), PDF)
        self.assertTrue(path.is_relative_to(self.private))
        self.assertNotIn("escola", doc.file.name)
        self.assertTrue(doc.file.name.startswith("documents/"))
        self.assertEqual(doc.original_name, "informe escola.pdf")
        self.assertEqual(doc.content_type, "application/pdf")
        self.assertEqual(doc.size, len(PDF))
        self.assertEqual(doc.created_by, self.t.worker)
        with self.assertRaises(ValueError):
            _ = doc.file.url  # no URL serves the private folder

    def test_the_media_url_does_not_serve_it(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(f"/media/{self.document.file.name}")
        self.assertEqual(response.status_code, 404)

    def test_a_refused_file_files_nothing(self):
        with self.assertRaises(ValidationError) as raised:
            document_create(
                expedient=self.case,
                acting_user=self.t.worker,
                file=upload("informe.pdf", EXE),
                title="Programa",
                kind=self.report,
            )
        self.assertEqual(raised.exception.code, "upload_content")
        self.assertEqual(Document.objects.count(), 1)

    def test_persons_must_be_linked_and_the_kind_of_the_area(self):
        stranger = resident(self.t, first_name="Rita")
        with self.assertRaises(ValidationError):
            self.file(self.case, "Altre", persons=[stranger])
        with self.assertRaises(ValidationError):
            self.file(self.case, "Altre", kind=self.foreign_kind)
        self.assertEqual(Document.objects.count(), 1)

    def test_it_hangs_off_an_item_of_the_same_expedient_only(self):
        place = ActuacioPlace.objects.create(code="p", name="Despatx")
        atype = ActuacioType.objects.create(code="a", name="Entrevista")
        actuacio = actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            type=atype,
            place=place,
            topic="Entrevista",
            responsible=self.t.worker,
        )
        doc = self.file(self.case, "Acta", actuacio=actuacio)
        self.assertEqual(doc.item, actuacio)
        elsewhere = basic_case(self.t, resident(self.t, first_name="Joan"))
        with self.assertRaises(ValidationError):
            self.file(elsewhere, "Acta", actuacio=actuacio)

    def test_nothing_is_filed_in_a_closed_expedient(self):
        close(self.case)
        with self.assertRaises(ValidationError):
            self.file(self.case, "Tard")

    def test_an_update_changes_what_is_said_never_the_file(self):
        doc = document_update(
            document=self.document,
            acting_user=self.t.worker,
            title="Informe escolar",
            persons=[self.person, self.relative],
        )
        self.assertEqual(doc.title, "Informe escolar")
        self.assertEqual(doc.persons.count(), 2)
        with self.assertRaises(ValidationError):
            document_update(
                document=doc, acting_user=self.t.worker, file=upload("b.pdf", PDF)
            )

    def test_filing_it_is_in_the_trail(self):
        entry = LogEntry.objects.get_for_object(self.document).get(
            action=LogEntry.Action.CREATE
        )
        self.assertEqual(entry.changes["title"][1], "Informe de l'escola")
        self.assertNotIn("file", entry.changes.get("original_name", [""])[1])


class DocumentDownloadTests(DocumentWorld, TestCase):
    def url(self, doc=None):
        return reverse("casework_document_download", args=[(doc or self.document).pk])

    def get(self, user, doc=None):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(self.url(doc))

    def reads(self, doc=None):
        return LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_pk=str((doc or self.document).pk),
            action=LogEntry.Action.ACCESS,
        )

    def test_owner_teammate_and_coordinator_get_the_file(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            with self.subTest(user.username):
                response = self.get(user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertIn("attachment", response["Content-Disposition"])
                self.assertIn("informe", response["Content-Disposition"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_every_download_is_an_audited_read_with_its_professional(self):
        self.get(self.t.worker)
        self.get(self.t.teammate)
        self.assertEqual(
            sorted(e.actor.username for e in self.reads()),
            sorted([self.t.worker.username, self.t.teammate.username]),
        )

    def test_outsiders_other_areas_and_roles_without_documents_get_404(self):
        trainee = professional(roles.ALUMNE, area=self.t.area)
        front_desk = professional(roles.AUXILIAR, area=self.t.area)
        front_desk.teams.add(self.t.team)
        for user in (
            self.t.outsider,  # same area, another team's sector
            self.other.worker,
            self.other.coordinator,
            self.t.administrative,  # reads the expedient, not its documents
            front_desk,
            trainee,
        ):
            with self.subTest(user.username):
                self.assertEqual(self.get(user).status_code, 404)
        self.assertFalse(self.reads().exists())

    def test_anonymous_visitors_get_no_file(self):
        response = self.get(None)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response.url)

    def test_an_unknown_document_is_404(self):
        self.client.force_login(self.t.worker)
        url = reverse("casework_document_download", args=[987654])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_confidential_expedients_documents_follow_its_rule(self):
        secret = basic_case(
            self.t, resident(self.t, first_name="Clara"), confidential=True
        )
        doc = self.file(secret, "Informe reservat")
        self.assertEqual(self.get(self.t.worker, doc).status_code, 200)  # named
        self.assertEqual(self.get(self.t.coordinator, doc).status_code, 200)
        self.assertEqual(self.get(self.t.teammate, doc).status_code, 404)
        break_glass_open(
            expedient=secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.URGENT_CARE,
            text="Urgència",
        )
        self.assertEqual(self.get(self.t.teammate, doc).status_code, 200)

    def test_a_deleted_document_is_404_and_comes_back_restored(self):
        chosen = {"documents": [self.document]}
        items_delete(
            expedient=self.case,
            chosen=chosen,
            reason="Expedient equivocat",
            acting_user=self.t.coordinator,
        )
        self.assertEqual(self.get(self.t.worker).status_code, 404)
        self.assertTrue(Path(self.document.file.path).is_file())  # kept
        items_restore(
            expedient=self.case, chosen=chosen, acting_user=self.t.coordinator
        )
        self.assertEqual(self.get(self.t.worker).status_code, 200)

    def test_deleting_an_actuacio_takes_its_documents_along(self):
        place = ActuacioPlace.objects.create(code="p", name="Despatx")
        atype = ActuacioType.objects.create(code="a", name="Entrevista")
        actuacio = actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            type=atype,
            place=place,
            topic="Entrevista",
            responsible=self.t.worker,
        )
        doc = self.file(self.case, "Acta", actuacio=actuacio)
        counts = items_delete(
            expedient=self.case,
            chosen={"actuacions": [actuacio]},
            reason="Error",
            acting_user=self.t.coordinator,
        )
        self.assertEqual(counts["documents"], 1)
        self.assertFalse(Document.objects.filter(pk=doc.pk).exists())

    def test_a_document_whose_actuacio_stays_deleted_is_not_restored_alone(self):
        place = ActuacioPlace.objects.create(code="p", name="Despatx")
        atype = ActuacioType.objects.create(code="a", name="Entrevista")
        actuacio = actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            type=atype,
            place=place,
            topic="Entrevista",
            responsible=self.t.worker,
        )
        doc = self.file(self.case, "Acta", actuacio=actuacio)
        items_delete(
            expedient=self.case,
            chosen={"actuacions": [actuacio]},
            reason="Error",
            acting_user=self.t.coordinator,
        )
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            items_restore(
                expedient=self.case,
                chosen={"documents": [doc]},
                acting_user=self.t.coordinator,
            )
        message = raised.exception.messages[0]
        self.assertIn("“Acta”", message)
        self.assertIn("deleted", message)
        self.assertIn("restore that item", message)
        self.assertFalse(Document.objects.filter(pk=doc.pk).exists())
        # Restoring the actuació brings the document back with it.
        counts = items_restore(
            expedient=self.case,
            chosen={"actuacions": [actuacio]},
            acting_user=self.t.coordinator,
        )
        self.assertEqual(counts["documents"], 1)
        self.assertTrue(Document.objects.filter(pk=doc.pk).exists())


class DocumentScreenTests(DocumentWorld, TestCase):
    def setUp(self):
        self.client.force_login(self.t.worker)

    def add_url(self):
        return reverse("casework_documents:add") + f"?expedient={self.case.pk}"

    def post_add(self, name, content, **extra):
        data = {
            "title": "Sol·licitud",
            "kind": self.report.pk,
            "date": date.today().strftime("%d/%m/%Y"),
            "persons": [self.person.pk],
            "item": "",
            "expedient": self.case.pk,
            "file": upload(name, content),
            **extra,
        }
        return self.client.post(self.add_url(), data)

    def test_a_pdf_is_filed_from_the_add_screen(self):
        response = self.post_add("sollicitud.pdf", PDF)
        self.assertEqual(response.status_code, 302)
        doc = Document.objects.get(title="Sol·licitud")
        self.assertEqual(doc.expedient_id, self.case.pk)
        self.assertEqual(list(doc.persons.all()), [self.person])
        self.assertIn("tab=documents", response.url)
        created = LogEntry.objects.get_for_object(doc).get(
            action=LogEntry.Action.CREATE
        )
        self.assertEqual(created.actor, self.t.worker)

    def test_an_executable_renamed_pdf_is_refused_with_a_clear_error(self):
        response = self.post_add("sollicitud.pdf", EXE)
        self.assertEqual(response.status_code, 200)
        error = response.context["form"].errors.as_data()["file"][0]
        self.assertEqual(error.code, "upload_content")
        self.assertContains(response, error.messages[0].replace("'", "&#x27;"))
        self.assertFalse(Document.objects.filter(title="Sol·licitud").exists())

    def test_the_add_screen_offers_only_linked_persons(self):
        stranger = resident(self.t, first_name="Rita")
        response = self.post_add("a.pdf", PDF, persons=[stranger.pk])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Document.objects.filter(title="Sol·licitud").exists())

    def test_the_edit_screen_has_no_file_field(self):
        url = reverse("casework_documents:edit", args=[self.document.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("file", response.context["form"].fields)

    def test_outsiders_do_not_open_it(self):
        url = reverse("casework_documents:edit", args=[self.document.pk])
        for user in (self.t.outsider, self.other.worker):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404)

    def tab(self, query=""):
        url = reverse("casework_expedient", args=[self.case.pk])
        return self.client.get(f"{url}?tab=documents{query}")

    def test_the_tab_lists_them_with_their_download(self):
        response = self.tab()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Informe de l&#x27;escola")
        self.assertContains(
            response, reverse("casework_document_download", args=[self.document.pk])
        )

    def test_the_tab_filters_by_title_kind_and_person(self):
        self.file(self.case, "Consentiment signat", kind=self.consent)
        self.file(self.case, "Padró", persons=[self.relative])
        titles = lambda response: {row.title for row in response.context["rows"]}  # noqa: E731
        self.assertEqual(len(titles(self.tab())), 3)
        self.assertEqual(titles(self.tab("&q=padr")), {"Padró"})
        self.assertEqual(
            titles(self.tab(f"&kind={self.consent.pk}")), {"Consentiment signat"}
        )
        self.assertEqual(titles(self.tab(f"&person={self.relative.pk}")), {"Padró"})

    def test_the_listing_searches_titles_and_keeps_to_scope(self):
        index = reverse("casework_documents:index")
        response = self.client.get(f"{index}?expedient={self.case.pk}&q=escola")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [self.document])
        self.client.force_login(self.other.worker)
        response = self.client.get(index)
        self.assertEqual(list(response.context["object_list"]), [])

    def count_queries(self, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_tab_and_the_listing_take_the_same_queries_for_more_rows(self):
        tab = reverse("casework_expedient", args=[self.case.pk]) + "?tab=documents"
        index = reverse("casework_documents:index") + f"?expedient={self.case.pk}"
        before = (self.count_queries(tab), self.count_queries(index))
        for n in range(4):
            self.file(self.case, f"Document {n}", persons=[self.person, self.relative])
        self.assertEqual((self.count_queries(tab), self.count_queries(index)), before)

    def test_the_history_shows_the_filed_document(self):
        url = reverse("casework_expedient", args=[self.case.pk]) + "?tab=history"
        self.assertContains(self.client.get(url), "Informe de l&#x27;escola")


class DocumentKindCatalogueTests(DocumentWorld, TestCase):
    """The kinds are a catalogue: coordinators keep their area's entries (and
    import them); a social worker only reads them in the forms."""

    def test_a_coordinator_adds_a_kind_for_their_area(self):
        self.client.force_login(self.t.coordinator)
        index = reverse("documentkind:index")
        self.assertEqual(self.client.get(index).status_code, 200)
        response = self.client.post(
            reverse("documentkind:add"),
            {"code": "d-7", "name": "Resolució judicial", "sort_order": 7},
        )
        self.assertEqual(response.status_code, 302)
        kind = DocumentKind.objects.get(code="d-7")
        self.assertEqual(kind.area, self.t.area)
        url = reverse("configuration_catalogue_import", args=["document-kinds"])
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_another_areas_kind_is_404_and_a_social_worker_adds_none(self):
        self.client.force_login(self.t.coordinator)
        edit = reverse("documentkind:edit", args=[self.foreign_kind.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("documentkind:add"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, reverse("wagtailadmin_home"))
