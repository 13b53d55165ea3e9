"""Issue 17.2: who may receive a professional's records, and deregistering
only after seeing what it means and confirming."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.models import User
from helpdesk.tools.services import professional_holdings_transfer
from helpdesk.tools.services.professionals import receivers
from tests.factories import professional
from tests.factories.casework import basic_case, resident

from .tools_data import ToolsData


class ReceiversTests(ToolsData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.t
        cls.case = basic_case(t)  # the worker is its reference professional
        cls.trainee = professional(roles.ALUMNE, area=t.area)
        cls.front_desk = professional(roles.AUXILIAR, area=t.area)
        cls.front_desk.teams.add(t.team)
        cls.administrator = professional(roles.ADMINISTRADOR, area=t.area)

    def url(self):
        return reverse("helpdesk_tools:professional_transfer", args=[self.t.worker.pk])

    def test_the_form_offers_only_who_may_hold_expedients_and_records(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url())
        offered = set(response.context["form"].fields["target"].queryset)
        self.assertEqual(
            offered, {self.t.teammate, self.t.outsider, self.t.coordinator}
        )

    def test_a_trainee_or_front_desk_target_is_refused_by_the_service(self):
        for target in (self.trainee, self.front_desk, self.t.administrative):
            with self.subTest(target=target), self.assertRaises(ValidationError):
                professional_holdings_transfer(
                    source=self.t.worker, target=target, acting_user=self.t.coordinator
                )
        self.case.refresh_from_db()
        self.assertEqual(self.case.reference_professional, self.t.worker)

    def test_posting_a_trainee_is_refused(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.post(
            self.url(), {"target": self.trainee.pk, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["target"])

    def test_person_records_alone_may_go_to_the_front_desk(self):
        holder = professional(roles.TECNIC, area=self.t.area)
        holder.teams.add(self.t.team)
        person = resident(self.t)
        person.reference_professional = holder
        person.save()
        found = set(receivers(source=holder))
        self.assertIn(self.front_desk, found)
        self.assertNotIn(self.trainee, found)
        self.assertNotIn(self.administrator, found)


class DeregisterConfirmationTests(ToolsData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.free = professional(roles.TECNIC, area=cls.t.area)
        cls.free.teams.add(cls.t.team)
        basic_case(cls.t)  # the worker holds an expedient

    def url(self, user):
        return reverse("wagtailusers_users:deregister", args=[user.pk])

    def test_the_button_leads_to_a_confirmation_not_a_post(self):
        self.client.force_login(self.t.coordinator)
        edit = self.client.get(reverse("wagtailusers_users:edit", args=[self.free.pk]))
        self.assertContains(edit, f'href="{self.url(self.free)}"')
        self.assertNotContains(edit, 'form="professional-deregister"')

    def test_the_confirmation_explains_and_changes_nothing(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url(self.free))
        self.assertContains(response, "can no longer sign in")
        self.assertContains(response, f"Deregister {self.free}")
        self.assertTrue(User.objects.get(pk=self.free.pk).is_active)
        self.client.post(self.url(self.free))
        self.assertFalse(User.objects.get(pk=self.free.pk).is_active)

    def test_what_they_hold_is_listed_with_the_transfer_tool(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(self.url(self.t.worker))
        self.assertContains(response, "still holds")
        tool = reverse("helpdesk_tools:professional_transfer", args=[self.t.worker.pk])
        self.assertContains(response, tool)
        self.assertNotContains(response, f"Deregister {self.t.worker}")

    def test_scope(self):
        self.client.force_login(self.t.worker)  # a technician: no right at all
        self.assertEqual(self.client.get(self.url(self.free)).status_code, 404)
        self.client.force_login(self.stranger)  # another area's coordinator
        self.assertEqual(self.client.get(self.url(self.free)).status_code, 404)
