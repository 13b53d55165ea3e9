"""Unlinking a person is refused while items of the expedient still name them,
and the refusal says which (domain.md §4.6)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from casework.models import (
    Actuacio,
    InterventionPlan,
    LinkedPerson,
    PlanObjective,
    Resource,
    Tramit,
)
from casework.services import (
    actuacio_create,
    demand_create,
    objective_add,
    plan_create,
    problem_create,
    resource_create,
    tramit_create,
)
from casework.services.household import person_still_named, person_unlink
from configuration.models import ActuacioPlace, ActuacioType
from tests.factories import (
    BenefitFactory,
    DemandTypeFactory,
    ProblemFactory,
    TramitTypeFactory,
)
from tests.factories.casework import basic_case, resident, territory


class UnlinkTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.main = resident(cls.t, first_name="Maria")
        cls.case = basic_case(cls.t, cls.main)
        cls.son = resident(cls.t, first_name="Pau")
        LinkedPerson.objects.create(expedient=cls.case, person=cls.son)
        cls.atype = ActuacioType.objects.create(code="t-a1", name="Informació")
        cls.place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")

    def unlink(self, person, **kwargs):
        person_unlink(
            expedient=self.case, person=person, acting_user=self.t.coordinator, **kwargs
        )

    def refusal(self, person, **kwargs) -> ValidationError:
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            self.unlink(person, **kwargs)
        return caught.exception

    def actuacio(self, **persons):
        return actuacio_create(
            expedient=self.case,
            acting_user=self.t.worker,
            topic="Entrevista",
            type=self.atype,
            place=self.place,
            responsible=self.t.worker,
            **persons,
        )

    def still_named(self, person) -> str:
        return person_still_named(expedient=self.case, person=person)

    def still_linked(self, person) -> bool:
        return self.case.links.filter(person=person).exists()

    def demand(self, *persons):
        return demand_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=persons,
            type=DemandTypeFactory(),
        )

    def resource(self, holder, *others):
        resource, _warnings = resource_create(
            resource=Resource(expedient=self.case, benefit=BenefitFactory()),
            holder=holder,
            beneficiaries=others,
            acting_user=self.t.worker,
        )
        return resource

    def plan(self, *persons):
        return plan_create(
            plan=InterventionPlan(
                expedient=self.case,
                title="Pla",
                expires_on=date.today() + timedelta(days=90),
            ),
            referents=[self.t.worker],
            affected_persons=persons,
            acting_user=self.t.worker,
        )


class PersonUnlinkServiceTests(UnlinkTestCase):
    def test_a_person_named_on_nothing_is_unlinked(self):
        self.assertEqual(self.still_named(self.son), "")
        self.unlink(self.son)
        self.assertFalse(self.still_linked(self.son))

    def test_demands_and_resources_are_counted_by_kind_and_role(self):
        self.demand(self.son)
        self.demand(self.son, self.main)
        self.resource(self.son)
        self.resource(self.main, self.son)
        error = self.refusal(self.son)
        message = " ".join(error.messages)
        self.assertIn("2 demands", message)
        self.assertIn("1 resource (holder)", message)
        self.assertIn("1 resource (beneficiary)", message)
        self.assertIn(str(self.son), message)
        self.assertTrue(self.still_linked(self.son))

    def test_every_kind_of_item_blocks(self):
        problem_create(
            expedient=self.case,
            acting_user=self.t.worker,
            beneficiaries=[self.son],
            problem=ProblemFactory(),
        )
        tramit_create(
            tramit=Tramit(
                expedient=self.case, type=TramitTypeFactory(), holder=self.son
            ),
            acting_user=self.t.worker,
        )
        self.actuacio(attendee_persons=[self.son])
        plan = self.plan(self.son, self.main)
        objective_add(
            objective=PlanObjective(plan=plan, description="Escola"),
            target_persons=[self.son],
            acting_user=self.t.worker,
        )
        message = " ".join(self.refusal(self.son).messages)
        for words in (
            "1 problem",
            "1 tràmit (holder)",
            "1 actuació",
            "1 intervention plan",
            "1 plan objective",
        ):
            self.assertIn(words, message)

    def test_an_actuacio_naming_the_person_twice_counts_once(self):
        self.actuacio(related_persons=[self.son], attendee_persons=[self.son])
        self.assertIn("1 actuació", " ".join(self.refusal(self.son).messages))

    def test_automatic_actuacions_do_not_block(self):
        # The opening actuació names the first main person.
        opening = Actuacio.objects.get(expedient=self.case)
        self.assertEqual(list(opening.related_persons.all()), [self.main])
        self.unlink(self.main, new_main=self.son)
        self.assertFalse(self.still_linked(self.main))

    def test_items_of_other_expedients_do_not_block(self):
        other = basic_case(self.t, self.son)
        demand_create(
            expedient=other,
            acting_user=self.t.worker,
            beneficiaries=[self.son],
            type=DemandTypeFactory(),
        )
        self.unlink(self.son)
        self.assertFalse(self.still_linked(self.son))

    def test_the_main_person_rule_and_the_items_are_both_reported(self):
        self.demand(self.main)
        error = self.refusal(self.main)
        self.assertIn("new_main", error.message_dict)
        self.assertIn("1 demand", " ".join(error.message_dict["__all__"]))
        # Naming a new main person is not enough while the demand names her.
        self.refusal(self.main, new_main=self.son)
        self.assertTrue(self.case.links.get(person=self.main).is_main)


class UnlinkScreenTests(UnlinkTestCase):
    def url(self, person) -> str:
        return reverse("casework_expedient_unlink", args=[self.case.pk, person.pk])

    def test_the_screen_says_what_still_names_the_person_and_refuses(self):
        self.demand(self.son)
        self.resource(self.son)
        with translation.override("en"):
            self.assertIn("1 demand, 1 resource (holder)", self.still_named(self.son))
        message = escape(self.still_named(self.son))  # in the screen's language
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url(self.son))
        self.assertContains(response, message)
        response = self.client.post(self.url(self.son), {})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message, count=1)
        self.assertTrue(self.still_linked(self.son))

    def test_a_person_named_on_nothing_is_unlinked_from_the_screen(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url(self.son))
        self.assertNotContains(response, "help-warning")
        self.client.post(self.url(self.son), {})
        self.assertFalse(self.still_linked(self.son))
