"""Shared data of the actuacions, demandes and problemàtiques tests: an open
expedient with a resident main person, a linked partner, a linked person living
outside the area, one with no municipality, and a person who is not linked."""

from datetime import date

from casework.models import Expedient, LinkedPerson
from configuration.enums import ExpedientState
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    AreaSettings,
    ClosingReason,
)
from directory.models import Person
from tests.factories import DemandTypeFactory, ProblemFactory
from tests.factories.casework import basic_case, outsider_person, resident, territory


def link(case, person) -> None:
    LinkedPerson.objects.create(expedient=case, person=person)


def close(case) -> None:
    reason = ClosingReason.objects.create(code="t-close", name="Tancat")
    Expedient.objects.filter(pk=case.pk).update(
        state=ExpedientState.CLOSED, closing_reason=reason, state_date=date.today()
    )
    case.refresh_from_db()


class RecordsData:
    """Mixin for TestCase: `setUpTestData` builds the expedient and catalogues."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        AreaSettings.objects.create(area=cls.t.area, actuacio_edit_days=10)
        cls.main = resident(cls.t, first_name="Maria")
        cls.case = basic_case(cls.t, cls.main)
        cls.partner = resident(cls.t, first_name="Pere")
        cls.away = outsider_person(cls.t, first_name="Marta")
        cls.nowhere = resident(cls.t, first_name="Nil")
        Person.objects.filter(pk=cls.nowhere.pk).update(residence_municipality=None)
        cls.nowhere.refresh_from_db()
        for person in (cls.partner, cls.away, cls.nowhere):
            link(cls.case, person)
        cls.stranger = resident(cls.t, first_name="Joan")
        cls.atype = ActuacioType.objects.create(code="t-a1", name="Informació")
        cls.place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")
        cls.dtype = DemandTypeFactory(name="Orientació")
        cls.problem = ProblemFactory(name="Manca d'ingressos")

    def actuacio_values(self, **values) -> dict:
        return {
            "type": self.atype,
            "place": self.place,
            "topic": "Entrevista inicial",
            "responsible": self.t.worker,
            **values,
        }
