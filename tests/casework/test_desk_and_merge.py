"""Expedients found from the search desk, and person merges that carry every
casework link to the surviving record and back on undo."""

from datetime import date

from django.test import TestCase

from casework.desk import find_expedients
from casework.models import Actuacio, LinkedPerson
from casework.services import automatic_actuacio
from configuration import roles
from directory.services import person_merge, person_unmerge
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory


class DeskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.anna = resident(cls.t, document_type=1, document_number="12345678Z")
        cls.case = basic_case(cls.t, cls.anna, family_name="Serra Vila")
        cls.other = basic_case(cls.t, family_name="Puig Ferrer")
        cls.hidden = basic_case(
            cls.t,
            family_name="Serra Soler",
            sector=cls.t.other_sector,
            by=cls.t.outsider,
        )

    def numbers(self, query, user=None):
        return [
            e.number for e in find_expedients(user=user or self.t.worker, query=query)
        ]

    def test_by_number_however_it_is_typed(self):
        year = date.today().year
        self.assertEqual(self.numbers(self.case.number), [self.case.number])
        self.assertEqual(self.numbers(f"{year}/1"), [self.case.number])
        self.assertEqual(self.numbers(f"{year} / 2"), [self.other.number])

    def test_by_family_name_words_in_any_order(self):
        self.assertEqual(self.numbers("vila serra"), [self.case.number])
        self.assertEqual(self.numbers("SERRA"), [self.case.number])
        self.assertEqual(self.numbers("ferr"), [self.other.number])

    def test_by_a_linked_persons_document(self):
        self.assertEqual(self.numbers("12.345.678-z"), [self.case.number])

    def test_only_what_the_user_may_see(self):
        # The other team's expedient matches "serra" but is not in the worker's
        # territory; its own professional finds it.
        self.assertNotIn(self.hidden.number, self.numbers("serra"))
        self.assertIn(self.hidden.number, self.numbers("serra", self.t.outsider))
        stranger = professional(roles.TECNIC, area=AreaFactory())
        self.assertEqual(self.numbers(self.case.number, stranger), [])

    def test_nothing_for_empty_or_unusable_text(self):
        self.assertEqual(self.numbers("  "), [])
        self.assertEqual(self.numbers("--"), [])


class MergeCarriesCaseworkLinks(TestCase):
    def test_merge_moves_every_link_and_undo_moves_it_back(self):
        t = territory()
        survivor = resident(t, first_name="Núria")
        twin = resident(t, first_name="Nuria")
        case = basic_case(t, twin)
        both = basic_case(t, survivor)
        LinkedPerson.objects.create(expedient=both, person=twin)
        actuacio = automatic_actuacio(
            expedient=case, event="closed", acting_user=t.worker, persons=[twin]
        )
        coordinator = t.coordinator
        merge = person_merge(
            survivor=survivor,
            merged=twin,
            fields_taken=[],
            acting_user=coordinator,
        )
        self.assertEqual(
            set(
                LinkedPerson.objects.filter(person=survivor).values_list(
                    "expedient", flat=True
                )
            ),
            {case.pk, both.pk},
        )
        self.assertFalse(LinkedPerson.objects.filter(person=twin).exists())
        self.assertEqual(list(actuacio.related_persons.all()), [survivor])

        person_unmerge(merge=merge, acting_user=coordinator)
        self.assertEqual(
            set(
                LinkedPerson.objects.filter(person=twin).values_list(
                    "expedient", flat=True
                )
            ),
            {case.pk, both.pk},
        )
        self.assertEqual(
            list(
                LinkedPerson.objects.filter(person=survivor).values_list(
                    "expedient", flat=True
                )
            ),
            [both.pk],
        )
        self.assertIn(twin, Actuacio.objects.get(pk=actuacio.pk).related_persons.all())
