"""The appointment's forms and the calendar's way into booking: selecting a
free slot (or a day) opens the booking form prefilled; the edit, cancel and
outcome forms are 404 for those who may not use them (no form refused only
on save); cancelling a series from an occurrence's date on; the edit form
changing the type, urgency, scope and persons attending."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda import services
from agenda.enums import (
    AppointmentScope,
    AppointmentState,
    AppointmentType,
    SeriesFrequency,
)
from agenda.models import AppointmentPerson
from agenda.services import Details
from tests.factories.casework import resident

from .agenda_data import at, next_weekday, visit
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


class EditDetailsTests(BookedTestCase):
    """The edit form changes the type, urgency, scope and persons attending,
    through agenda.services.edit_appointment (clash and version checked)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second = resident(cls.t, first_name="Pau")
        cls.third = resident(cls.t, first_name="Laia")

    def setUp(self):
        super().setUp()
        self.first = self.appointment.persons.get()

    def data(self, **overrides) -> dict:
        return {
            "person": self.first.pk,
            "professionals": [self.t.worker.pk],
            "date": dmy(self.monday),
            "starts_at": "10:00",
            "ends_at": "10:45",
            "type": AppointmentType.INTERVIEW.value,
            "scope": "",
            "observations": "",
            "version": self.appointment.version,
            **overrides,
        }

    def edit(self, user=None, appointment=None, **overrides):
        self.client.force_login(user or self.w.front_desk)
        appointment = appointment or self.appointment
        url = reverse("agenda_appointment_edit", args=[appointment.pk])
        return self.client.post(url, self.data(**overrides))

    def service_edit(self, **keywords):
        """The service as the form calls it, for the front desk, unchanged
        but for `keywords`."""
        values = {
            "appointment": self.appointment,
            "acting_user": self.w.front_desk,
            "on": self.monday,
            "starts_at": at(10),
            "ends_at": at(10, 45),
            "professionals": [self.t.worker],
            "place": None,
            "observations": "",
            "expected_version": self.appointment.version,
        }
        return services.edit_appointment(**{**values, **keywords})

    def attending(self, appointment=None) -> list:
        appointment = appointment or self.appointment
        return sorted(p.pk for p in appointment.persons.all())

    def test_the_form_shows_what_it_changes(self):
        self.client.force_login(self.w.front_desk)
        url = reverse("agenda_appointment_edit", args=[self.appointment.pk])
        form = self.client.get(url).context["form"]
        for name in ("type", "scope", "urgent", "person", "person_2", "person_3"):
            self.assertIn(name, form.fields)
        self.assertEqual(form.initial["person"], self.first)

    def test_type_urgency_scope_and_persons_change(self):
        response = self.edit(
            type=AppointmentType.ACCOMPANIMENT.value,
            urgent="on",
            scope=AppointmentScope.FOLLOW_UP,
            person=self.second.pk,
            person_2=self.third.pk,
        )
        self.assertEqual(response.status_code, 302)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.type, AppointmentType.ACCOMPANIMENT)
        self.assertTrue(self.appointment.urgent)
        self.assertEqual(self.appointment.scope, AppointmentScope.FOLLOW_UP)
        self.assertEqual(self.attending(), sorted([self.second.pk, self.third.pk]))
        # Each attendance removed or added is in the audit trail.
        attendances = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(AppointmentPerson)
        )
        self.assertEqual(attendances.filter(action=LogEntry.Action.DELETE).count(), 1)
        self.assertEqual(
            attendances.filter(
                action=LogEntry.Action.CREATE, actor=self.w.front_desk
            ).count(),
            2,
        )

    def test_those_who_stay_keep_what_was_recorded(self):
        attendance = self.appointment.attendances.get()
        AppointmentPerson.objects.filter(pk=attendance.pk).update(attended=True)
        self.service_edit(persons=[self.first, self.second])
        kept = AppointmentPerson.objects.get(pk=attendance.pk)
        self.assertTrue(kept.attended)
        self.assertEqual(self.attending(), sorted([self.first.pk, self.second.pk]))

    def test_a_clash_refuses_the_whole_change(self):
        visit(self.w, on=self.monday, start=(12, 0), end=(12, 30))
        response = self.edit(
            starts_at="12:00",
            ends_at="12:30",
            type=AppointmentType.ACCOMPANIMENT.value,
            person=self.second.pk,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.type, AppointmentType.INTERVIEW)
        self.assertEqual(self.attending(), [self.first.pk])

    def test_a_stale_form_changes_nothing(self):
        self.assertEqual(self.edit(observations="first").status_code, 302)
        stale = self.edit(person=self.second.pk, urgent="on")
        self.assertEqual(stale.status_code, 200)
        self.assertTrue(stale.context["form"].non_field_errors())
        self.appointment.refresh_from_db()
        self.assertFalse(self.appointment.urgent)
        self.assertEqual(self.attending(), [self.first.pk])

    def test_bad_input_is_refused_on_its_field(self):
        foreign = resident(self.w.other, first_name="Forastera")
        for overrides, field in (
            ({"type": 99}, "type"),
            ({"type": "entrevista"}, "type"),
            ({"type": ""}, "type"),
            ({"scope": "second_interview"}, "scope"),
            ({"person": ""}, "person"),
            ({"person": foreign.pk}, "person"),
            ({"person_2": "x"}, "person_2"),
        ):
            with self.subTest(overrides=overrides):
                response = self.edit(**overrides)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
                # The refused person of another area is not drawn by name.
                self.assertNotContains(response, "Forastera")
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.version, 1)
        self.assertEqual(self.attending(), [self.first.pk])

    def test_who_may_not_change_it_gets_404(self):
        for user in (self.t.teammate, self.t.outsider, self.w.other.coordinator):
            with self.subTest(user=user):
                response = self.edit(user, person=self.second.pk)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.attending(), [self.first.pk])

    def test_the_service_refuses_persons_one_may_not_see(self):
        foreign = resident(self.w.other)
        with self.assertRaises(ValidationError):
            self.service_edit(persons=[foreign])
        with self.assertRaises(ValidationError):
            self.service_edit(persons=[])
        self.assertEqual(self.attending(), [self.first.pk])

    def test_a_reservation_stays_a_reservation(self):
        meeting = services.book_reservation(
            acting_user=self.t.coordinator,
            professionals=[self.t.worker, self.t.teammate],
            sector=self.t.sector,
            on=self.monday,
            starts_at=at(12),
            ends_at=at(13),
            details=Details(type=AppointmentType.TECHNICAL_MEETING),
        )
        self.client.force_login(self.t.coordinator)
        url = reverse("agenda_appointment_edit", args=[meeting.pk])
        form = self.client.get(url).context["form"]
        self.assertNotIn("person", form.fields)
        self.assertNotIn("scope", form.fields)
        data = {
            "professionals": [self.t.worker.pk, self.t.teammate.pk],
            "date": dmy(self.monday),
            "starts_at": "12:00",
            "ends_at": "13:00",
            "version": meeting.version,
        }
        interview = {**data, "type": AppointmentType.INTERVIEW.value}
        response = self.client.post(url, interview)
        self.assertIn("type", response.context["form"].errors)
        training = {**data, "type": AppointmentType.TRAINING.value}
        self.assertEqual(self.client.post(url, training).status_code, 302)
        meeting.refresh_from_db()
        self.assertEqual(meeting.type, AppointmentType.TRAINING)
        keywords = {
            "appointment": meeting,
            "acting_user": self.t.coordinator,
            "starts_at": at(12),
            "ends_at": at(13),
            "professionals": [self.t.worker, self.t.teammate],
            "expected_version": meeting.version,
        }
        for refused in (
            {"persons": [self.second]},
            {"type": AppointmentType.INTERVIEW},
            {"scope": AppointmentScope.FIRST_INTERVIEW},
        ):
            with self.subTest(refused=refused), self.assertRaises(ValidationError):
                self.service_edit(**keywords, **refused)
        meeting.refresh_from_db()
        self.assertEqual(meeting.type, AppointmentType.TRAINING)
        self.assertFalse(meeting.attendances.exists())

    def test_a_series_changes_these_one_appointment_at_a_time(self):
        series = services.create_series(
            acting_user=self.w.front_desk,
            frequency=SeriesFrequency.WEEKLY,
            professionals=[self.t.worker],
            persons=[self.first],
            sector=self.t.sector,
            first=next_weekday(2),
            starts_at=at(9),
            ends_at=at(9, 30),
            count=2,
        )
        occurrence = series.appointments.order_by("date").first()
        for overrides, field in (
            ({"type": AppointmentType.ACCOMPANIMENT.value}, "type"),
            ({"urgent": "on"}, "urgent"),
            ({"person": self.second.pk}, "person"),
        ):
            with self.subTest(field=field):
                response = self.edit(
                    appointment=occurrence,
                    date=dmy(occurrence.date),
                    starts_at="09:00",
                    ends_at="09:30",
                    version=occurrence.version,
                    apply_to="from",
                    **overrides,
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
