"""Kinship screens (the person's Family tab and the relationship form) and the
person chooser they use."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from configuration import roles
from directory.enums import KinshipKind
from directory.models import Kinship
from directory.panels import RELATIVE_IS
from directory.services import kinship_add, person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional


class KinshipScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        save = lambda **f: person_save(  # noqa: E731
            person=new_person(cls.area, cls.worker, **f), acting_user=cls.worker
        )
        cls.mother = save(first_name="Rosa")
        cls.son = save(first_name="Pau", birth_date=None)
        cls.partner = save(first_name="Iu", surname1="Vila")
        other = AreaFactory()
        outsider = professional(roles.TECNIC, area=other)
        cls.foreign = person_save(
            person=new_person(other, outsider, first_name="Rosa"),
            acting_user=outsider,
        )

    def setUp(self):
        self.client.force_login(self.worker)

    def family_tab(self, person) -> str:
        response = self.client.get(reverse("person:edit", args=[person.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_family_tab_reads_each_relationship_from_both_ends(self):
        kinship_add(
            person=self.mother,
            relative=self.son,
            kind=KinshipKind.PARENT,
            acting_user=self.worker,
        )
        # From the mother's record the son is her child, and the other way round.
        child, parent = RELATIVE_IS[KinshipKind.CHILD], RELATIVE_IS[KinshipKind.PARENT]
        self.assertInHTML(f"<td>{child}</td>", self.family_tab(self.mother))
        self.assertInHTML(f"<td>{parent}</td>", self.family_tab(self.son))

    def test_the_family_tab_query_count_does_not_grow(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.family_tab(self.mother)
            return len(queries)

        kinship_add(
            person=self.mother,
            relative=self.son,
            kind=KinshipKind.PARENT,
            acting_user=self.worker,
        )
        before = count()
        for n in range(5):
            relative = person_save(
                person=new_person(self.area, self.worker, first_name=f"Germà{n}"),
                acting_user=self.worker,
            )
            kinship_add(
                person=relative,
                relative=self.mother,
                kind=KinshipKind.SIBLING,
                acting_user=self.worker,
            )
        self.assertEqual(count(), before)

    def post(self, **data):
        values = {"kind": KinshipKind.CHILD, "notes": ""} | data
        url = reverse("kinship:add") + f"?person={self.son.pk}"
        return self.client.post(url, values)

    def test_the_form_starts_from_the_person_and_returns_to_them(self):
        response = self.client.get(reverse("kinship:add"), {"person": self.son.pk})
        self.assertEqual(response.context["form"].initial["person"], self.son)
        response = self.post(person=self.son.pk, relative=self.mother.pk)
        self.assertRedirects(
            response,
            reverse("person:inspect", args=[self.son.pk]),
            fetch_redirect_response=False,
        )

    def test_child_of_is_stored_as_the_reverse_parent_of(self):
        self.post(person=self.son.pk, relative=self.mother.pk)
        kinship = Kinship.objects.get()
        self.assertEqual(
            (kinship.person, kinship.kind, kinship.relative),
            (self.mother, KinshipKind.PARENT, self.son),
        )

    def test_a_separation_keeps_its_dates(self):
        self.post(
            person=self.mother.pk,
            relative=self.partner.pk,
            kind=KinshipKind.PARTNER,
            starts_on="2001-06-01",
            ends_on="2015-02-01",
        )
        self.assertEqual(str(Kinship.objects.get().ends_on), "2015-02-01")

    def test_bad_relationships_are_refused_with_a_message(self):
        cases = {
            "self": {"person": self.son.pk, "relative": self.son.pk},
            "other area": {"person": self.son.pk, "relative": self.foreign.pk},
            "ends before it starts": {
                "person": self.son.pk,
                "relative": self.mother.pk,
                "starts_on": "2010-01-01",
                "ends_on": "2000-01-01",
            },
        }
        for case, data in cases.items():
            with self.subTest(case):
                response = self.post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertFalse(Kinship.objects.exists())

    def test_another_areas_relationship_is_404(self):
        other_mother = self.foreign
        outsider_child = person_save(
            person=new_person(other_mother.area, other_mother.reference_professional),
            acting_user=other_mother.reference_professional,
        )
        kinship = kinship_add(
            person=other_mother,
            relative=outsider_child,
            kind=KinshipKind.PARENT,
            acting_user=other_mother.reference_professional,
        )
        response = self.client.get(reverse("kinship:edit", args=[kinship.pk]))
        self.assertEqual(response.status_code, 404)


class PersonChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.person = person_save(
            person=new_person(cls.area, cls.worker), acting_user=cls.worker
        )
        other = AreaFactory()
        outsider = professional(roles.TECNIC, area=other)
        cls.foreign = person_save(
            person=new_person(other, outsider), acting_user=outsider
        )

    def setUp(self):
        self.client.force_login(self.worker)

    def results(self, **params) -> list:
        url = reverse("person_chooser:choose_results")
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return list(response.context["results"])

    def test_it_lists_nobody_until_something_is_typed(self):
        self.assertEqual(self.results(), [])

    def test_it_searches_like_the_desk_within_the_area(self):
        self.assertEqual(self.results(q="garcia marti"), [self.person])

    def test_another_areas_record_cannot_be_chosen(self):
        url = reverse("person_chooser:chosen", args=[self.foreign.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("person_chooser:chosen", args=[self.person.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
