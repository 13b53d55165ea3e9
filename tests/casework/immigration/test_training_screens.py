"""The first-reception training screens: the expedient's tab with the
completion mark, enrolling, accrediting with the document, the reception
certificate and signed application (template PDF, upload), and the courses'
register whose attendance marks a module completed at 75%."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from casework.models import ImmigrationCourseClass, ImmigrationTrainingModule
from casework.modules.immigration.services import (
    immigration_class_record,
    immigration_enrol,
)
from casework.tabs import expedient_url
from configuration.models import ImmigrationCourse
from tests.factories import AreaFactory

from .data import InEnglish, immigration_world

TAB = "immigration_training"


def typed(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


class TrainingScreenTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.short = ImmigrationCourse.objects.create(
            area=cls.w.t.area, code="C-SOC", name="Societat catalana", level="C"
        )

    def test_the_tab_offers_enrol_accredit_template_and_reception(self):
        self.client.force_login(self.w.owner)
        response = self.client.get(expedient_url(self.w.case.pk, TAB))
        pk = self.w.case.pk
        for name in (
            "casework_immigration_enrol",
            "casework_immigration_accredit",
            "casework_immigration_reception",
            "casework_immigration_application",
        ):
            self.assertContains(response, reverse(name, args=[pk]))

    def test_enrol_then_the_register_completes_the_module_at_75_percent(self):
        self.client.force_login(self.w.owner)
        response = self.client.post(
            reverse("casework_immigration_enrol", args=[self.w.case.pk]),
            {"course": self.short.pk, "on": typed(days_ago(10))},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        module = ImmigrationTrainingModule.objects.get(course=self.short)
        course_url = reverse("casework_immigration_course", args=[self.short.pk])
        for n in (5, 4, 3):
            response = self.client.post(
                course_url, {"on": typed(days_ago(n)), "hours": "4"}
            )
            self.assertEqual(response.status_code, 302, response.content[:2000])
        classes = list(ImmigrationCourseClass.objects.filter(course=self.short))
        self.assertEqual(len(classes), 3)
        for course_class in classes:
            url = reverse("casework_immigration_attendance", args=[course_class.pk])
            page = self.client.get(url)
            self.assertContains(page, "Amina")
            self.client.post(url, {f"module_{module.pk}": "on"})
        module.refresh_from_db()
        self.assertEqual(module.completed_on, days_ago(3))  # 12 h ≥ 11.25 h
        tab = self.client.get(expedient_url(self.w.case.pk, TAB))
        self.assertContains(tab, "data-completed")
        # Unticking a class takes it below 75%: no longer completed.
        url = reverse("casework_immigration_attendance", args=[classes[0].pk])
        self.client.post(url, {})
        module.refresh_from_db()
        self.assertIsNone(module.completed_on)

    def test_an_accredited_module_is_recorded_with_its_document(self):
        self.client.force_login(self.w.owner)
        url = reverse("casework_immigration_accredit", args=[self.w.case.pk])
        refused = self.client.post(url, {"level": "B", "on": typed(days_ago(2))})
        self.assertEqual(refused.status_code, 200)
        self.assertTrue(refused.context["form"].errors["evidence"])
        document = SimpleUploadedFile("certificat.pdf", b"%PDF-1.4", "application/pdf")
        response = self.client.post(
            url, {"level": "B", "on": typed(days_ago(2)), "evidence": document}
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        module = ImmigrationTrainingModule.objects.get(expedient=self.w.case)
        self.assertEqual(module.completed_on, days_ago(2))
        served = self.client.get(module.evidence.url)
        self.assertEqual(served.status_code, 200)
        self.client.force_login(self.w.siad)
        self.assertEqual(self.client.get(module.evidence.url).status_code, 404)

    def test_the_template_downloads_and_the_signed_copy_uploads(self):
        self.client.force_login(self.w.owner)
        pdf = self.client.get(
            reverse("casework_immigration_application", args=[self.w.case.pk])
        )
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        signed = SimpleUploadedFile("signada.pdf", b"%PDF-1.4", "application/pdf")
        response = self.client.post(
            reverse("casework_immigration_reception", args=[self.w.case.pk]),
            {
                "reception_certificate_on": typed(days_ago(1)),
                "signed_application": signed,
                "expected_version": self.w.case.version,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.w.case.refresh_from_db()
        self.assertEqual(self.w.case.reception_certificate_on, days_ago(1))
        self.assertTrue(self.w.case.signed_application)

    def test_outsiders_get_404_and_other_modules_no_register(self):
        module = immigration_enrol(
            by=self.w.owner, expedient=self.w.case, course=self.short, on=days_ago(9)
        )
        course_class = immigration_class_record(
            by=self.w.owner, course=self.short, on=days_ago(3), hours=Decimal(2)
        )
        pk = self.w.case.pk
        expedient_urls = [
            expedient_url(pk, TAB),
            reverse("casework_immigration_enrol", args=[pk]),
            reverse("casework_immigration_application", args=[pk]),
        ]
        for user in (self.w.siad, self.w.elsewhere, self.w.foreign):
            self.client.force_login(user)
            for url in expedient_urls:
                with self.subTest(user=str(user), url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.w.siad)
        register = reverse("casework_immigration_attendance", args=[course_class.pk])
        self.assertNotEqual(self.client.get(register).status_code, 200)
        # The other sector's technician keeps the register but does not see
        # this person on it.
        self.client.force_login(self.w.elsewhere)
        page = self.client.get(register)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(f"module_{module.pk}", page.context["form"].fields)
        other_area = ImmigrationCourse.objects.create(
            area=AreaFactory(), code="X", name="Altra", level="C"
        )
        self.client.force_login(self.w.owner)
        url = reverse("casework_immigration_course", args=[other_area.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_tab_queries_do_not_grow_with_its_rows(self):
        immigration_enrol(
            by=self.w.owner, expedient=self.w.case, course=self.short, on=days_ago(9)
        )
        self.client.force_login(self.w.owner)
        url = expedient_url(self.w.case.pk, TAB)
        self.client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            self.client.get(url)
        immigration_enrol(
            by=self.w.owner, expedient=self.w.case, course=self.w.course, on=days_ago(9)
        )
        for n in (3, 2):
            course_class = immigration_class_record(
                by=self.w.owner, course=self.short, on=days_ago(n), hours=Decimal(2)
            )
            del course_class
        with CaptureQueriesContext(connection) as second:
            self.client.get(url)
        self.assertEqual(len(first), len(second))


class TrainingWordingTests(TestCase):
    """catalan.md: a button says what it does ("Registra el mòdul"), never
    a noun ("Fitxa", the person record's word for "Record")."""

    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def test_the_accredit_button_is_an_imperative(self):
        self.client.force_login(self.w.owner)
        url = reverse("casework_immigration_accredit", args=[self.w.case.pk])
        response = self.client.get(url)
        self.assertContains(
            response,
            '<button type="submit" class="button">Registra el mòdul</button>',
            html=True,
        )
        self.assertNotContains(response, ">Fitxa<")
