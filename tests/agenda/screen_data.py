"""Base classes of the agenda screens' tests."""

from django.test import TestCase

from .agenda_data import next_weekday, visit, world


def dmy(day) -> str:
    """A date as the forms take it (dd/mm/aaaa)."""
    return f"{day:%d/%m/%Y}"


class AgendaScreenTestCase(TestCase):
    """An area with its timetables (agenda_data.world) and next Monday."""

    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.t = cls.w.t
        cls.monday = next_weekday(0)


class BookedTestCase(AgendaScreenTestCase):
    """The same with a visit the front desk booked for next Monday."""

    def setUp(self):
        self.appointment = visit(self.w, on=self.monday)
