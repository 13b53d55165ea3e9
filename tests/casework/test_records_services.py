"""The rules of actuacions, demandes and problemàtiques, one test each
(domain.md §3.3.4–3.3.6, §4.1, §4.7)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from casework.enums import ActuacioOrigin, ProblemScope
from casework.models import Actuacio, Demand, ProblemRecord
from casework.services import (
    BeneficiaryMode,
    EditConflict,
    actuacio_create,
    actuacio_lock_reason,
    actuacio_update,
    beneficiaries_for,
    demand_create,
    demand_update,
    problem_create,
    problem_extend,
    problem_reopen,
    problem_update,
)
from configuration import roles
from tests.factories import AreaFactory, ProblemFactory, professional
from tests.factories.casework import basic_case

from .records_data import RecordsData, close


def messages_of(error: ValidationError) -> str:
    return " ".join(error.exception.messages)


class ActuacioRulesTests(RecordsData, TestCase):
    def create(self, **values):
        return actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            **self.actuacio_values(**values),
        )

    def test_a_manual_actuacio_needs_type_place_topic_and_responsible(self):
        for name in ("type", "place", "topic", "responsible"):
            with self.subTest(name), self.assertRaises(ValidationError) as error:
                self.create(**{name: "" if name == "topic" else None})
            self.assertIn(name, error.exception.message_dict)

    def test_it_is_recorded_as_manual_with_its_persons(self):
        actuacio = self.create(
            related_persons=[self.main],
            attendee_persons=[self.partner],
            attendee_professionals=[self.t.teammate],
        )
        self.assertEqual(actuacio.origin, ActuacioOrigin.MANUAL)
        self.assertEqual(actuacio.created_by, self.t.worker)
        self.assertEqual(list(actuacio.related_persons.all()), [self.main])
        self.assertEqual(list(actuacio.attendee_professionals.all()), [self.t.teammate])

    def test_non_residents_may_have_actuacions(self):
        actuacio = self.create(related_persons=[self.away, self.nowhere])
        self.assertEqual(actuacio.related_persons.count(), 2)

    def test_persons_must_be_linked_to_the_expedient(self):
        for field in ("related_persons", "attendee_persons"):
            with self.subTest(field), self.assertRaises(ValidationError):
                self.create(**{field: [self.stranger]})

    def test_professionals_must_be_of_the_area(self):
        elsewhere = professional(roles.TECNIC, area=AreaFactory())
        with self.assertRaises(ValidationError):
            self.create(attendee_professionals=[elsewhere])
        with self.assertRaises(ValidationError):
            self.create(responsible=elsewhere)

    def test_a_closed_expedient_takes_no_actuacio(self):
        close(self.case)
        with self.assertRaises(ValidationError):
            self.create()

    def test_a_date_past_the_edit_deadline_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.create(date=date.today() - timedelta(days=11))
        self.assertIn("date", error.exception.message_dict)
        self.create(date=date.today() - timedelta(days=10))

    def test_past_the_deadline_it_is_read_only_for_everyone(self):
        actuacio = self.create()
        Actuacio.objects.filter(pk=actuacio.pk).update(
            date=date.today() - timedelta(days=11)
        )
        for user in (self.t.worker, self.t.coordinator):
            stale = Actuacio.objects.get(pk=actuacio.pk)
            self.assertTrue(actuacio_lock_reason(stale))
            with self.subTest(user=user), self.assertRaises(ValidationError):
                actuacio_update(actuacio=stale, acting_user=user, topic="Canvi")
            # Not even by moving its date back inside the window.
            with self.subTest(user=user), self.assertRaises(ValidationError):
                actuacio_update(actuacio=stale, acting_user=user, date=date.today())
        self.assertEqual(Actuacio.objects.get(pk=actuacio.pk).topic, actuacio.topic)

    def test_inside_the_deadline_it_can_be_changed(self):
        actuacio = self.create(date=date.today() - timedelta(days=9))
        self.assertEqual(actuacio_lock_reason(actuacio), "")
        actuacio_update(actuacio=actuacio, acting_user=self.t.teammate, topic="Canvi")
        self.assertEqual(Actuacio.objects.get(pk=actuacio.pk).version, 2)

    def test_automatic_actuacions_are_never_editable(self):
        # Complete as a manual one would be, so only its origin stops the edit.
        Actuacio.objects.filter(expedient=self.case).update(
            type=self.atype, place=self.place, responsible=self.t.worker
        )
        opening = Actuacio.objects.get(expedient=self.case)
        self.assertEqual(opening.origin, ActuacioOrigin.AUTOMATIC)
        self.assertTrue(actuacio_lock_reason(opening))
        with self.assertRaises(ValidationError):
            actuacio_update(
                actuacio=opening, acting_user=self.t.coordinator, topic="Canvi"
            )

    def test_a_stale_save_is_refused_with_what_changed(self):
        actuacio = self.create()
        mine = Actuacio.objects.get(pk=actuacio.pk)
        theirs = Actuacio.objects.get(pk=actuacio.pk)
        actuacio_update(actuacio=theirs, acting_user=self.t.teammate, topic="Seu")
        with translation.override("en"), self.assertRaises(EditConflict) as error:
            actuacio_update(
                actuacio=mine,
                acting_user=self.t.worker,
                expected_version=1,
                topic="Meu",
            )
        self.assertEqual(error.exception.stored.topic, "Seu")
        self.assertEqual(error.exception.current_version, 2)
        self.assertEqual(Actuacio.objects.get(pk=actuacio.pk).topic, "Seu")


class DemandRulesTests(RecordsData, TestCase):
    def create(self, beneficiaries, **values):
        return demand_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=beneficiaries,
            type=values.pop("type", self.dtype),
            **values,
        )

    def test_a_demand_for_residents_is_recorded(self):
        demand = self.create([self.main, self.partner])
        self.assertEqual(demand.date, date.today())
        self.assertEqual(set(demand.beneficiaries.all()), {self.main, self.partner})

    def test_the_residence_gate_names_the_person_and_the_field(self):
        for person in (self.away, self.nowhere):
            with translation.override("en"), self.subTest(person=str(person)):
                with self.assertRaises(ValidationError) as error:
                    self.create([self.main, person])
                self.assertIn(str(person), messages_of(error))
                self.assertIn("municipality of residence", messages_of(error))
        self.assertFalse(Demand.objects.exists())

    def test_beneficiaries_must_be_linked(self):
        with self.assertRaises(ValidationError):
            self.create([self.stranger])

    def test_holder_some_or_all(self):
        def chosen(mode, picked=()):
            return set(beneficiaries_for(expedient=self.case, mode=mode, chosen=picked))

        self.assertEqual(chosen(BeneficiaryMode.HOLDER), {self.main})
        self.assertEqual(chosen(BeneficiaryMode.SOME, [self.partner]), {self.partner})
        self.assertEqual(
            chosen(BeneficiaryMode.ALL),
            {self.main, self.partner, self.away, self.nowhere},
        )

    def test_the_related_actuacio_must_be_of_the_same_expedient(self):
        other = basic_case(self.t)
        foreign = Actuacio.objects.get(expedient=other)
        with self.assertRaises(ValidationError) as error:
            self.create([self.main], actuacio=foreign)
        self.assertIn("actuacio", error.exception.message_dict)
        own = Actuacio.objects.get(expedient=self.case)
        self.assertEqual(self.create([self.main], actuacio=own).actuacio, own)

    def test_a_closed_expedient_takes_no_demand(self):
        demand = self.create([self.main])
        close(self.case)
        demand.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.create([self.main])
        with self.assertRaises(ValidationError):
            demand_update(demand=demand, acting_user=self.t.worker, date=date.today())

    def test_a_stale_save_is_refused(self):
        demand = self.create([self.main])
        mine = Demand.objects.get(pk=demand.pk)
        demand_update(
            demand=demand, acting_user=self.t.teammate, beneficiaries=[self.partner]
        )
        with self.assertRaises(EditConflict):
            demand_update(
                demand=mine,
                acting_user=self.t.worker,
                expected_version=1,
                date=date.today() - timedelta(days=1),
            )


class ProblemRulesTests(RecordsData, TestCase):
    def create(self, beneficiaries, **values):
        return problem_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=beneficiaries,
            problem=values.pop("problem", self.problem),
            **values,
        )

    def ended(self, record) -> ProblemRecord:
        ProblemRecord.objects.filter(pk=record.pk).update(
            starts_on=date.today() - timedelta(days=60),
            ends_on=date.today() - timedelta(days=1),
        )
        return ProblemRecord.objects.get(pk=record.pk)

    def test_it_starts_today_and_ends_on_31_december(self):
        record = self.create([self.main])
        self.assertEqual(record.starts_on, date.today())
        self.assertEqual(record.ends_on, date(date.today().year, 12, 31))
        self.assertEqual(record.scope, ProblemScope.FAMILY)

    def test_the_residence_gate_applies(self):
        for person in (self.away, self.nowhere):
            with translation.override("en"), self.subTest(person=str(person)):
                with self.assertRaises(ValidationError) as error:
                    self.create([person])
                self.assertIn(str(person), messages_of(error))
                self.assertIn("municipality of residence", messages_of(error))

    def test_beneficiaries_must_be_linked(self):
        with self.assertRaises(ValidationError):
            self.create([self.stranger])

    def test_a_new_problem_comes_from_this_years_catalogue(self):
        old = ProblemFactory(type__year=2000)
        with self.assertRaises(ValidationError) as error:
            self.create([self.main], problem=old)
        self.assertIn("problem", error.exception.message_dict)

    def test_an_individual_problem_concerns_one_person(self):
        with self.assertRaises(ValidationError):
            self.create([self.main, self.partner], scope=ProblemScope.INDIVIDUAL)
        self.create([self.partner], scope=ProblemScope.INDIVIDUAL)

    def test_a_running_duplicate_is_refused_pointing_to_extend(self):
        self.create([self.main, self.partner])
        with translation.override("en"), self.assertRaises(ValidationError) as error:
            self.create([self.partner])
        self.assertIn("Extend", messages_of(error))
        self.assertEqual(ProblemRecord.objects.count(), 1)

    def test_a_finished_duplicate_is_refused_pointing_to_reopen(self):
        self.ended(self.create([self.main]))
        with translation.override("en"), self.assertRaises(ValidationError) as error:
            self.create([self.main])
        self.assertIn("Reopen", messages_of(error))

    def test_the_same_code_in_last_years_catalogue_is_the_same_problem(self):
        record = self.create([self.main])
        last_year = ProblemFactory(code=self.problem.code, type__year=2000)
        ProblemRecord.objects.filter(pk=record.pk).update(problem=last_year)
        with self.assertRaises(ValidationError):
            self.create([self.main])

    def test_other_persons_or_problems_are_not_duplicates(self):
        self.create([self.main])
        self.create([self.partner])
        self.create([self.main], problem=ProblemFactory())
        self.assertEqual(ProblemRecord.objects.count(), 3)

    def test_editing_a_record_is_not_a_duplicate_of_itself(self):
        record = self.create([self.main])
        problem_update(record=record, acting_user=self.t.worker, scope="individual")
        self.assertEqual(ProblemRecord.objects.get().version, 2)

    def test_extend_gives_a_running_problem_a_later_end(self):
        record = self.create([self.main])
        later = record.ends_on + timedelta(days=365)
        problem_extend(record=record, ends_on=later, acting_user=self.t.worker)
        self.assertEqual(ProblemRecord.objects.get().ends_on, later)
        with self.assertRaises(ValidationError):
            problem_extend(record=record, ends_on=later, acting_user=self.t.worker)

    def test_a_finished_problem_is_reopened_not_extended(self):
        record = self.ended(self.create([self.main]))
        with self.assertRaises(ValidationError):
            problem_extend(
                record=record, ends_on=date.today(), acting_user=self.t.worker
            )
        with self.assertRaises(ValidationError):
            problem_reopen(
                record=record,
                ends_on=date.today() - timedelta(days=1),
                acting_user=self.t.worker,
            )
        problem_reopen(record=record, acting_user=self.t.worker)
        self.assertEqual(
            ProblemRecord.objects.get().ends_on, date(date.today().year, 12, 31)
        )

    def test_a_running_problem_cannot_be_reopened(self):
        record = self.create([self.main])
        with self.assertRaises(ValidationError):
            problem_reopen(record=record, acting_user=self.t.worker)

    def test_a_closed_expedient_takes_no_problem_nor_new_dates(self):
        record = self.create([self.main])
        close(self.case)
        record = ProblemRecord.objects.get(pk=record.pk)
        with self.assertRaises(ValidationError):
            self.create([self.partner])
        with self.assertRaises(ValidationError):
            problem_extend(
                record=record,
                ends_on=record.ends_on + timedelta(days=1),
                acting_user=self.t.worker,
            )

    def test_a_stale_extension_is_refused(self):
        record = self.create([self.main])
        mine = ProblemRecord.objects.get(pk=record.pk)
        problem_extend(
            record=record,
            ends_on=record.ends_on + timedelta(days=1),
            acting_user=self.t.teammate,
        )
        with self.assertRaises(EditConflict):
            problem_extend(
                record=mine,
                ends_on=mine.ends_on + timedelta(days=2),
                expected_version=1,
                acting_user=self.t.worker,
            )
