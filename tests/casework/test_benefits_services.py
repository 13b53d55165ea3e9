"""Tràmits and resources: the automatic actuacions, the state coupling, the
residence gate, the energy-poverty block and the no-problem reminder."""

from datetime import date
from decimal import Decimal
from importlib import import_module

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.enums import AutomaticEvent, BeneficiaryRole
from casework.models import (
    Actuacio,
    LinkedPerson,
    ProblemRecord,
    Resource,
    Tramit,
)
from casework.services import (
    EditConflict,
    resource_create,
    resource_update,
    tramit_create,
    tramit_set_state,
    tramit_update,
)
from configuration.enums import ExpedientState, ResourceState, TramitState
from configuration.models import ActuacioType
from tests.factories import (
    AreaFactory,
    BenefitFactory,
    ProblemFactory,
    TramitTypeFactory,
)
from tests.factories.casework import (
    basic_case,
    outsider_person,
    resident,
    territory,
)


def link(case, person):
    LinkedPerson.objects.create(expedient=case, person=person)
    return person


def granted_actuacions(case):
    return Actuacio.objects.filter(
        expedient=case, event=AutomaticEvent.RESOURCE_GRANTED
    )


class TramitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.benefit = BenefitFactory()
        cls.pre_assigning = TramitTypeFactory(pre_assigns=cls.benefit)
        cls.plain = TramitTypeFactory(area=cls.t.area)

    def register(self, type_=None, *, holder=None, by=None, **fields):
        tramit = Tramit(
            expedient=self.case,
            type=type_ or self.pre_assigning,
            holder=holder or self.person,
            **fields,
        )
        return tramit_create(tramit=tramit, acting_user=by or self.t.worker)

    def test_it_writes_the_tramitacio_actuacio(self):
        tramit = self.register(self.plain, by=self.t.administrative)
        actuacio = tramit.actuacio
        self.assertEqual(actuacio.event, AutomaticEvent.TRAMIT)
        self.assertEqual(actuacio.expedient_id, self.case.pk)
        self.assertEqual(list(actuacio.related_persons.all()), [self.person])
        self.assertEqual(tramit.created_by, self.t.administrative)
        self.assertFalse(Resource.objects.filter(expedient=self.case).exists())

    def test_a_pre_assigning_type_adds_a_pre_assigned_resource_held_by_the_holder(
        self,
    ):
        tramit = self.register()
        resource = Resource.objects.get(tramit=tramit)
        self.assertEqual(resource.benefit, self.benefit)
        self.assertEqual(resource.state, ResourceState.PRE_ASSIGNED)
        row = resource.beneficiary_rows.get()
        self.assertEqual((row.person, row.role), (self.person, BeneficiaryRole.HOLDER))

    def test_the_tramit_state_moves_the_resource_state(self):
        tramit = self.register()
        for tramit_state, resource_state in (
            (TramitState.GRANTED, ResourceState.GRANTED),
            (TramitState.DENIED, ResourceState.DENIED),
            (TramitState.PROCESSED, ResourceState.PRE_ASSIGNED),
        ):
            tramit_set_state(
                tramit=tramit, state=tramit_state, acting_user=self.t.worker
            )
            self.assertEqual(Resource.objects.get(tramit=tramit).state, resource_state)

    def test_granting_the_tramit_writes_the_resource_granted_actuacio_once(self):
        tramit = self.register()
        tramit_set_state(
            tramit=tramit, state=TramitState.GRANTED, acting_user=self.t.worker
        )
        tramit.processed_on = date(2026, 1, 2)
        tramit_update(tramit=tramit, expected_version=None, acting_user=self.t.worker)
        self.assertEqual(granted_actuacions(self.case).count(), 1)

    def test_the_tramitacio_type_is_found_even_in_an_empty_catalogue(self):
        self.assertFalse(ActuacioType.objects.exists())
        first = self.register(self.plain).actuacio.type
        self.assertEqual(
            (first.code, first.area_id, first.name), ("5", None, "Tramitació")
        )
        second = self.register(self.plain).actuacio.type
        self.assertEqual(second, first)
        self.assertEqual(ActuacioType.objects.count(), 1)

    def test_the_shared_entry_is_used_never_an_areas_own_code_5(self):
        own = ActuacioType.objects.create(code="5", name="Local", area=self.t.area)
        shared = ActuacioType.objects.create(code="5", name="Tramitació oficial")
        self.assertEqual(self.register(self.plain).actuacio.type, shared)
        self.assertNotEqual(shared, own)

    def test_a_tramit_granted_denied_and_granted_again_writes_one_actuacio(self):
        tramit = self.register()
        for state in (TramitState.GRANTED, TramitState.DENIED, TramitState.GRANTED):
            tramit = Tramit.objects.get(pk=tramit.pk)
            tramit_set_state(tramit=tramit, state=state, acting_user=self.t.worker)
        actuacio = granted_actuacions(self.case).get()
        resource = Resource.objects.get(tramit=tramit)
        self.assertEqual(resource.granted_actuacio, actuacio)
        self.assertEqual(list(actuacio.related_persons.all()), [self.person])

    def test_the_migration_links_resources_granted_before_the_field(self):
        tramit = self.register()
        tramit_set_state(
            tramit=tramit, state=TramitState.GRANTED, acting_user=self.t.worker
        )
        actuacio = granted_actuacions(self.case).get()
        Resource.objects.update(granted_actuacio=None)  # as before 0003
        # Written then with the benefit's name as its text (now the topic names
        # the resource and the text adds its amount and period).
        granted_actuacions(self.case).update(
            text=self.benefit.name, topic="Recurs concedit"
        )
        link_granting = import_module(
            "casework.migrations.0005_link_granting_actuacions"
        ).link
        link_granting(django_apps, None)
        resource = Resource.objects.get(tramit=tramit)
        self.assertEqual(resource.granted_actuacio, actuacio)
        # Granting again now writes nothing new.
        for state in (TramitState.DENIED, TramitState.GRANTED):
            tramit = Tramit.objects.get(pk=tramit.pk)
            tramit_set_state(tramit=tramit, state=state, acting_user=self.t.worker)
        self.assertEqual(granted_actuacions(self.case).count(), 1)

    def test_another_area_type_or_an_inactive_one_is_refused(self):
        for type_ in (
            TramitTypeFactory(area=AreaFactory()),
            TramitTypeFactory(is_active=False),
        ):
            with self.assertRaises(ValidationError):
                self.register(type_)
        self.assertFalse(Tramit.objects.exists())

    def test_the_holder_must_live_in_the_area(self):
        stranger = link(self.case, outsider_person(self.t, first_name="Núria"))
        with self.assertRaises(ValidationError) as caught:
            self.register(holder=stranger)
        self.assertIn(str(stranger), caught.exception.messages[0])
        self.assertFalse(Actuacio.objects.filter(event=AutomaticEvent.TRAMIT).exists())

    def test_the_holder_must_be_linked(self):
        with self.assertRaises(ValidationError):
            self.register(holder=resident(self.t, first_name="Pere"))

    def test_a_closed_expedient_refuses_it(self):
        self.case.state = ExpedientState.CLOSED
        with self.assertRaises(ValidationError):
            self.register()

    def test_a_stale_edit_is_refused(self):
        tramit = self.register()
        first = Tramit.objects.get(pk=tramit.pk)
        second = Tramit.objects.get(pk=tramit.pk)
        first.state = TramitState.GRANTED
        tramit_update(tramit=first, expected_version=1, acting_user=self.t.worker)
        second.processed_on = date(2026, 1, 1)
        with self.assertRaises(EditConflict):
            tramit_update(tramit=second, expected_version=1, acting_user=self.t.worker)


class ResourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.partner = link(cls.case, resident(cls.t, first_name="Joan"))
        cls.benefit = BenefitFactory()
        cls.energy = BenefitFactory(is_energy_supply=True)

    def add(self, *, holder=None, others=(), **fields):
        fields.setdefault("benefit", self.benefit)
        resource = Resource(expedient=self.case, **fields)
        return resource_create(
            resource=resource,
            holder=holder or self.person,
            beneficiaries=others,
            acting_user=self.t.worker,
        )

    def test_it_records_one_holder_and_the_beneficiaries(self):
        resource, _ = self.add(others=[self.partner, self.person], amount=Decimal(50))
        roles = dict(resource.beneficiary_rows.values_list("person_id", "role"))
        self.assertEqual(
            roles,
            {
                self.person.pk: BeneficiaryRole.HOLDER,
                self.partner.pk: BeneficiaryRole.BENEFICIARY,
            },
        )

    def test_without_a_problem_it_warns_but_saves(self):
        resource, warnings = self.add()
        self.assertTrue(resource.pk)
        self.assertEqual(len(warnings), 1)
        ProblemRecord.objects.create(expedient=self.case, problem=ProblemFactory())
        _, warnings = self.add()
        self.assertEqual(warnings, [])

    def test_granting_writes_one_actuacio_and_stamps_the_state_date(self):
        resource, _ = self.add()
        Resource.objects.filter(pk=resource.pk).update(
            state_changed_on=date(2020, 1, 1)
        )
        resource.refresh_from_db()
        resource.state = ResourceState.GRANTED
        resource_update(
            resource=resource,
            holder=self.person,
            expected_version=resource.version,
            acting_user=self.t.worker,
        )
        self.assertEqual(resource.state_changed_on, date.today())
        resource.amount = Decimal(10)
        resource_update(
            resource=resource,
            holder=self.person,
            expected_version=resource.version,
            acting_user=self.t.worker,
        )
        actuacio = granted_actuacions(self.case).get()
        self.assertEqual(list(actuacio.related_persons.all()), [self.person])

    def test_created_granted_writes_its_actuacio(self):
        resource, _ = self.add(state=ResourceState.GRANTED, others=[self.partner])
        actuacio = granted_actuacions(self.case).get()
        self.assertEqual(
            Resource.objects.get(pk=resource.pk).granted_actuacio, actuacio
        )
        self.assertEqual(
            set(actuacio.related_persons.all()), {self.person, self.partner}
        )

    def test_granted_denied_and_granted_again_keeps_the_one_actuacio(self):
        resource, _ = self.add(state=ResourceState.GRANTED)
        first = granted_actuacions(self.case).get()
        for state in (ResourceState.DENIED, ResourceState.GRANTED):
            resource = Resource.objects.get(pk=resource.pk)
            resource.state = state
            resource_update(
                resource=resource,
                holder=self.person,
                expected_version=resource.version,
                acting_user=self.t.worker,
            )
        self.assertEqual(list(granted_actuacions(self.case)), [first])
        resource.refresh_from_db()
        self.assertEqual(
            (resource.state, resource.granted_actuacio), (ResourceState.GRANTED, first)
        )

    def test_the_energy_block_only_for_household_supplies(self):
        with self.assertRaises(ValidationError):
            self.add(aid_previous_year=True)
        resource, _ = self.add(benefit=self.energy, aid_previous_year=True)
        self.assertTrue(resource.aid_previous_year)

    def test_every_beneficiary_must_live_in_the_area(self):
        stranger = link(self.case, outsider_person(self.t, first_name="Núria"))
        for kwargs in ({"holder": stranger}, {"others": [stranger]}):
            with self.assertRaises(ValidationError) as caught:
                self.add(**kwargs)
            self.assertIn(str(stranger), caught.exception.messages[0])
        self.assertFalse(Resource.objects.exists())

    def test_beneficiaries_must_be_linked(self):
        with self.assertRaises(ValidationError):
            self.add(others=[resident(self.t, first_name="Pere")])

    def test_negative_amounts_and_other_area_benefits_are_refused(self):
        for fields in (
            {"amount": Decimal(-1)},
            {"benefit": BenefitFactory(area=AreaFactory())},
            {"benefit": BenefitFactory(is_active=False)},
        ):
            with self.assertRaises(ValidationError):
                self.add(**fields)

    def test_a_closed_expedient_refuses_it(self):
        self.case.state = ExpedientState.CLOSED
        with self.assertRaises(ValidationError):
            self.add()

    def test_a_stale_edit_is_refused(self):
        resource, _ = self.add()
        first = Resource.objects.get(pk=resource.pk)
        second = Resource.objects.get(pk=resource.pk)
        first.amount = Decimal(1)
        resource_update(
            resource=first,
            holder=self.person,
            expected_version=1,
            acting_user=self.t.worker,
        )
        second.amount = Decimal(2)
        with self.assertRaises(EditConflict):
            resource_update(
                resource=second,
                holder=self.person,
                expected_version=1,
                acting_user=self.t.teammate,
            )
