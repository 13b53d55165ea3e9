"""The appointment's forms and the calendar's way into booking: selecting a
free slot (or a day) opens the booking form prefilled; the edit, cancel and
outcome forms are 404 for those who may not use them (no form refused only
on save); cancelling a series from an occurrence's date on."""

from django.urls import reverse

from agenda import services
from agenda.enums import AppointmentState, SeriesFrequency
from tests.factories.casework import resident

from .agenda_data import at, next_weekday
from .screen_data import AgendaScreenTestCase, BookedTestCase, dmy


class CalendarBookingTests(AgendaScreenTestCase):
    def page(self, user, **query):
        self.client.force_login(user)
        return self.client.get(reverse("agenda"), query)

    def test_a_professionals_agenda_books_in_it(self):
        response = self.page(self.w.front_desk, professional=self.t.worker.pk)
        url = reverse("agenda_book_appointment")
        self.assertContains(
            response, f'data-book-url="{url}?professional={self.t.worker.pk}"'
        )

    def test_a_teams_agenda_books_in_ones_own(self):
        response = self.page(self.t.coordinator, team=self.t.team.pk)
        url = reverse("agenda_book_appointment")
        self.assertContains(response, f'data-book-url="{url}"')

    def test_no_booking_from_an_agenda_one_may_not_book_in(self):
        # A technician sees a teammate's agenda but books only in their own.
        response = self.page(self.t.teammate, professional=self.t.worker.pk)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-book-url")
        self.assertContains(self.page(self.t.teammate), "data-book-url")

    def test_the_script_opens_the_form_on_a_selection(self):
        from django.contrib.staticfiles import finders

        with open(finders.find("agenda/calendar.js"), encoding="utf-8") as script:
            source = script.read()
        self.assertIn("selectable: Boolean(data.bookUrl)", source)
        self.assertIn('url.searchParams.set("start"', source)

    def form_initial(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(reverse("agenda_book_appointment"), query)
        self.assertEqual(response.status_code, 200)
        return response.context["form"].initial

    def test_the_form_is_prefilled_with_the_slot(self):
        initial = self.form_initial(
            self.w.front_desk,
            professional=self.t.worker.pk,
            date=f"{self.monday}T10:00:00",
            start="10:00",
            end="10:30",
        )
        self.assertEqual(initial["date"], self.monday)
        self.assertEqual(
            (initial["starts_at"], initial["ends_at"]), (at(10), at(10, 30))
        )
        self.assertEqual(initial["professionals"], [self.t.worker])

    def test_a_day_of_the_month_prefills_only_the_date(self):
        initial = self.form_initial(self.t.worker, date=str(self.monday))
        self.assertEqual(initial["date"], self.monday)
        self.assertNotIn("starts_at", initial)
        self.assertEqual(initial["professionals"], [self.t.worker])

    def test_bad_or_foreign_values_are_not_prefilled(self):
        for query in (
            {"date": "demà", "start": "25:99", "end": "x", "professional": "x"},
            {"date": "2027-02-31", "start": "", "end": "10", "professional": ""},
            {"professional": self.t.outsider.pk},
            {"professional": self.w.other.worker.pk},
            {"professional": "x"},
        ):
            with self.subTest(query=query):
                initial = self.form_initial(self.t.worker, **query)
                self.assertNotIn("date", initial)
                self.assertNotIn("starts_at", initial)
                self.assertNotIn("ends_at", initial)
                # Never another's agenda: one's own (the default) at most.
                chosen = initial.get("professionals", [self.t.worker])
                self.assertEqual(chosen, [self.t.worker])


class WhoOpensTheFormsTests(BookedTestCase):
    def url(self, name, appointment=None) -> str:
        return reverse(name, args=[(appointment or self.appointment).pk])

    def test_edit_and_cancel_open_only_for_who_may_change_it(self):
        for user, status in (
            (self.w.front_desk, 200),
            (self.t.worker, 200),
            (self.t.coordinator, 200),
            (self.t.administrative, 200),  # books for the area
            (self.t.teammate, 404),  # sees it, may not change it
            (self.t.outsider, 404),
            (self.w.other.coordinator, 404),
        ):
            self.client.force_login(user)
            for name in ("agenda_appointment_edit", "agenda_appointment_cancel"):
                with self.subTest(user=user, form=name):
                    self.assertEqual(
                        self.client.get(self.url(name)).status_code, status
                    )

    def test_a_refused_post_changes_nothing(self):
        self.client.force_login(self.t.teammate)
        edit = self.client.post(
            self.url("agenda_appointment_edit"),
            {
                "professionals": [self.t.teammate.pk],
                "date": dmy(self.monday),
                "starts_at": "12:00",
                "ends_at": "12:30",
                "version": self.appointment.version,
            },
        )
        self.assertEqual(edit.status_code, 404)
        cancel = self.client.post(
            self.url("agenda_appointment_cancel"),
            {"by": "professional", "version": self.appointment.version},
        )
        self.assertEqual(cancel.status_code, 404)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.starts_at, at(10))
        self.assertEqual(self.appointment.state, AppointmentState.PENDING)

    def test_the_page_offers_edit_only_to_who_may_change_it(self):
        edit = self.url("agenda_appointment_edit")
        self.client.force_login(self.t.teammate)
        page = self.client.get(self.url("agenda_appointment"))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, edit)
        self.client.force_login(self.w.front_desk)
        self.assertContains(self.client.get(self.url("agenda_appointment")), edit)

    def test_a_cancelled_appointment_has_no_forms(self):
        services.cancel(appointment=self.appointment, acting_user=self.w.front_desk)
        self.client.force_login(self.w.front_desk)
        for name in (
            "agenda_appointment_edit",
            "agenda_appointment_cancel",
            "agenda_appointment_outcome",
        ):
            with self.subTest(form=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404)
        page = self.client.get(self.url("agenda_appointment"))
        self.assertNotContains(page, self.url("agenda_appointment_edit"))

    def test_the_outcome_form_opens_only_for_who_may_record_it(self):
        name = "agenda_appointment_outcome"
        for user, status in (
            (self.t.worker, 200),  # attends it
            (self.w.front_desk, 200),
            (self.t.teammate, 404),
            (self.t.outsider, 404),
            (self.w.other.coordinator, 404),
        ):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url(name)).status_code, status)


