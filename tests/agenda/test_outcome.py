"""Recording what happened: held, not held, did not attend; a held interview
of an expedient offers its actuació (and writes none)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from agenda import services
from agenda.enums import AppointmentState, AppointmentType
from agenda.services import Details
from casework.models import Actuacio
from casework.services.expedients import ActionNotAllowed
from tests.factories.casework import basic_case, resident

from .agenda_data import last_weekday, next_weekday, visit, world


class OutcomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.case = basic_case(cls.t)
        cls.main = cls.case.links.get().person
        cls.day = last_weekday(0)

    def interview(self, **kwargs):
        return visit(
            self.w,
            by=self.t.worker,
            on=self.day,
            persons=[self.main],
            details=Details(expedient=self.case, **kwargs),
        )

    def test_a_held_interview_offers_the_actuacio_without_writing_it(self):
        before = Actuacio.objects.count()
        outcome = services.record_outcome(
            appointment=self.interview(),
            acting_user=self.t.worker,
            state=AppointmentState.HELD,
        )
        offer = outcome.actuacio
        self.assertEqual(offer.expedient_id, self.case.pk)
        self.assertIn(f"expedient={self.case.pk}", offer.url)
        self.assertEqual(offer.initial["date"], self.day)
        self.assertEqual(str(offer.initial["hours"]), "0.75")
        self.assertEqual(offer.initial["attendee_persons"], [self.main.pk])
        self.assertEqual(offer.initial["responsible"], self.t.worker.pk)
        self.assertEqual(Actuacio.objects.count(), before)

    def test_the_persons_who_came_are_recorded(self):
        other = resident(self.t)
        appointment = visit(self.w, on=self.day, persons=[self.main, other])
        services.record_outcome(
            appointment=appointment,
            acting_user=self.t.worker,
            state=AppointmentState.HELD,
            attended=[self.main.pk],
        )
        came = dict(appointment.attendances.values_list("person_id", "attended"))
        self.assertEqual(came, {self.main.pk: True, other.pk: False})

    def test_a_no_show_offers_nothing_and_nobody_came(self):
        appointment = self.interview()
        outcome = services.record_outcome(
            appointment=appointment,
            acting_user=self.w.front_desk,
            state=AppointmentState.NO_SHOW,
        )
        self.assertIsNone(outcome.actuacio)
        self.assertEqual(
            list(appointment.attendances.values_list("attended", flat=True)), [False]
        )

    def test_no_offer_without_an_expedient_or_for_another_type(self):
        plain = visit(self.w, on=self.day, start=(11, 0), end=(11, 30))
        accompaniment = self.interview(type=AppointmentType.ACCOMPANIMENT)
        for appointment in (plain, accompaniment):
            with self.subTest(appointment=appointment):
                outcome = services.record_outcome(
                    appointment=appointment,
                    acting_user=self.t.worker,
                    state=AppointmentState.HELD,
                )
                self.assertIsNone(outcome.actuacio)

    def test_the_front_desk_is_not_offered_an_actuacio(self):
        outcome = services.record_outcome(
            appointment=self.interview(),
            acting_user=self.w.front_desk,
            state=AppointmentState.HELD,
        )
        self.assertIsNone(outcome.actuacio)

    def test_not_before_the_day(self):
        appointment = visit(self.w, on=next_weekday(0))
        with self.assertRaises(ValidationError):
            services.record_outcome(
                appointment=appointment,
                acting_user=self.t.worker,
                state=AppointmentState.HELD,
            )

    def test_not_a_cancellation_and_not_on_a_cancelled_one(self):
        appointment = visit(self.w, on=self.day)
        with self.assertRaises(ValidationError):
            services.record_outcome(
                appointment=appointment,
                acting_user=self.t.worker,
                state=AppointmentState.CANCELLED_BY_PERSON,
            )
        services.cancel(appointment=appointment, acting_user=self.t.worker)
        with self.assertRaises(ValidationError):
            services.record_outcome(
                appointment=appointment,
                acting_user=self.t.worker,
                state=AppointmentState.HELD,
            )

    def test_a_teammate_does_not_record_it(self):
        appointment = visit(self.w, on=self.day)
        with self.assertRaises(ActionNotAllowed):
            services.record_outcome(
                appointment=appointment,
                acting_user=self.t.teammate,
                state=AppointmentState.HELD,
            )

    def test_a_wrong_outcome_may_be_corrected(self):
        appointment = visit(self.w, on=self.day - timedelta(weeks=1))
        services.record_outcome(
            appointment=appointment,
            acting_user=self.t.worker,
            state=AppointmentState.NO_SHOW,
        )
        services.record_outcome(
            appointment=appointment,
            acting_user=self.t.worker,
            state=AppointmentState.HELD,
        )
        self.assertEqual(appointment.state, AppointmentState.HELD)
        self.assertEqual(
            list(appointment.attendances.values_list("attended", flat=True)), [True]
        )
