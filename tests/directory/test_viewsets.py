"""Person record screens: who sees which part, scope, creation, query counts."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from configuration import roles
from directory.models import Person, PersonExtended
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional


class PersonScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)
        cls.person = person_save(
            person=new_person(
                cls.area, cls.worker, observations="Nota reservada", family_type=4
            ),
            acting_user=cls.worker,
        )
        cls.extended = PersonExtended.objects.create(
            person=cls.person, school="Escola X"
        )
        other = AreaFactory()
        outsider = professional(roles.TECNIC, area=other)
        cls.foreign = person_save(
            person=new_person(other, outsider), acting_user=outsider
        )

    def edit_url(self, person):
        return reverse("person:edit", args=[person.pk])

    def test_administrative_roles_get_no_sensitive_fields(self):
        self.client.force_login(self.auxiliar)
        response = self.client.get(self.edit_url(self.person))
        self.assertEqual(response.status_code, 200)
        fields = response.context["form"].fields
        self.assertIn("document_number", fields)
        self.assertIn("residence_municipality", fields)
        self.assertNotIn("observations", fields)
        self.assertNotIn("family_type", fields)
        self.assertNotContains(response, "Nota reservada")

    def test_technical_roles_get_them(self):
        self.client.force_login(self.worker)
        fields = self.client.get(self.edit_url(self.person)).context["form"].fields
        self.assertIn("observations", fields)

    def test_the_extended_block_is_for_technical_roles_only(self):
        url = reverse("personextended:edit", args=[self.extended.pk])
        self.client.force_login(self.auxiliar)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.worker)
        self.assertContains(self.client.get(url), "Escola X")

    def test_the_extended_blocks_person_field_speaks_catalan(self):
        """The block's person field was named by Django from the field
        ("Person", untranslated): its label is "Persona" on every screen."""
        self.assertEqual(
            str(PersonExtended._meta.get_field("person").verbose_name), "persona"
        )
        self.client.force_login(self.worker)
        for url in (
            reverse("personextended:edit", args=[self.extended.pk]),
            reverse("personextended:add"),
            reverse("personextended:index"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Persona")
                self.assertNotRegex(response.content.decode(), r">\s*Person\s*<")

    def test_another_areas_record_answers_404(self):
        for user in (self.worker, self.auxiliar):
            self.client.force_login(user)
            self.assertEqual(
                self.client.get(self.edit_url(self.foreign)).status_code, 404
            )

    def test_roles_without_person_rights_are_refused(self):
        self.client.force_login(professional(roles.ALUMNE, area=self.area))
        self.assertEqual(self.client.get(self.edit_url(self.person)).status_code, 404)
        self.assertRedirects(
            self.client.get(reverse("directory_search")), reverse("wagtailadmin_home")
        )

    def test_nobody_deletes_a_person_record_from_the_admin(self):
        # Records of one person are merged (and can be unmerged), never erased:
        # no Delete in the coordinator's menu, and the URL refuses.
        coordinator = professional(roles.COORDINADOR, area=self.area)
        self.client.force_login(coordinator)
        delete_url = reverse("person:delete", args=[self.person.pk])
        edit = self.client.get(self.edit_url(self.person))
        self.assertEqual(edit.status_code, 200)
        self.assertNotContains(edit, delete_url)
        for method in (self.client.get, self.client.post):
            response = method(delete_url)
            self.assertIn(response.status_code, (302, 403, 404))
        self.assertTrue(Person.objects.filter(pk=self.person.pk).exists())
        # The merge right stays with the coordinator.
        self.assertTrue(coordinator.has_perm("directory.delete_person"))

    def test_creating_a_record_sets_area_referent_and_stamps(self):
        self.client.force_login(self.auxiliar)
        response = self.client.post(
            reverse("person:add"),
            {
                "document_type": 0,
                "document_number": "00000000t",
                "first_name": "Pol",
                "surname1": "Riera",
                "civil_status": 1,
                "tenure_regime": 0,
                "reference_professional": self.worker.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        person = Person.objects.get(first_name="Pol")
        self.assertEqual((person.area, person.created_by), (self.area, self.auxiliar))
        self.assertEqual(person.document_norm, "00000000T")

    def test_a_duplicate_document_is_a_form_error(self):
        self.person.document_number = "12345678Z"
        self.person.save()
        self.client.force_login(self.worker)
        response = self.client.post(
            reverse("person:add"),
            {
                "document_type": 0,
                "document_number": "12.345.678-z",
                "first_name": "Pol",
                "surname1": "Riera",
                "civil_status": 1,
                "tenure_regime": 0,
                "family_type": 0,
                "cohabitation_type": 0,
                "dependency_degree": 0,
                "reference_professional": self.worker.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("document_number", response.context["form"].errors)
        self.assertFalse(Person.objects.filter(first_name="Pol").exists())

    def test_the_listing_does_not_grow_queries_with_rows(self):
        self.client.force_login(self.worker)
        url = reverse("person:index")

        def count():
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            return len(queries)

        few = count()
        for n in range(15):
            person_save(
                person=new_person(
                    self.area,
                    self.worker,
                    first_name=f"P{n}",
                    birth_date=date(1990, 1, n + 1),
                ),
                acting_user=self.worker,
            )
        self.assertEqual(count(), few)


class PersonAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.person = person_save(
            person=new_person(cls.area, cls.worker, document_number="12345678Z"),
            acting_user=cls.worker,
        )

    def entries(self, action):
        from auditlog.models import LogEntry

        return LogEntry.objects.get_for_object(self.person).filter(action=action)

    def test_opening_a_record_writes_one_access_entry_with_the_professional(self):
        from auditlog.models import LogEntry

        self.client.force_login(self.worker)
        self.client.get(reverse("person:edit", args=[self.person.pk]))
        access = self.entries(LogEntry.Action.ACCESS)
        self.assertEqual(access.count(), 1)
        self.assertEqual(access.get().actor, self.worker)

    def test_an_out_of_scope_attempt_logs_no_access(self):
        from auditlog.models import LogEntry

        self.client.force_login(professional(roles.TECNIC))  # another area
        self.client.get(reverse("person:edit", args=[self.person.pk]))
        self.assertFalse(self.entries(LogEntry.Action.ACCESS).exists())

    def test_changes_are_recorded_with_the_document_masked(self):
        from auditlog.models import LogEntry

        created = self.entries(LogEntry.Action.CREATE).get()
        stored = str(created.changes)
        self.assertNotIn("12345678Z", stored)
        self.assertIn("García", stored)
