"""Recurring series: weekly or monthly, until a date or a number of times;
edited one occurrence at a time or all from a date on."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from agenda import services
from agenda.enums import AppointmentState, AppointmentType, SeriesFrequency
from agenda.models import Appointment
from agenda.services import BookingClash, Details
from casework.services.expedients import ActionNotAllowed
from tests.factories.casework import resident

from .agenda_data import at, next_weekday, visit, world


class OccurrenceDatesTests(TestCase):
    def test_weekly_for_a_number_of_times(self):
        first = date(2027, 3, 1)
        dates = services.occurrence_dates(
            first=first, frequency=SeriesFrequency.WEEKLY, until=None, count=3
        )
        self.assertEqual(dates, [first + timedelta(weeks=n) for n in range(3)])

    def test_monthly_until_a_date_keeps_the_day_or_the_months_last(self):
        dates = services.occurrence_dates(
            first=date(2027, 1, 31),
            frequency=SeriesFrequency.MONTHLY,
            until=date(2027, 4, 30),
            count=None,
        )
        self.assertEqual(
            dates,
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
            ],
        )

    def test_either_an_end_date_or_a_count(self):
        for until, count in ((None, None), (date(2027, 5, 1), 3)):
            with self.subTest(until=until), self.assertRaises(ValidationError):
                services.occurrence_dates(
                    first=date(2027, 3, 1),
                    frequency=SeriesFrequency.WEEKLY,
                    until=until,
                    count=count,
                )

    def test_a_series_is_bounded(self):
        with self.assertRaises(ValidationError):
            services.occurrence_dates(
                first=date(2027, 3, 1),
                frequency=SeriesFrequency.WEEKLY,
                until=date(2029, 3, 1),
                count=None,
            )


class SeriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.first = next_weekday(1)  # a Tuesday
        cls.person = resident(cls.t)

    def weekly(self, count=4, **kwargs):
        values = {
            "acting_user": self.w.front_desk,
            "frequency": SeriesFrequency.WEEKLY,
            "professionals": [self.t.worker],
            "persons": [self.person],
            "sector": self.t.sector,
            "first": self.first,
            "starts_at": at(10),
            "ends_at": at(11),
            "count": count,
            **kwargs,
        }
        return services.create_series(**values)

    def test_it_books_each_occurrence_as_its_own_appointment(self):
        series = self.weekly()
        rows = list(series.appointments.order_by("date"))
        self.assertEqual(
            [a.date for a in rows], [self.first + timedelta(weeks=n) for n in range(4)]
        )
        self.assertTrue(all(a.recurring for a in rows))
        self.assertEqual({a.persons.get() for a in rows}, {self.person})

    def test_one_refusal_lists_the_clashes_of_every_occurrence(self):
        third = self.first + timedelta(weeks=2)
        visit(self.w, on=third, start=(10, 30), end=(11, 30))
        with self.assertRaises(BookingClash) as caught:
            self.weekly()
        self.assertEqual([c.on for c in caught.exception.clashes], [third])
        self.assertFalse(Appointment.objects.filter(series__isnull=False).exists())

    def test_a_series_of_reservations(self):
        series = self.weekly(
            persons=(),
            acting_user=self.t.coordinator,
            professionals=[self.t.worker, self.t.teammate],
            details=Details(type=AppointmentType.SUPERVISION),
        )
        self.assertEqual(series.appointments.count(), 4)

    def test_editing_one_occurrence_leaves_the_others(self):
        series = self.weekly()
        second = series.appointments.order_by("date")[1]
        services.reschedule(
            appointment=second,
            acting_user=self.w.front_desk,
            on=second.date,
            starts_at=at(12),
            ends_at=at(13),
        )
        hours = list(
            series.appointments.order_by("date").values_list("starts_at", flat=True)
        )
        self.assertEqual(hours, [at(10), at(12), at(10), at(10)])

    def test_editing_all_from_a_date_on(self):
        series = self.weekly()
        third = self.first + timedelta(weeks=2)
        changed = services.edit_series(
            series=series,
            acting_user=self.w.front_desk,
            from_date=third,
            starts_at=at(11),
            ends_at=at(12),
            observations="Porta el padró",
        )
        self.assertEqual([a.date for a in changed], [third, third + timedelta(weeks=1)])
        rows = series.appointments.order_by("date")
        self.assertEqual(
            [(a.starts_at, a.observations) for a in rows],
            [
                (at(10), ""),
                (at(10), ""),
                (at(11), "Porta el padró"),
                (at(11), "Porta el padró"),
            ],
        )

    def test_editing_from_a_date_skips_cancelled_occurrences(self):
        series = self.weekly()
        last = series.appointments.order_by("-date").first()
        services.cancel(appointment=last, acting_user=self.w.front_desk)
        changed = services.edit_series(
            series=series,
            acting_user=self.w.front_desk,
            from_date=self.first,
            starts_at=at(9),
            ends_at=at(10),
        )
        self.assertEqual(len(changed), 3)
        last.refresh_from_db()
        self.assertEqual(last.starts_at, at(10))

    def test_editing_from_a_date_is_checked_for_clashes(self):
        series = self.weekly()
        fourth = self.first + timedelta(weeks=3)
        visit(self.w, on=fourth, start=(12, 0), end=(12, 30))
        with self.assertRaises(BookingClash):
            services.edit_series(
                series=series,
                acting_user=self.w.front_desk,
                from_date=self.first,
                starts_at=at(11, 30),
                ends_at=at(12, 30),
            )
        self.assertEqual(
            set(series.appointments.values_list("starts_at", flat=True)), {at(10)}
        )

    def test_a_technician_may_not_edit_a_teammates_series(self):
        series = self.weekly()
        with self.assertRaises(ActionNotAllowed):
            services.edit_series(
                series=series,
                acting_user=self.t.teammate,
                from_date=self.first,
                starts_at=at(9),
                ends_at=at(10),
            )

    def test_cancelling_all_from_a_date_on(self):
        series = self.weekly()
        cancelled = services.cancel_series(
            series=series,
            acting_user=self.t.worker,
            from_date=self.first + timedelta(weeks=1),
            by_person=True,
        )
        self.assertEqual(cancelled, 3)
        states = list(
            series.appointments.order_by("date").values_list("state", flat=True)
        )
        self.assertEqual(
            states,
            [AppointmentState.PENDING] + [AppointmentState.CANCELLED_BY_PERSON] * 3,
        )
