"""First-reception training (Decree 150/2014, domain.md §3.6): an own-course
module is marked completed once the attended classes reach 75% of the course's
hours (the typology fixes them; A3 takes its own); an accredited module needs
its document; the reception certificate and the signed application."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from casework.modules.immigration.enums import TrainingWay
from casework.modules.immigration.services import (
    attended_hours,
    immigration_accredit,
    immigration_attendance_register,
    immigration_class_record,
    immigration_enrol,
    immigration_reception_update,
    open_immigration_expedient,
)
from casework.services.expedients import ActionNotAllowed
from configuration.models import ImmigrationCourse
from tests.factories.casework import resident

from .data import InEnglish, immigration_world


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def pdf(name="acreditacio.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


class SeventyFivePercentTests(InEnglish, TestCase):
    """A B course lasts 15 hours: 11.25 attended hours complete it."""

    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        w = cls.w
        cls.course = ImmigrationCourse.objects.create(
            area=w.t.area, code="B-LAB", name="Coneixements laborals", level="B"
        )
        cls.module = immigration_enrol(
            by=w.owner, expedient=w.case, course=cls.course, on=days_ago(20)
        )
        cls.classes = [
            immigration_class_record(
                by=w.owner, course=cls.course, on=days_ago(n), hours=Decimal(4)
            )
            for n in (10, 9, 8, 7)
        ]

    def register(self, course_class, came: bool):
        immigration_attendance_register(
            by=self.w.owner, course_class=course_class, attended={self.module.pk: came}
        )
        self.module.refresh_from_db()

    def test_the_typology_fixed_the_hours(self):
        self.assertEqual(self.course.hours, 15)
        self.assertEqual(self.course.completion_hours, Decimal("11.25"))
        self.assertEqual(self.module.way, TrainingWay.OWN_COURSE)
        self.assertEqual(self.module.level, "B")

    def test_below_75_percent_it_is_not_completed(self):
        self.register(self.classes[0], True)
        self.register(self.classes[1], True)
        self.register(self.classes[2], False)
        self.assertEqual(attended_hours(self.module), Decimal(8))
        self.assertIsNone(self.module.completed_on)

    def test_reaching_75_percent_marks_it_completed_on_that_class(self):
        for course_class in self.classes[:3]:
            self.register(course_class, True)
        self.assertEqual(attended_hours(self.module), Decimal(12))
        self.assertEqual(self.module.completed_on, self.classes[2].date)
        self.assertTrue(self.module.is_done)

    def test_a_correction_below_75_percent_unmarks_it(self):
        for course_class in self.classes[:3]:
            self.register(course_class, True)
        self.register(self.classes[1], False)
        self.assertIsNone(self.module.completed_on)
        self.register(self.classes[3], True)
        self.assertEqual(self.module.completed_on, self.classes[3].date)

    def test_exactly_75_percent_completes_a_literacy_course(self):
        literacy = ImmigrationCourse.objects.create(
            area=self.w.t.area, code="A3", name="Alfabetització", level="A3", hours=8
        )
        module = immigration_enrol(
            by=self.w.owner, expedient=self.w.case, course=literacy, on=days_ago(20)
        )
        classes = [
            immigration_class_record(
                by=self.w.owner, course=literacy, on=days_ago(n), hours=Decimal(2)
            )
            for n in (6, 5, 4)
        ]
        for course_class in classes[:2]:
            immigration_attendance_register(
                by=self.w.owner, course_class=course_class, attended={module.pk: True}
            )
        module.refresh_from_db()
        self.assertIsNone(module.completed_on)  # 4 of 6 hours
        immigration_attendance_register(
            by=self.w.owner, course_class=classes[2], attended={module.pk: True}
        )
        module.refresh_from_db()
        self.assertEqual(module.completed_on, classes[2].date)  # 6 = 75% of 8

    def test_only_enrolled_persons_of_visible_expedients_are_registered(self):
        other = open_immigration_expedient(
            by=self.w.elsewhere,
            person=resident(self.w.t, first_name="Kofi"),
            sector=self.w.t.other_sector,
        )
        foreign_module = immigration_enrol(
            by=self.w.elsewhere, expedient=other, course=self.course, on=days_ago(20)
        )
        with self.assertRaises(ValidationError):
            immigration_attendance_register(
                by=self.w.owner,
                course_class=self.classes[0],
                attended={foreign_module.pk: True},
            )

    def test_other_modules_technicians_keep_no_register(self):
        for user in (self.w.siad, self.w.t.worker, self.w.foreign):
            with self.subTest(user=str(user)), self.assertRaises(ActionNotAllowed):
                immigration_attendance_register(
                    by=user,
                    course_class=self.classes[0],
                    attended={self.module.pk: True},
                )

    def test_classes_are_not_recorded_in_the_future_nor_twice_a_day(self):
        with self.assertRaises(ValidationError):
            immigration_class_record(
                by=self.w.owner,
                course=self.course,
                on=date.today() + timedelta(days=1),
                hours=Decimal(2),
            )
        with self.assertRaises(ValidationError):
            immigration_class_record(
                by=self.w.owner, course=self.course, on=days_ago(10), hours=Decimal(2)
            )

    def test_a_person_is_enrolled_once_per_course(self):
        with self.assertRaises(ValidationError):
            immigration_enrol(
                by=self.w.owner, expedient=self.w.case, course=self.course
            )


class AccreditedAndReceptionTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def test_an_accredited_module_needs_its_document(self):
        with self.assertRaises(ValidationError) as caught:
            immigration_accredit(
                by=self.w.owner,
                expedient=self.w.case,
                level="C",
                on=days_ago(3),
                evidence=None,
            )
        self.assertIn("evidence", caught.exception.error_dict)
        module = immigration_accredit(
            by=self.w.owner,
            expedient=self.w.case,
            level="C",
            on=days_ago(3),
            evidence=pdf(),
        )
        self.assertEqual(module.way, TrainingWay.ACCREDITED)
        self.assertEqual(module.completed_on, days_ago(3))
        self.assertTrue(module.evidence.name.endswith(".pdf"))

    def test_the_reception_certificate_and_signed_application(self):
        case = immigration_reception_update(
            by=self.w.owner,
            case=self.w.case,
            reception_certificate_on=days_ago(1),
            signed_application=pdf("sollicitud.pdf"),
        )
        case.refresh_from_db()
        self.assertEqual(case.reception_certificate_on, days_ago(1))
        self.assertIn("sollicitud", case.signed_application.name)
        with self.assertRaises(ValidationError):
            immigration_reception_update(
                by=self.w.owner,
                case=self.w.case,
                reception_certificate_on=date.today() + timedelta(days=2),
            )
        with self.assertRaises(ActionNotAllowed):
            immigration_reception_update(
                by=self.w.siad, case=self.w.case, reception_certificate_on=None
            )
