"""The module's configuration (domain.md §3.6): courses eligible for European
funding by typology (the typology fixes the hours; only A3 takes its own),
courses not so funded, projects, teachers, providers — deactivated, never
deleted; immigration technicians carry their FSE funding category."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.models import (
    ImmigrationCourse,
    ImmigrationProvider,
    ImmigrationTeacher,
)
from configuration.services import professional_save
from tests.factories import AreaFactory

from .data import InEnglish, immigration_world


def course(area, **fields) -> ImmigrationCourse:
    entry = ImmigrationCourse(area=area, code="C1", name="Curs", **fields)
    entry.full_clean()
    entry.save()
    return entry


class CourseRulesTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()

    def test_the_typology_fixes_the_hours(self):
        for level, hours in (("A1", 90), ("A2", 90), ("B", 15), ("C", 15)):
            with self.subTest(level=level):
                entry = ImmigrationCourse(
                    area=self.area, code=level, name="x", level=level
                )
                entry.full_clean()
                self.assertEqual(entry.hours, hours)
                entry.hours = hours + 10
                with self.assertRaises(ValidationError) as caught:
                    entry.full_clean()
                self.assertIn("hours", caught.exception.error_dict)

    def test_only_a3_takes_its_own_hours(self):
        self.assertEqual(course(self.area, level="A3", hours=60).hours, 60)
        with self.assertRaises(ValidationError):
            course(self.area, level="A3")

    def test_funded_courses_have_a_typology_and_unfunded_ones_none(self):
        with self.assertRaises(ValidationError):
            course(self.area, hours=20)
        with self.assertRaises(ValidationError):
            course(self.area, european_funding=False, level="A1", hours=90)
        entry = course(self.area, european_funding=False, hours=20)
        self.assertEqual(entry.completion_hours, 15)

    def test_a_teacher_or_provider_of_another_area_is_refused(self):
        teacher = ImmigrationTeacher.objects.create(
            area=AreaFactory(), code="T", name="Docent", internal=True
        )
        with self.assertRaises(ValidationError):
            course(self.area, level="A1", teacher=teacher)
        mine = ImmigrationProvider.objects.create(
            area=self.area, code="P", name="Acadèmia"
        )
        self.assertEqual(course(self.area, level="A1", provider=mine).provider, mine)


class ConfigurationRightsTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()

    def test_technicians_and_coordinators_configure_but_never_delete(self):
        names = (
            "immigrationcourse",
            "immigrationproject",
            "immigrationteacher",
            "immigrationprovider",
        )
        for user in (self.w.owner, self.w.t.coordinator):
            for name in names:
                with self.subTest(user=str(user), model=name):
                    for action in ("add", "change", "view"):
                        self.assertTrue(user.has_perm(f"configuration.{action}_{name}"))
                    self.assertFalse(user.has_perm(f"configuration.delete_{name}"))
        for name in names:
            self.assertFalse(self.w.siad.has_perm(f"configuration.add_{name}"))

    def test_the_catalogue_screens_answer_the_technician(self):
        self.client.force_login(self.w.owner)
        for name in (
            "immigrationcourse",
            "immigrationproject",
            "immigrationteacher",
            "immigrationprovider",
        ):
            with self.subTest(name):
                url = (
                    reverse(f"configuration_{name}:index")
                    if False
                    else (f"/admin/configuration/catalogues/{name}/")
                )
                self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.w.siad)
        response = self.client.get("/admin/configuration/catalogues/immigrationcourse/")
        self.assertNotEqual(response.status_code, 200)

    def test_a_deactivated_course_stays_as_history(self):
        self.w.course.is_active = False
        self.w.course.save()
        self.assertTrue(ImmigrationCourse.objects.filter(pk=self.w.course.pk).exists())


class FundingCategoryTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        cls.group = Group.objects.get(name=roles.TECNIC_IMMIGRACIO.name)

    def test_an_immigration_technician_needs_a_category(self):
        professional = self.w.mate
        professional.funding_category = ""
        with self.assertRaises(ValidationError) as caught:
            professional_save(
                professional=professional,
                acting_user=self.w.t.coordinator,
                groups=[self.group],
                teams=[self.w.t.team],
            )
        self.assertIn("funding_category", caught.exception.error_dict)
        professional.funding_category = "A"
        saved = professional_save(
            professional=professional,
            acting_user=self.w.t.coordinator,
            groups=[self.group],
            teams=[self.w.t.team],
        )
        saved.refresh_from_db()
        self.assertEqual(saved.funding_category, "A")

    def test_other_roles_need_none(self):
        worker = self.w.t.worker
        professional_save(professional=worker, acting_user=self.w.t.coordinator)
        self.assertEqual(worker.funding_category, "")
