"""The expedient's rules, one by one: cover edits, reference professional, closing,
reopening, linked persons and housing (domain.md §2.3, §3.3, §4.3, §4.4, §4.6)."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.enums import AutomaticEvent, PlanClosingReason, PlanState
from casework.models import (
    Actuacio,
    BasicCase,
    Housing,
    InterventionPlan,
    LinkedPerson,
    ProblemRecord,
)
from casework.services import EditConflict
from casework.services.expedients import (
    ActionNotAllowed,
    closed_long_ago,
    expedient_close,
    expedient_reopen,
    expedient_update,
)
from casework.services.household import (
    housing_copy_address,
    housing_save,
    main_person_set,
    person_link,
    person_unlink,
)
from configuration import roles
from configuration.enums import ExpedientState
from configuration.models import ClosingReason, RelationshipType
from directory.models import Person
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProblemFactory,
    ProvinceFactory,
    professional,
)
from tests.factories.casework import basic_case, resident, territory


def closing_reason(area=None) -> ClosingReason:
    return ClosingReason.objects.create(code="5", name="Resolt", area=area)


def relationship(code="2", name="Fill/a", area=None) -> RelationshipType:
    return RelationshipType.objects.create(code=code, name=name, area=area)


def fresh(case) -> BasicCase:
    return BasicCase.objects.get(pk=case.pk)


class CoverUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)

    def test_a_save_after_someone_elses_is_refused_with_what_changed(self):
        mine, theirs = fresh(self.case), fresh(self.case)
        theirs.family_name = "Puig Soler"
        expedient_update(case=theirs, acting_user=self.t.teammate, expected_version=1)
        mine.external_reference = "X-1"
        with self.assertRaises(EditConflict) as caught:
            expedient_update(case=mine, acting_user=self.t.worker, expected_version=1)
        self.assertEqual(caught.exception.stored.family_name, "Puig Soler")
        self.assertEqual(fresh(self.case).external_reference, "")

    def test_a_closed_expedient_is_not_edited(self):
        expedient_close(
            case=fresh(self.case), reason=closing_reason(), acting_user=self.t.worker
        )
        case = fresh(self.case)
        case.family_name = "Altre"
        with self.assertRaises(ValidationError):
            expedient_update(case=case, acting_user=self.t.worker)


class ReferenceProfessionalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)  # in t.sector, the worker's team's sector
        cls.elsewhere = basic_case(cls.t, sector=cls.t.other_sector)

    def change(self, case, to, by):
        case = fresh(case)
        case.reference_professional = to
        return expedient_update(case=case, acting_user=by)

    def test_a_technician_changes_it_in_their_teams_sectors(self):
        self.change(self.case, self.t.teammate, self.t.worker)
        self.assertEqual(fresh(self.case).reference_professional, self.t.teammate)

    def test_but_not_in_another_sector_even_when_named_on_it(self):
        # The worker is the reference professional of `elsewhere` (they opened it)
        # but their team does not work in its sector.
        with self.assertRaises(ActionNotAllowed):
            self.change(self.elsewhere, self.t.teammate, self.t.worker)

    def test_administrative_roles_never_change_it_even_in_their_sector(self):
        # The administrative officer is in the worker's team, which works in the
        # expedient's sector; they may edit the cover, not who is responsible.
        with self.assertRaises(ActionNotAllowed):
            self.change(self.case, self.t.teammate, self.t.administrative)
        self.assertEqual(fresh(self.case).reference_professional, self.t.worker)

    def test_a_coordinator_changes_it_anywhere_in_the_area(self):
        self.change(self.elsewhere, self.t.outsider, self.t.coordinator)
        self.assertEqual(fresh(self.elsewhere).reference_professional, self.t.outsider)

    def test_only_to_a_professional_of_the_area(self):
        stranger = professional(roles.TECNIC, area=AreaFactory())
        with self.assertRaises(ValidationError):
            self.change(self.case, stranger, self.t.coordinator)

    def test_the_change_is_in_the_history(self):
        self.change(self.case, self.t.teammate, self.t.worker)
        entry = LogEntry.objects.get_for_object(fresh(self.case)).first()
        self.assertEqual(
            entry.changes["reference_professional"],
            [str(self.t.worker.pk), str(self.t.teammate.pk)],
        )


class StateTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.reason = closing_reason()


class CloseTests(StateTestCase):
    def setUp(self):
        self.case = basic_case(self.t)
        person = self.case.links.get().person
        self.plan = InterventionPlan.objects.create(
            expedient=self.case,
            title="Pla",
            starts_on=date.today() - timedelta(days=30),
            expires_on=date.today() + timedelta(days=90),
        )
        self.problem = ProblemRecord.objects.create(
            expedient=self.case,
            problem=ProblemFactory(),
            starts_on=date.today() - timedelta(days=30),
            ends_on=date.today() + timedelta(days=60),
        )
        self.problem.beneficiaries.set([person])

    def close(self, **options):
        return expedient_close(
            case=fresh(self.case),
            reason=self.reason,
            acting_user=self.t.worker,
            **options,
        )

    def test_administrative_roles_never_close(self):
        with self.assertRaises(ActionNotAllowed):
            expedient_close(
                case=fresh(self.case),
                reason=self.reason,
                acting_user=self.t.administrative,
            )
        self.assertEqual(fresh(self.case).state, ExpedientState.OPEN)

    def test_closing_needs_a_reason(self):
        with self.assertRaises(ValidationError):
            expedient_close(
                case=fresh(self.case), reason=None, acting_user=self.t.worker
            )
        self.assertEqual(fresh(self.case).state, ExpedientState.OPEN)

    def test_closing_sets_the_state_and_writes_the_automatic_actuacio(self):
        self.close(note="Es trasllada")
        case = fresh(self.case)
        self.assertEqual(
            (case.state, case.state_date, case.closing_reason),
            (ExpedientState.CLOSED, date.today(), self.reason),
        )
        actuacio = Actuacio.objects.get(expedient=case, event=AutomaticEvent.CLOSED)
        self.assertIn("Es trasllada", actuacio.text)

    def test_closing_twice_is_refused(self):
        self.close()
        with self.assertRaises(ValidationError):
            self.close()

    def test_plans_and_problems_stay_unless_asked(self):
        self.close()
        self.plan.refresh_from_db()
        self.problem.refresh_from_db()
        self.assertEqual(self.plan.state, PlanState.OPEN)
        self.assertEqual(self.problem.ends_on, date.today() + timedelta(days=60))

    def test_it_closes_open_plans_and_ends_running_problems_on_request(self):
        on = date.today()
        self.close(close_open_plans=True, end_open_problems=True, on=on)
        self.plan.refresh_from_db()
        self.problem.refresh_from_db()
        self.assertEqual(
            (self.plan.state, self.plan.closing_reason, self.plan.closed_on),
            (PlanState.CLOSED, PlanClosingReason.EXPEDIENT_CLOSED, on),
        )
        self.assertEqual(self.problem.ends_on, on)

    def test_a_closing_date_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError):
            self.close(on=date.today() + timedelta(days=1))


class ReopenTests(StateTestCase):
    def setUp(self):
        self.case = basic_case(self.t)
        expedient_close(
            case=fresh(self.case), reason=self.reason, acting_user=self.t.worker
        )

    def test_a_technician_may_not_reopen(self):
        with self.assertRaises(ActionNotAllowed):
            expedient_reopen(
                case=fresh(self.case), reason="Torna", acting_user=self.t.worker
            )
        self.assertEqual(fresh(self.case).state, ExpedientState.CLOSED)

    def test_a_coordinator_reopens_with_a_reason(self):
        with self.assertRaises(ValidationError):
            expedient_reopen(
                case=fresh(self.case), reason=" ", acting_user=self.t.coordinator
            )
        expedient_reopen(
            case=fresh(self.case),
            reason="Torna amb el mateix problema",
            acting_user=self.t.coordinator,
        )
        case = fresh(self.case)
        self.assertEqual((case.state, case.closing_reason), (ExpedientState.OPEN, None))
        actuacio = Actuacio.objects.get(expedient=case, event=AutomaticEvent.REOPENED)
        self.assertEqual(actuacio.text, "Torna amb el mateix problema")

    def test_reopening_an_open_expedient_is_refused(self):
        expedient_reopen(
            case=fresh(self.case), reason="a", acting_user=self.t.coordinator
        )
        with self.assertRaises(ValidationError):
            expedient_reopen(
                case=fresh(self.case), reason="b", acting_user=self.t.coordinator
            )

    def test_an_expedient_closed_long_ago_suggests_a_new_one(self):
        case = fresh(self.case)
        self.assertFalse(closed_long_ago(case))
        self.assertTrue(closed_long_ago(case, today=date.today() + timedelta(days=400)))
        self.assertFalse(
            closed_long_ago(basic_case(self.t), date.today() + timedelta(days=400))
        )


class LinkedPersonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.child = relationship()

    def setUp(self):
        self.case = basic_case(self.t)
        self.main = self.case.links.get().person
        self.son = resident(self.t, first_name="Pau")

    def link(self, person, relationship=None, by=None):
        return person_link(
            expedient=self.case,
            person=person,
            relationship=relationship or self.child,
            acting_user=by or self.t.worker,
        )

    def test_linking_records_the_relationship(self):
        link = self.link(self.son)
        self.assertEqual((link.is_main, link.relationship), (False, self.child))
        self.assertEqual(link.open_elsewhere, [])

    def test_a_duplicate_link_is_refused(self):
        self.link(self.son)
        with self.assertRaises(ValidationError):
            self.link(self.son)

    def test_a_relationship_is_required_and_of_the_area(self):
        with self.assertRaises(ValidationError):
            person_link(
                expedient=self.case,
                person=self.son,
                relationship=None,
                acting_user=self.t.worker,
            )
        foreign = relationship(code="9", area=AreaFactory())
        with self.assertRaises(ValidationError):
            self.link(self.son, foreign)

    def test_a_person_of_another_area_or_merged_is_refused(self):
        with self.assertRaises(ValidationError):
            self.link(resident(territory()))
        merged = resident(self.t, first_name="Duplicat")
        Person.objects.filter(pk=merged.pk).update(merged_into=self.son)
        merged.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.link(merged)

    def test_it_warns_when_the_person_has_another_open_expedient(self):
        other = basic_case(self.t, self.son)
        link = self.link(self.son)
        self.assertEqual([e.pk for e in link.open_elsewhere], [other.pk])

    def test_exactly_one_main_person_changeable(self):
        self.link(self.son)
        main_person_set(
            expedient=self.case,
            person=self.son,
            acting_user=self.t.worker,
            former_relationship=self.child,
        )
        mains = LinkedPerson.objects.filter(expedient=self.case, is_main=True)
        self.assertEqual([link.person for link in mains], [self.son])
        former = LinkedPerson.objects.get(expedient=self.case, person=self.main)
        self.assertEqual(former.relationship, self.child)

    def test_the_main_person_must_be_linked(self):
        with self.assertRaises(ValidationError):
            main_person_set(
                expedient=self.case, person=self.son, acting_user=self.t.worker
            )

    def test_only_coordinators_unlink(self):
        self.link(self.son)
        with self.assertRaises(ActionNotAllowed):
            person_unlink(
                expedient=self.case, person=self.son, acting_user=self.t.worker
            )
        person_unlink(
            expedient=self.case, person=self.son, acting_user=self.t.coordinator
        )
        self.assertFalse(self.case.links.filter(person=self.son).exists())

    def test_the_main_person_is_unlinked_only_naming_a_new_one(self):
        self.link(self.son)
        with self.assertRaises(ValidationError):
            person_unlink(
                expedient=self.case, person=self.main, acting_user=self.t.coordinator
            )
        person_unlink(
            expedient=self.case,
            person=self.main,
            acting_user=self.t.coordinator,
            new_main=self.son,
        )
        self.assertEqual(
            list(self.case.links.values_list("person", "is_main")),
            [(self.son.pk, True)],
        )

    def test_nothing_is_linked_to_a_closed_expedient(self):
        expedient_close(
            case=fresh(self.case), reason=closing_reason(), acting_user=self.t.worker
        )
        self.case.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.link(self.son)


class HousingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.municipality = MunicipalityFactory()
        cls.province = ProvinceFactory()

    def setUp(self):
        self.case = basic_case(self.t)
        self.main = self.case.links.get().person
        self.son = resident(self.t, first_name="Pau")
        person_link(
            expedient=self.case,
            person=self.son,
            relationship=relationship(),
            acting_user=self.t.worker,
        )
        self.housing = housing_save(
            housing=Housing(
                expedient=self.case,
                province=self.province,
                municipality=self.municipality,
                street_type="C/",
                street_name="Major",
                street_number="5",
                floor="2n",
                postcode="08500",
                missing_supplies=["heating"],
            ),
            acting_user=self.t.worker,
        )

    def test_housing_edits_never_overwrite_each_other(self):
        mine, theirs = (
            Housing.objects.get(pk=self.case.pk),
            Housing.objects.get(pk=self.case.pk),
        )
        theirs.door = "1a"
        housing_save(housing=theirs, acting_user=self.t.teammate, expected_version=1)
        mine.door = "3a"
        with self.assertRaises(EditConflict):
            housing_save(housing=mine, acting_user=self.t.worker, expected_version=1)

    def test_unknown_checklist_codes_are_refused(self):
        self.housing.habitability_problems = ["ghosts"]
        with self.assertRaises(ValidationError):
            housing_save(housing=self.housing, acting_user=self.t.worker)

    def test_the_address_is_copied_to_every_linked_person(self):
        copied = housing_copy_address(expedient=self.case, acting_user=self.t.worker)
        self.assertEqual({p.pk for p in copied}, {self.main.pk, self.son.pk})
        for person in Person.objects.filter(pk__in=[self.main.pk, self.son.pk]):
            self.assertEqual(
                (
                    person.street_name,
                    person.street_number,
                    person.floor,
                    person.postcode,
                ),
                ("Major", "5", "2n", "08500"),
            )
            self.assertEqual(person.residence_municipality, self.municipality)
            self.assertEqual(person.residence_province, self.province)
            self.assertEqual(person.updated_by, self.t.worker)

    def test_or_to_the_persons_chosen(self):
        housing_copy_address(
            expedient=self.case, acting_user=self.t.worker, persons=[self.son]
        )
        self.assertEqual(Person.objects.get(pk=self.son.pk).street_name, "Major")
        self.assertEqual(Person.objects.get(pk=self.main.pk).street_name, "")

    def test_never_to_a_person_not_linked(self):
        stranger = resident(self.t, first_name="Aliena")
        with self.assertRaises(ValidationError):
            housing_copy_address(
                expedient=self.case, acting_user=self.t.worker, persons=[stranger]
            )
        self.assertEqual(Person.objects.get(pk=stranger.pk).street_name, "")
