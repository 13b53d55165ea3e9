"""The booking forms and the appointment's page: the front desk books for the
area's professionals, a clash is refused naming it, a coordinator confirms
it (recorded), bad input is refused on its field, a stale second save is
refused, series edits, outcome and cancelling, and the "New appointment"
entry points."""

from datetime import timedelta

from auditlog.models import LogEntry
from django.urls import reverse

from agenda import services
from agenda.enums import AppointmentState, AppointmentType, SeriesFrequency
from agenda.models import Appointment
from agenda.services import Details
from tests.factories.casework import basic_case, resident

from .agenda_data import at, last_weekday, next_weekday, visit
from .screen_data import AgendaScreenTestCase, BookedTestCase, dmy


class BookingFormTests(AgendaScreenTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = resident(cls.t)

    def data(self, **overrides) -> dict:
        return {
            "professionals": [self.t.worker.pk],
            "person": self.person.pk,
            "sector": self.t.sector.pk,
            "date": dmy(self.monday),
            "starts_at": "10:00",
            "ends_at": "10:45",
            "type": AppointmentType.INTERVIEW.value,
            **overrides,
        }

    def book(self, user, *, reservation=False, **overrides):
        self.client.force_login(user)
        name = "agenda_book_reservation" if reservation else "agenda_book_appointment"
        return self.client.post(reverse(name), self.data(**overrides))

    def test_the_front_desk_books_for_a_professional_of_the_area(self):
        response = self.book(self.w.front_desk)
        self.assertEqual(response.status_code, 302)
        appointment = Appointment.objects.get()
        self.assertEqual(appointment.date, self.monday)
        self.assertEqual(list(appointment.persons.all()), [self.person])
        self.assertEqual(appointment.created_by, self.w.front_desk)

    def test_a_technician_books_only_in_their_own_agenda(self):
        response = self.book(self.t.teammate)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Appointment.objects.exists())
        self.assertEqual(self.book(self.t.worker).status_code, 302)

    def test_another_area_books_nothing_here(self):
        response = self.book(self.w.other.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(Appointment.objects.exists())

    def test_bad_input_is_refused_on_its_field(self):
        cases = [
            ({"date": "31/02/2027"}, "date"),
            ({"date": "demà"}, "date"),
            ({"ends_at": "09:00"}, "ends_at"),
            ({"person": ""}, "person"),
            ({"professionals": []}, "professionals"),
            ({"repeat": SeriesFrequency.WEEKLY}, "until"),
        ]
        for overrides, field in cases:
            with self.subTest(overrides=overrides):
                response = self.book(self.w.front_desk, **overrides)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(Appointment.objects.exists())

    def test_a_clash_is_refused_naming_it(self):
        visit(self.w, on=self.monday)
        response = self.book(self.w.front_desk, starts_at="10:30", ends_at="11:00")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"{self.t.worker} ja té una entrevista")
        self.assertNotContains(response, 'name="override"')
        self.assertEqual(Appointment.objects.count(), 1)

    def test_a_coordinator_confirms_the_clash_and_it_is_recorded(self):
        visit(self.w, on=self.monday)
        refused = self.book(self.t.coordinator, starts_at="10:30", ends_at="11:00")
        self.assertContains(refused, 'name="override"')
        response = self.book(
            self.t.coordinator, starts_at="10:30", ends_at="11:00", override="1"
        )
        self.assertEqual(response.status_code, 302)
        booked = Appointment.objects.latest("pk")
        entry = LogEntry.objects.get(
            object_pk=str(booked.pk), additional_data__event="agenda_override"
        )
        self.assertEqual(entry.actor, self.t.coordinator)

    def test_a_coordinator_books_a_team_meeting(self):
        response = self.book(
            self.t.coordinator,
            reservation=True,
            professionals=[self.t.worker.pk, self.t.teammate.pk],
            type=AppointmentType.COORDINATION_MEETING.value,
            person="",
        )
        self.assertEqual(response.status_code, 302)
        meeting = Appointment.objects.get()
        self.assertFalse(meeting.persons.exists())
        self.assertEqual(meeting.professionals.count(), 2)

    def test_a_reservation_is_not_an_interview(self):
        response = self.book(self.t.worker, reservation=True)
        self.assertIn("type", response.context["form"].errors)

    def test_a_weekly_series(self):
        response = self.book(self.w.front_desk, repeat="weekly", count="3")
        self.assertEqual(response.status_code, 302)
        dates = list(Appointment.objects.values_list("date", flat=True))
        self.assertEqual(dates, [self.monday + timedelta(weeks=n) for n in range(3)])


