"""The Historial of a person record: changes over time from the audit trail,
what each role may read of them, the merges received and their undo."""

from datetime import date

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from configuration import roles
from directory.enums import KinshipKind
from directory.history import mask_identifier
from directory.models import Kinship, PersonExtended
from directory.services import kinship_add, kinship_save, person_merge, person_save
from tests.directory.test_models import new_person
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    TeamFactory,
    professional,
)


class HistorialTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(
            roles.COORDINADOR, area=cls.area, first_name="Carme", last_name="Coord"
        )
        cls.worker = professional(
            roles.TECNIC, area=cls.area, first_name="Anna", last_name="Primera"
        )
        cls.second_worker = professional(
            roles.TECNIC, area=cls.area, first_name="Bernat", last_name="Segon"
        )
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)
        cls.old_town = MunicipalityFactory(name="Vilavella")
        cls.new_town = MunicipalityFactory(name="Vilanova")
        cls.old_team = TeamFactory(area=cls.area, name="Equip Nord")
        cls.new_team = TeamFactory(area=cls.area, name="Equip Sud")
        with set_actor(cls.worker):
            cls.person = person_save(
                person=new_person(
                    cls.area,
                    cls.worker,
                    document_number="12345678Z",
                    residence_municipality=cls.old_town,
                    reference_team=cls.old_team,
                ),
                acting_user=cls.worker,
            )
        with set_actor(cls.coordinator):
            cls.change(
                reference_professional=cls.second_worker,
                residence_municipality=cls.new_town,
                reference_team=cls.new_team,
                observations="Nota reservada",
                dependent=True,
            )
            PersonExtended.objects.create(person=cls.person, school="Escola X")

    @classmethod
    def change(cls, **fields):
        for name, value in fields.items():
            setattr(cls.person, name, value)
        person_save(person=cls.person, acting_user=cls.coordinator)

    def url(self, person=None):
        return reverse("person_historial", args=[(person or self.person).pk])

    def get(self, user, person=None):
        self.client.force_login(user)
        return self.client.get(self.url(person))

    def test_reference_professional_municipality_and_team_over_time(self):
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        summary = dict(response.context["over_time"])
        values = {
            str(label): [period.value for period in periods]
            for label, periods in summary.items()
        }
        self.assertEqual(
            list(values.values()),
            [
                ["Anna Primera", "Bernat Segon"],
                [str(self.old_town), str(self.new_town)],
                ["Equip Nord", "Equip Sud"],
            ],
        )
        periods = list(summary.values())[0]
        self.assertEqual([p.actor for p in periods], [self.worker, self.coordinator])

    def test_every_change_shows_who_and_names_not_ids(self):
        response = self.get(self.coordinator)
        events = response.context["events"]
        self.assertEqual(events[-1].entry.actor, self.worker)  # newest first
        change = next(c for e in events for c in e.changes if c.new == "Bernat Segon")
        self.assertEqual(change.old, "Anna Primera")
        self.assertContains(response, "Carme Coord")

    def test_identifiers_stay_masked(self):
        response = self.get(self.coordinator)
        self.assertNotContains(response, "12345678Z")
        self.assertContains(response, mask_identifier("****5678Z"))

    def test_the_coordinator_reads_sensitive_changes_and_the_extended_block(self):
        response = self.get(self.coordinator)
        self.assertContains(response, "Nota reservada")
        self.assertContains(response, "Escola X")

    def test_the_auxiliar_sees_neither_sensitive_diffs_nor_the_extended_block(self):
        response = self.get(self.auxiliar)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Nota reservada")
        self.assertNotContains(response, "Escola X")
        self.assertTrue(any(event.hidden for event in response.context["events"]))
        self.assertContains(response, "Bernat Segon")  # the referent is for all

    def test_technical_roles_read_it_too(self):
        self.assertEqual(self.get(self.worker).status_code, 200)

    def test_outside_the_scope_it_answers_404(self):
        other_area = AreaFactory()
        for user in (
            professional(roles.COORDINADOR, area=other_area),
            professional(roles.ALUMNE, area=self.area),
        ):
            with self.subTest(role=user.groups.get().name):
                self.assertEqual(self.get(user).status_code, 404)

    def test_reading_the_history_is_one_access_entry(self):
        # Issue 16.6: the Historial shows the record, so reading it is audited,
        # and it changes nothing.
        before = set(LogEntry.objects.values_list("pk", flat=True))
        self.get(self.coordinator)
        written = LogEntry.objects.exclude(pk__in=before)
        self.assertEqual(written.count(), 1)
        entry = written.get()
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)
        self.assertEqual(entry.actor, self.coordinator)
        self.assertEqual(entry.object_pk, str(self.person.pk))

    def test_the_edit_page_leads_to_the_historial(self):
        self.client.force_login(self.worker)
        response = self.client.get(reverse("person:edit", args=[self.person.pk]))
        self.assertContains(response, self.url())

    def test_the_page_does_not_grow_queries_with_changes(self):
        def count():
            self.get(self.coordinator)
            with CaptureQueriesContext(connection) as queries:
                self.get(self.coordinator)
            return len(queries)

        few = count()
        towns = (self.old_town, self.new_town)
        teams = (self.old_team, self.new_team)
        referents = (self.worker, self.second_worker)
        with set_actor(self.second_worker):
            for n in range(10):
                self.change(
                    reference_professional=referents[n % 2],
                    residence_municipality=towns[n % 2],
                    reference_team=teams[n % 2],
                    phone1=f"6000000{n:02d}",
                )
        self.assertEqual(count(), few)
        response = self.get(self.coordinator)
        self.assertEqual(len(dict(response.context["over_time"])), 3)
        self.assertEqual(len(list(response.context["over_time"])[0][1]), 12)


class HistorialMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.survivor = person_save(
            person=new_person(cls.area, cls.worker), acting_user=cls.worker
        )
        cls.merged = person_save(
            person=new_person(cls.area, cls.worker, first_name="Nuri", phone1="93"),
            acting_user=cls.worker,
        )
        cls.merge = person_merge(
            survivor=cls.survivor,
            merged=cls.merged,
            fields_taken=["phone1"],
            acting_user=cls.coordinator,
        )

    def test_the_merge_is_listed_with_undo_for_coordinators(self):
        undo = reverse("directory_unmerge", args=[self.merge.pk])
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("person_historial", args=[self.survivor.pk]))
        self.assertContains(response, undo)
        self.assertContains(response, str(self.merged))
        events = response.context["events"]
        self.assertTrue(any(e.note and e.note["event"] == "merge" for e in events))
        self.client.force_login(self.worker)
        response = self.client.get(reverse("person_historial", args=[self.survivor.pk]))
        self.assertContains(response, str(self.merged))
        self.assertNotContains(response, undo)

    def test_the_merged_record_points_to_the_survivor(self):
        self.client.force_login(self.worker)
        response = self.client.get(reverse("person_historial", args=[self.merged.pk]))
        self.assertEqual(response.context["merged_into"], self.merge)
        self.assertContains(
            response, reverse("person_historial", args=[self.survivor.pk])
        )


class HistorialKinshipTests(TestCase):
    """Kinship recorded, changed or deleted shows in both persons' Historial."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(
            roles.TECNIC, area=cls.area, first_name="Anna", last_name="Primera"
        )
        cls.mother = person_save(
            person=new_person(cls.area, cls.worker, first_name="Rosa"),
            acting_user=cls.worker,
        )
        cls.son = person_save(
            person=new_person(cls.area, cls.worker, first_name="Pol"),
            acting_user=cls.worker,
        )
        cls.stranger = person_save(
            person=new_person(cls.area, cls.worker, first_name="Lluc"),
            acting_user=cls.worker,
        )
        with set_actor(cls.worker):
            cls.kinship = kinship_add(
                person=cls.mother,
                relative=cls.son,
                kind=KinshipKind.PARENT,
                acting_user=cls.worker,
            )
            cls.kinship.ends_on = date(2025, 6, 30)
            kinship_save(kinship=cls.kinship, acting_user=cls.worker)
            Kinship.objects.get(pk=cls.kinship.pk).delete()

    def events(self, person):
        self.client.force_login(self.worker)
        response = self.client.get(reverse("person_historial", args=[person.pk]))
        self.assertEqual(response.status_code, 200)
        kinship = ContentType.objects.get_for_model(Kinship).pk
        return [
            e for e in response.context["events"] if e.entry.content_type_id == kinship
        ]

    def test_both_ends_see_the_kinship_created_changed_and_deleted(self):
        for person in (self.mother, self.son):
            with self.subTest(person=person.first_name):
                events = self.events(person)
                actions = [e.entry.action for e in events]
                self.assertEqual(
                    actions,
                    [
                        LogEntry.Action.DELETE,
                        LogEntry.Action.UPDATE,
                        LogEntry.Action.CREATE,
                    ],
                )
                self.assertTrue(all(e.entry.actor == self.worker for e in events))
                self.assertTrue(all(e.part for e in events))
                with translation.override("en"):
                    created = {str(c.label): c.new for c in events[-1].changes}
                    changed = {str(c.label): c.old for c in events[1].changes}
                self.assertEqual(created["Person"], str(self.mother))
                self.assertEqual(created["Relative"], str(self.son))
                self.assertEqual(list(changed), ["Until"])

    def test_a_person_outside_the_kinship_sees_none_of_it(self):
        self.assertEqual(self.events(self.stranger), [])
