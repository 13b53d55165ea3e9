"""Person record rules: documents, uniqueness per area, èxitus, kinship, scope."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from configuration import roles
from directory.enums import DocumentType, KinshipKind, PersonStatus
from directory.models import Kinship, Person
from directory.services import (
    kinship_add,
    likely_duplicates,
    person_recover,
    person_save,
    person_set_deceased,
)
from tests.factories import AreaFactory, professional


def new_person(area, referent, **fields) -> Person:
    values = {
        "first_name": "Núria",
        "surname1": "García",
        "surname2": "Martí",
        "document_type": DocumentType.NIF_NIE,
        "document_number": "",
        "birth_date": date(1980, 5, 17),
    }
    values.update(fields)
    return Person(area=area, reference_professional=referent, **values)


class PersonRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)

    def save(self, **fields) -> Person:
        person = new_person(self.area, self.worker, **fields)
        return person_save(person=person, acting_user=self.worker)

    def test_the_document_is_stored_as_typed_and_searched_normalised(self):
        person = self.save(document_number="12.345.678-z")
        self.assertEqual(person.document_number, "12.345.678-Z")
        self.assertEqual(person.document_norm, "12345678Z")
        self.assertEqual(person.search_name, "garcia marti nuria")

    def test_a_wrong_dni_letter_is_refused_with_the_right_letter(self):
        with self.assertRaises(ValidationError) as raised:
            self.save(document_number="12345678A")
        self.assertIn("Z", " ".join(raised.exception.message_dict["document_number"]))
        self.assertFalse(Person.objects.exists())

    def test_a_nie_is_checked_too(self):
        self.assertEqual(
            self.save(document_number="x1234567l").document_norm, "X1234567L"
        )
        with self.assertRaises(ValidationError):
            self.save(document_number="Y1234567A", first_name="Pere")

    def test_a_passport_is_kept_as_typed(self):
        person = self.save(
            document_type=DocumentType.PASSPORT, document_number="ab 123456"
        )
        self.assertEqual(person.document_norm, "AB123456")

    def test_document_type_none_has_no_number(self):
        with self.assertRaises(ValidationError):
            self.save(document_type=DocumentType.NONE, document_number="123")

    def test_one_document_identifies_one_person_in_the_area(self):
        first = self.save(document_number="12345678Z")
        with self.assertRaises(ValidationError) as raised:
            self.save(document_number="12.345.678z", first_name="Pere")
        error = raised.exception.error_dict["document_number"][0]
        self.assertEqual(error.code, "duplicate_document")
        self.assertEqual(error.params["pk"], first.pk)
        twin = new_person(self.area, self.worker, document_number="12345678-Z")
        with self.assertRaises(IntegrityError), transaction.atomic():
            twin.save()  # the database refuses it even without the form

    def test_another_area_may_hold_the_same_document(self):
        self.save(document_number="12345678Z")
        other = AreaFactory()
        person = new_person(other, professional(roles.TECNIC, area=other))
        person.document_number = "12345678Z"
        person_save(person=person, acting_user=person.reference_professional)
        self.assertEqual(Person.objects.filter(document_norm="12345678Z").count(), 2)

    def test_who_created_and_who_changed_are_stamped(self):
        person = self.save()
        colleague = professional(roles.TECNIC, area=self.area)
        person.phone1 = "600000000"
        person_save(person=person, acting_user=colleague)
        person.refresh_from_db()
        self.assertEqual(
            (person.created_by, person.updated_by), (self.worker, colleague)
        )


class ExitusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)

    def test_deceased_records_the_date_and_who_then_recupera_reactivates(self):
        person = person_save(
            person=new_person(self.area, self.worker), acting_user=self.worker
        )
        person_set_deceased(
            person=person, acting_user=self.worker, death_date=date(2026, 1, 2)
        )
        person.refresh_from_db()
        self.assertEqual(person.status, PersonStatus.DECEASED)
        self.assertEqual(person.deceased_set_by, self.worker)
        person_recover(person=person, acting_user=self.worker)
        person.refresh_from_db()
        self.assertEqual(
            (person.status, person.death_date), (PersonStatus.ACTIVE, None)
        )

    def test_a_death_date_in_the_future_is_refused(self):
        person = person_save(
            person=new_person(self.area, self.worker), acting_user=self.worker
        )
        with self.assertRaises(ValidationError):
            person_set_deceased(
                person=person,
                acting_user=self.worker,
                death_date=date.today() + timedelta(days=1),
            )

    def test_the_database_refuses_a_deceased_without_date(self):
        person = new_person(self.area, self.worker, status=PersonStatus.DECEASED)
        with self.assertRaises(IntegrityError), transaction.atomic():
            person.save()


class DuplicateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.existing = person_save(
            person=new_person(cls.area, cls.worker, document_number="12345678Z"),
            acting_user=cls.worker,
        )

    def test_same_birth_date_and_surname_is_a_likely_duplicate(self):
        typed = new_person(self.area, self.worker, first_name="Nuri", surname2="")
        # Never saved: the check runs on what was typed, before the record exists.
        typed.document_norm, typed.search_name = "", "garcia nuri"
        found = [record for record, _reason in likely_duplicates(person=typed)]
        self.assertEqual(found, [self.existing])

    def test_a_different_birth_date_is_not(self):
        typed = new_person(self.area, self.worker, birth_date=date(1990, 1, 1))
        self.assertEqual(list(likely_duplicates(person=typed)), [])

    def test_another_areas_records_never_appear(self):
        other = AreaFactory()
        typed = new_person(other, professional(roles.TECNIC, area=other))
        self.assertEqual(list(likely_duplicates(person=typed)), [])


class KinshipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        save = lambda **f: person_save(  # noqa: E731
            person=new_person(cls.area, cls.worker, **f), acting_user=cls.worker
        )
        cls.mother = save(first_name="Anna", birth_date=date(1970, 1, 1))
        cls.son = save(first_name="Pau", birth_date=date(2000, 1, 1))

    def test_child_of_is_stored_as_the_reverse_parent_of(self):
        kinship = kinship_add(
            person=self.son,
            relative=self.mother,
            kind=KinshipKind.CHILD,
            acting_user=self.worker,
        )
        self.assertEqual((kinship.person, kinship.relative), (self.mother, self.son))
        self.assertEqual(kinship.kind, KinshipKind.PARENT)

    def test_nobody_is_their_own_relative(self):
        with self.assertRaises(ValidationError):
            kinship_add(
                person=self.son,
                relative=self.son,
                kind=KinshipKind.SIBLING,
                acting_user=self.worker,
            )

    def test_a_separation_keeps_its_dates(self):
        partner = person_save(
            person=new_person(self.area, self.worker, first_name="Joan"),
            acting_user=self.worker,
        )
        kinship = kinship_add(
            person=self.mother,
            relative=partner,
            kind=KinshipKind.PARTNER,
            acting_user=self.worker,
            starts_on=date(1995, 6, 1),
            ends_on=date(2010, 3, 1),
        )
        self.assertEqual(kinship.ends_on, date(2010, 3, 1))
        with self.assertRaises(ValidationError):
            kinship_add(
                person=self.son,
                relative=partner,
                kind=KinshipKind.OTHER,
                acting_user=self.worker,
                starts_on=date(2010, 1, 1),
                ends_on=date(2000, 1, 1),
            )

    def test_relatives_belong_to_the_same_area(self):
        other = AreaFactory()
        stranger = person_save(
            person=new_person(other, professional(roles.TECNIC, area=other)),
            acting_user=self.worker,
        )
        with self.assertRaises(ValidationError):
            kinship_add(
                person=self.son,
                relative=stranger,
                kind=KinshipKind.SIBLING,
                acting_user=self.worker,
            )
        self.assertFalse(Kinship.objects.exists())


class PersonScopeTests(TestCase):
    def test_a_professional_sees_only_their_areas_persons(self):
        area, other = AreaFactory(), AreaFactory()
        worker = professional(roles.TECNIC, area=area)
        mine = person_save(person=new_person(area, worker), acting_user=worker)
        outsider = professional(roles.TECNIC, area=other)
        person_save(person=new_person(other, outsider), acting_user=outsider)
        self.assertEqual(list(Person.objects.visible_to(worker)), [mine])
        self.assertEqual(
            Person.objects.visible_to(professional(roles.SUPORT, area=None)).count(), 0
        )


class DeregistrationHoldingTests(TestCase):
    def test_a_referent_of_person_records_cannot_be_deregistered(self):
        from configuration.services import professional_deregister

        area = AreaFactory()
        worker = professional(roles.TECNIC, area=area)
        coordinator = professional(roles.COORDINADOR, area=area)
        for name in ("Anna", "Pau"):
            person_save(
                person=new_person(area, worker, first_name=name, birth_date=None),
                acting_user=worker,
            )
        with self.assertRaises(ValidationError) as raised:
            professional_deregister(professional=worker, acting_user=coordinator)
        self.assertIn("2", raised.exception.messages[0])
        Person.objects.update(reference_professional=coordinator)
        professional_deregister(professional=worker, acting_user=coordinator)
        worker.refresh_from_db()
        self.assertFalse(worker.is_active)