class EntryPointTests(AgendaScreenTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = resident(cls.t, first_name="Jana", surname1="Roig")
        cls.expedient = basic_case(cls.t, cls.person)

    def test_the_person_record_offers_a_new_appointment(self):
        self.client.force_login(self.w.front_desk)
        response = self.client.get(reverse("person:inspect", args=[self.person.pk]))
        url = f"{reverse('agenda_book_appointment')}?person={self.person.pk}"
        self.assertContains(response, url)

    def test_the_expedient_offers_a_new_appointment_prefilled(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(
            reverse("casework_expedient", args=[self.expedient.pk])
        )
        url = f"{reverse('agenda_book_appointment')}?expedient={self.expedient.pk}"
        self.assertContains(response, url)
        form = self.client.get(url).context["form"]
        self.assertEqual(form.initial["person"], self.person)
        self.assertEqual(form.initial["expedient"].pk, self.expedient.pk)
        self.assertEqual(form.initial["professionals"], [self.t.worker])
        data = {
            "professionals": [self.t.worker.pk],
            "person": self.person.pk,
            "expedient": self.expedient.pk,
            "sector": self.t.sector.pk,
            "date": f"{next_weekday(1):%d/%m/%Y}",
            "starts_at": "09:00",
            "ends_at": "09:30",
            "type": AppointmentType.INTERVIEW.value,
            "scope": "follow_up",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Appointment.objects.get().expedient_id, self.expedient.pk)

    def test_roles_that_may_not_book_see_no_entry_point(self):
        self.client.force_login(self.w.other.coordinator)
        response = self.client.get(reverse("agenda_book_appointment"))
        self.assertEqual(response.status_code, 200)  # their own area's agenda
        url = f"{reverse('agenda_book_appointment')}?person={self.person.pk}"
        form = self.client.get(url).context["form"]
        self.assertIsNone(form.initial.get("person"))


class AppointmentPageTests(BookedTestCase):
    def url(self, name="agenda_appointment", appointment=None) -> str:
        return reverse(name, args=[(appointment or self.appointment).pk])

    def test_who_sees_the_page(self):
        for user, status in (
            (self.w.front_desk, 200),
            (self.t.worker, 200),
            (self.t.coordinator, 200),
            (self.t.outsider, 404),
            (self.w.other.coordinator, 404),
        ):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def edit(self, user, version, **overrides):
        self.client.force_login(user)
        data = {
            "professionals": [self.t.worker.pk],
            "date": dmy(self.monday),
            "starts_at": "11:00",
            "ends_at": "11:30",
            "observations": "",
            "type": AppointmentType.INTERVIEW.value,
            "person": self.appointment.persons.get().pk,
            "version": version,
            **overrides,
        }
        return self.client.post(self.url("agenda_appointment_edit"), data)

    def test_a_stale_second_save_is_refused(self):
        version = self.appointment.version
        self.assertEqual(self.edit(self.w.front_desk, version).status_code, 302)
        stale = self.edit(self.t.worker, version, starts_at="12:00", ends_at="12:30")
        self.assertEqual(stale.status_code, 200)
        self.assertTrue(stale.context["form"].non_field_errors())
        self.appointment.refresh_from_db()
        self.assertEqual(f"{self.appointment.starts_at:%H:%M}", "11:00")

    def test_a_teammate_may_not_edit(self):
        response = self.edit(self.t.teammate, self.appointment.version)
        self.assertEqual(response.status_code, 404)

    def test_series_edit_from_this_date_on(self):
        series = services.create_series(
            acting_user=self.w.front_desk,
            frequency=SeriesFrequency.WEEKLY,
            professionals=[self.t.worker],
            persons=[resident(self.t)],
            sector=self.t.sector,
            first=self.monday + timedelta(days=1),
            starts_at=at(9),
            ends_at=at(9, 30),
            count=3,
        )
        first, second, third = series.appointments.order_by("date")
        self.client.force_login(self.w.front_desk)
        url = self.url("agenda_appointment_edit", second)
        data = {
            "professionals": [self.t.worker.pk],
            "date": dmy(second.date),
            "starts_at": "12:00",
            "ends_at": "12:30",
            "type": AppointmentType.INTERVIEW.value,
            "person": second.persons.get().pk,
            "version": second.version,
            "apply_to": "from",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        hours = [f"{a.starts_at:%H:%M}" for a in series.appointments.order_by("date")]
        self.assertEqual(hours, ["09:00", "12:00", "12:00"])
        cancel = self.url("agenda_appointment_cancel", third)
        third.refresh_from_db()
        data = {"by": "person", "version": third.version, "apply_to": "one"}
        self.assertEqual(self.client.post(cancel, data).status_code, 302)
        third.refresh_from_db()
        self.assertEqual(third.state, AppointmentState.CANCELLED_BY_PERSON)

    def test_a_held_interview_offers_the_actuacio(self):
        person = resident(self.t)
        expedient = basic_case(self.t, person)
        past = visit(
            self.w,
            by=self.t.worker,
            on=last_weekday(0),
            persons=[person],
            details=Details(expedient=expedient),
        )
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.url("agenda_appointment_outcome", past),
            {
                "state": AppointmentState.HELD.value,
                "attended": [person.pk],
                "version": past.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(self.url(appointment=past))
        self.assertContains(page, f"expedient={expedient.pk}")
        past.refresh_from_db()
        self.assertEqual(past.state, AppointmentState.HELD)

    def test_an_outcome_before_the_day_is_refused(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.url("agenda_appointment_outcome"),
            {"state": AppointmentState.HELD.value, "version": 1},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