class CancelSeriesScreenTests(AgendaScreenTestCase):
    def setUp(self):
        self.series = services.create_series(
            acting_user=self.w.front_desk,
            frequency=SeriesFrequency.WEEKLY,
            professionals=[self.t.worker],
            persons=[resident(self.t)],
            sector=self.t.sector,
            first=next_weekday(1),
            starts_at=at(9),
            ends_at=at(9, 30),
            count=4,
        )
        self.occurrences = list(self.series.appointments.order_by("date"))

    def cancel(self, user, occurrence, **data):
        self.client.force_login(user)
        url = reverse("agenda_appointment_cancel", args=[occurrence.pk])
        values = {"by": "person", "version": occurrence.version, "apply_to": "from"}
        return self.client.post(url, {**values, **data})

    def states(self) -> list:
        return [a.state for a in self.series.appointments.order_by("date")]

    def test_the_form_offers_this_one_or_from_this_date(self):
        self.client.force_login(self.w.front_desk)
        url = reverse("agenda_appointment_cancel", args=[self.occurrences[1].pk])
        self.assertIn("apply_to", self.client.get(url).context["form"].fields)

    def test_cancelling_from_this_date_on(self):
        response = self.cancel(self.w.front_desk, self.occurrences[2])
        self.assertEqual(response.status_code, 302)
        pending, by_person = (
            AppointmentState.PENDING,
            AppointmentState.CANCELLED_BY_PERSON,
        )
        self.assertEqual(self.states(), [pending, pending, by_person, by_person])
        page = self.client.get(response.url)
        self.assertContains(page, "2")

    def test_an_already_cancelled_occurrence_keeps_its_state(self):
        services.cancel(appointment=self.occurrences[3], acting_user=self.w.front_desk)
        self.assertEqual(
            self.cancel(self.t.worker, self.occurrences[1]).status_code, 302
        )
        self.assertEqual(
            self.states(),
            [
                AppointmentState.PENDING,
                AppointmentState.CANCELLED_BY_PERSON,
                AppointmentState.CANCELLED_BY_PERSON,
                AppointmentState.CANCELLED_BY_PROFESSIONAL,
            ],
        )

    def test_a_stale_form_cancels_nothing(self):
        occurrence = self.occurrences[1]
        response = self.cancel(
            self.w.front_desk, occurrence, version=occurrence.version - 1
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(set(self.states()), {AppointmentState.PENDING})

    def test_bad_input_is_refused_on_its_field(self):
        for data, field in (
            ({"apply_to": "all"}, "apply_to"),
            ({"by": "nobody"}, "by"),
            ({"version": "x"}, "version"),
        ):
            with self.subTest(data=data):
                response = self.cancel(self.w.front_desk, self.occurrences[1], **data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        self.assertEqual(set(self.states()), {AppointmentState.PENDING})

    def test_who_may_not_change_it_gets_404(self):
        for user in (self.t.teammate, self.t.outsider, self.w.other.coordinator):
            with self.subTest(user=user):
                response = self.cancel(user, self.occurrences[1])
                self.assertEqual(response.status_code, 404)
        self.assertEqual(set(self.states()), {AppointmentState.PENDING})
