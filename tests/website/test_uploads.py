"""A record's files: checked by type and size on upload, served only to those
who may see the record."""

import shutil
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from configuration import roles
from configuration.uploads import validate_record_upload
from directory.models import Person
from directory.viewsets import PERSON_EDIT_HANDLER
from tests.factories import professional
from tests.factories.casework import resident, territory

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


class UploadValidationTests(TestCase):
    def test_pdf_jpeg_and_png_pass(self):
        for name, content in (("a.pdf", PDF), ("b.PNG", PNG), ("c.jpeg", JPEG)):
            with self.subTest(name):
                validate_record_upload(SimpleUploadedFile(name, content))

    def test_other_extensions_are_refused(self):
        for name in ("a.exe", "b.html", "c.svg", "d"):
            with self.subTest(name), self.assertRaises(ValidationError) as raised:
                validate_record_upload(SimpleUploadedFile(name, PDF))
            self.assertEqual(raised.exception.code, "upload_extension")

    def test_a_file_whose_content_is_not_its_extension_is_refused(self):
        for name in ("a.pdf", "b.png", "c.jpg"):
            upload = SimpleUploadedFile(name, b"<html><script>alert(1)</script>")
            with self.subTest(name), self.assertRaises(ValidationError) as raised:
                validate_record_upload(upload)
            self.assertEqual(raised.exception.code, "upload_content")

    @override_settings(LLAR_UPLOAD_MAX_MB=1)
    def test_a_file_over_the_size_limit_is_refused(self):
        big = SimpleUploadedFile("a.pdf", PDF + b"0" * (1024 * 1024))
        with self.assertRaises(ValidationError) as raised:
            validate_record_upload(big)
        self.assertEqual(raised.exception.code, "upload_size")

    def test_the_person_form_checks_the_consent_document(self):
        t = territory()
        form_class = PERSON_EDIT_HANDLER.bind_to_model(Person).get_form_class()
        form = form_class(instance=resident(t), for_user=t.worker)
        field = form.fields["consent_document"]
        with self.assertRaises(ValidationError):
            field.clean(SimpleUploadedFile("consent.pdf", b"MZ\x90\x00"))
        self.assertTrue(field.clean(SimpleUploadedFile("consent.pdf", PDF)))


class ConsentDocumentServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.media = tempfile.mkdtemp()
        cls.t = territory()
        cls.other = territory()
        with override_settings(MEDIA_ROOT=cls.media):
            cls.person = resident(cls.t)
            cls.person.consent_document.save("consent.pdf", ContentFile(PDF))
        cls.url = cls.person.consent_document.url

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.media, ignore_errors=True)

    def get(self, user, url=None):
        if user is not None:
            self.client.force_login(user)
        with override_settings(MEDIA_ROOT=self.media):
            return self.client.get(url or self.url)

    def test_the_file_url_goes_through_the_scoped_view(self):
        self.assertTrue(self.url.startswith("/media/consents/"))
        self.assertEqual(
            self.url,
            reverse("media", args=[self.person.consent_document.name]),
        )

    def test_professionals_of_the_area_get_the_file(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            with self.subTest(user.username):
                response = self.get(user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_professionals_of_another_area_get_404(self):
        for user in (self.other.worker, self.other.coordinator):
            with self.subTest(user.username):
                self.assertEqual(self.get(user).status_code, 404)

    def test_a_role_without_person_records_gets_404(self):
        trainee = professional(roles.ALUMNE, area=self.t.area)
        self.assertEqual(self.get(trainee).status_code, 404)

    def test_anonymous_visitors_get_404(self):
        self.assertEqual(self.get(None).status_code, 404)

    def test_a_file_of_no_record_is_not_served(self):
        for path in ("/media/consents/other.pdf", "/media/../settings.py", "/media/x"):
            with self.subTest(path):
                self.assertEqual(self.get(self.t.worker, path).status_code, 404)
