"""Issue #16.11: a new catalogue entry goes last among what its area lists."""

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from tests.factories import AreaFactory, DemandTypeFactory, professional


class NewEntrySortOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        DemandTypeFactory(code="S1", sort_order=3)  # shared
        DemandTypeFactory(code="A1", sort_order=5, area=cls.area)
        DemandTypeFactory(code="X1", sort_order=900, area=AreaFactory())

    def initial_order(self, user) -> int:
        self.client.force_login(user)
        response = self.client.get(reverse("demandtype:add"))
        return response.context["form"].initial["sort_order"]

    def test_it_follows_the_areas_own_and_the_shared_entries_only(self):
        self.assertEqual(self.initial_order(self.coordinator), 6)

    def test_a_new_area_starts_after_the_shared_entries(self):
        newcomer = professional(roles.COORDINADOR, area=AreaFactory())
        self.assertEqual(self.initial_order(newcomer), 4)
