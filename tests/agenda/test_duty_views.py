"""The coordinators' duty slots screen ("espais de permanència"): only a
coordinator reaches it and sets their teams' professionals' slots through
agenda/services/duty.py (audited); others, another team's slots and another
area are 404; bad input is refused on its field; the listing keeps a
constant query count."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import services
from agenda.models import DutySlot
from configuration import roles
from tests.factories import professional

from .agenda_data import at, timetable
from .screen_data import AgendaScreenTestCase

LIST = "agenda_duty_slots"


class DutySlotScreenTests(AgendaScreenTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The coordinator of the other team, and their technician's slot.
        cls.other_coordinator = professional(roles.COORDINADOR, area=cls.t.area)
        cls.other_coordinator.teams.add(cls.t.other_team)
        cls.outsiders_slot = services.set_duty_slot(
            acting_user=cls.other_coordinator,
            professional=cls.t.outsider,
            sector=cls.t.other_sector,
            weekday=1,
            starts_at=at(9),
            ends_at=at(10),
        )

    def slot(self, professional=None, weekday=0, start=10, end=12):
        return services.set_duty_slot(
            acting_user=self.t.coordinator,
            professional=professional or self.t.worker,
            sector=self.t.sector,
            weekday=weekday,
            starts_at=at(start),
            ends_at=at(end),
        )

    def data(self, **overrides) -> dict:
        return {
            "professional": self.t.worker.pk,
            "weekday": 0,
            "starts_at": "10:00",
            "ends_at": "12:00",
            "sector": self.t.sector.pk,
            **overrides,
        }

    def add(self, user=None, **overrides):
        self.client.force_login(user or self.t.coordinator)
        return self.client.post(reverse(LIST), self.data(**overrides))

    def test_only_a_coordinator_reaches_the_screen(self):
        # The other team's coordinator reaches it, but not the worker's slots.
        for user, status, added in (
            (self.t.coordinator, 200, 302),
            (self.other_coordinator, 200, 200),
            (self.t.worker, 404, 404),
            (self.t.teammate, 404, 404),
            (self.t.administrative, 404, 404),
            (self.w.front_desk, 404, 404),
            (self.t.outsider, 404, 404),
            (self.w.other.worker, 404, 404),
        ):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse(LIST)).status_code, status)
                self.assertEqual(self.add(user).status_code, added)
        self.assertEqual(DutySlot.objects.count(), 2)  # the outsider's, one added

    def test_another_area_sees_nothing_of_this_one(self):
        self.client.force_login(self.w.other.coordinator)
        response = self.client.get(reverse(LIST))
        self.assertEqual(list(response.context["slots"]), [])
        self.assertEqual(self.add(self.w.other.coordinator).status_code, 200)
        self.assertEqual(DutySlot.objects.count(), 1)
        url = reverse("agenda_duty_slot_remove", args=[self.outsiders_slot.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(DutySlot.objects.filter(pk=self.outsiders_slot.pk).exists())

    def test_the_list_shows_ones_teams_slots_only(self):
        self.slot()
        self.client.force_login(self.t.coordinator)
        response = self.client.get(reverse(LIST))
        self.assertContains(response, "10:00–12:00")
        self.assertNotContains(response, "09:00–10:00")
        self.assertEqual(
            [s.professional for s in response.context["slots"]], [self.t.worker]
        )
        choices = response.context["form"].fields["professional"].queryset
        self.assertNotIn(self.t.outsider, choices)
        self.assertIn(self.t.teammate, choices)

    def test_a_coordinator_adds_a_slot_and_it_is_audited(self):
        response = self.add()
        self.assertRedirects(response, reverse(LIST))
        slot = DutySlot.objects.get(professional=self.t.worker)
        self.assertEqual(
            (slot.weekday, slot.starts_at, slot.ends_at), (0, at(10), at(12))
        )
        self.assertEqual(slot.created_by, self.t.coordinator)
        entry = LogEntry.objects.get_for_object(slot).get()
        self.assertEqual(entry.action, LogEntry.Action.CREATE)
        self.assertEqual(entry.actor, self.t.coordinator)

    def test_bad_input_is_refused_on_its_field(self):
        cases = [
            ({"ends_at": "09:00"}, "ends_at"),
            ({"starts_at": "25:00"}, "starts_at"),
            ({"starts_at": ""}, "starts_at"),
            ({"weekday": 9}, "weekday"),
            ({"weekday": "dilluns"}, "weekday"),
            ({"professional": self.t.outsider.pk}, "professional"),
            ({"professional": self.w.other.worker.pk}, "professional"),
            ({"professional": "x"}, "professional"),
            ({"sector": self.w.other.sector.pk}, "sector"),
        ]
        for overrides, field in cases:
            with self.subTest(overrides=overrides):
                response = self.add(**overrides)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(DutySlot.objects.filter(professional=self.t.worker).exists())

    def test_the_services_refusals_show_above_the_form(self):
        self.slot()
        for overrides in (
            {"starts_at": "11:00", "ends_at": "13:00"},  # overlaps the first
            {"starts_at": "13:00", "ends_at": "15:00"},  # after the timetable
            {"weekday": 5},  # no timetable on Saturdays
            {"sector": self.t.other_sector.pk},  # does not work in that sector
        ):
            with self.subTest(overrides=overrides):
                response = self.add(**overrides)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(DutySlot.objects.filter(professional=self.t.worker).count(), 1)

    def test_a_coordinator_removes_a_slot_and_it_is_audited(self):
        slot = self.slot()
        url = reverse("agenda_duty_slot_remove", args=[slot.pk])
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(url), "10:00")
        self.assertRedirects(self.client.post(url), reverse(LIST))
        self.assertFalse(DutySlot.objects.filter(pk=slot.pk).exists())
        entry = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(DutySlot),
            object_pk=str(slot.pk),
            action=LogEntry.Action.DELETE,
        ).get()
        self.assertEqual(entry.actor, self.t.coordinator)

    def test_who_may_not_remove_a_slot_gets_404(self):
        slot = self.slot()
        url = reverse("agenda_duty_slot_remove", args=[slot.pk])
        for user in (self.t.worker, self.w.front_desk, self.other_coordinator):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.t.coordinator)
        other = reverse("agenda_duty_slot_remove", args=[self.outsiders_slot.pk])
        self.assertEqual(self.client.post(other).status_code, 404)
        self.assertEqual(DutySlot.objects.count(), 2)

    def test_the_calendar_offers_the_screen_to_coordinators(self):
        self.client.force_login(self.t.coordinator)
        self.assertContains(self.client.get(reverse("agenda")), reverse(LIST))
        self.client.force_login(self.t.worker)
        self.assertNotContains(self.client.get(reverse("agenda")), reverse(LIST))

    def test_constant_query_count(self):
        self.client.force_login(self.t.coordinator)
        url = reverse(LIST)
        self.client.get(url)  # warm the session and permission caches
        self.slot()
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.client.get(url).context["slots"]), 1)
        self.slot(weekday=1)
        self.slot(professional=self.t.teammate, weekday=2)
        timetable(self.t.coordinator, self.t.sector, weekdays=[5])
        self.slot(professional=self.t.coordinator, weekday=5)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.client.get(url).context["slots"]), 4)
        self.assertEqual(len(few), len(many))
