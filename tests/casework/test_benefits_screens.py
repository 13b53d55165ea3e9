"""Resource and tràmit screens and tabs: who may open them, the no-problem
warning, administrative roles, constant queries.

The expedient screen is built separately; `urlpatterns` below stands in for it
(casework.tabs.expedient_url), so these tests run on their own.
"""

from django.contrib.messages import get_messages
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from casework.models import LinkedPerson, Resource, Tramit
from casework.services import resource_create, tramit_create
from casework.viewsets.benefits import resources_tab_context, tramits_tab_context
from configuration import roles
from configuration.enums import ResourceState, TramitState
from configuration.models import CustomField, CustomFieldType
from tests.factories import AreaFactory, BenefitFactory, TramitTypeFactory, professional
from tests.factories.casework import basic_case, resident, territory
from website.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path(
        "test/expedient/<int:pk>/",
        lambda request, pk: HttpResponse(f"expedient {pk}"),
        name="casework_expedient",
    ),
    *site_urlpatterns,
]
STAND_IN = override_settings(ROOT_URLCONF="tests.casework.test_benefits_screens")


def add_tramit(t, case, type_, person):
    return tramit_create(
        tramit=Tramit(expedient=case, type=type_, holder=person), acting_user=t.worker
    )


def add_resource(t, case, benefit, person, **fields):
    resource = Resource(expedient=case, benefit=benefit, **fields)
    return resource_create(resource=resource, holder=person, acting_user=t.worker)[0]


def render_tab(context_function, user, case) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = context_function(request=request, expedient=case)
    return render_to_string(
        f"casework/tabs/{context_function.__name__.split('_')[0]}.html",
        context,
        request=request,
    )


@STAND_IN
class ResourceScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.benefit = BenefitFactory()
        cls.resource = add_resource(cls.t, cls.case, cls.benefit, cls.person)

    def add_url(self, case=None):
        return (
            reverse("casework_resources:add") + f"?expedient={(case or self.case).pk}"
        )

    def post_data(self, **extra):
        return {
            "benefit": self.benefit.pk,
            "state": ResourceState.PRE_ASSIGNED,
            "promoting_entity": 0,
            "target_group": 0,
            "sad_kind": 0,
            "pending_bills": 0,
            "holder": self.person.pk,
            **extra,
        }

    def test_adding_without_a_problem_saves_and_warns(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(self.add_url(), self.post_data(amount="12.50"))
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertEqual(Resource.objects.filter(expedient=self.case).count(), 2)
        levels = [m.level_tag for m in get_messages(response.wsgi_request)]
        self.assertIn("warning", levels)

    def test_the_energy_block_is_refused_for_other_benefits(self):
        self.client.force_login(self.t.worker)
        response = self.client.post(
            self.add_url(), self.post_data(aid_previous_year="true")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Resource.objects.filter(expedient=self.case).count(), 1)

    def test_a_required_field_of_the_energy_block_applies_only_to_supplies(self):
        CustomField.objects.create(
            area=self.t.area,
            form="resource",
            key="supplier",
            label_ca="Companyia subministradora",
            field_type=CustomFieldType.TEXT,
            section="energy",
            required=True,
        )
        supply = BenefitFactory(is_energy_supply=True)
        self.client.force_login(self.t.worker)
        # Another benefit: the block is hidden, the field neither required
        # nor kept (a value left in it is not stored).
        response = self.client.post(
            self.add_url(), self.post_data(cf_supplier="Aigües")
        )
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        self.assertEqual(Resource.objects.latest("pk").extra, {})
        # A household supply: required, refused beside the field in the block,
        # which the page shows (the rule reads the benefit chosen).
        refused = self.client.post(self.add_url(), self.post_data(benefit=supply.pk))
        self.assertEqual(refused.status_code, 200)
        self.assertIn("cf_supplier", refused.context["form"].errors)
        html = refused.content.decode()
        block = html.index("data-w-rules-show")
        self.assertLess(block, html.index('name="cf_supplier"'))
        self.assertIn(f'<option value="{supply.pk}" selected>', html)
        self.assertEqual(Resource.objects.filter(benefit=supply).count(), 0)
        saved = self.client.post(
            self.add_url(), self.post_data(benefit=supply.pk, cf_supplier="Aigües")
        )
        self.assertEqual(saved.status_code, 302)
        self.assertEqual(
            Resource.objects.get(benefit=supply).extra, {"supplier": "Aigües"}
        )

    def test_owner_teammate_and_coordinator_open_it(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            self.client.force_login(user)
            edit = reverse("casework_resources:edit", args=[self.resource.pk])
            self.assertEqual(self.client.get(edit).status_code, 200, user)
            self.assertEqual(self.client.get(self.add_url()).status_code, 200, user)

    def test_outsider_and_other_area_get_404(self):
        elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        for user in (self.t.outsider, elsewhere):
            self.client.force_login(user)
            edit = reverse("casework_resources:edit", args=[self.resource.pk])
            self.assertEqual(self.client.get(edit).status_code, 404, user)
            self.assertEqual(self.client.get(self.add_url()).status_code, 404, user)

    def test_administrative_roles_never_see_resources(self):
        auxiliar = professional(roles.AUXILIAR, area=self.t.area)
        auxiliar.teams.add(self.t.team)
        for user in (self.t.administrative, auxiliar):
            self.client.force_login(user)
            edit = reverse("casework_resources:edit", args=[self.resource.pk])
            self.assertEqual(self.client.get(edit).status_code, 404, user)
            listing = self.client.get(reverse("casework_resources:index"))
            self.assertNotEqual(listing.status_code, 200, user)
            self.assertFalse(user.has_perm("casework.view_resource"))
            self.assertFalse(user.has_perm("casework.view_actuacio"))

    def test_the_listing_is_filtered_by_expedient_and_exports(self):
        other = basic_case(self.t, resident(self.t, first_name="Pau"))
        add_resource(self.t, other, self.benefit, other.links.get().person)
        self.client.force_login(self.t.worker)
        url = reverse("casework_resources:index") + f"?expedient={self.case.pk}"
        response = self.client.get(url)
        self.assertEqual(list(response.context["object_list"]), [self.resource])
        export = self.client.get(url + "&export=xlsx")
        self.assertEqual(export.status_code, 200)

    def test_the_listing_and_the_tab_keep_their_query_count(self):
        self.client.force_login(self.t.worker)
        url = reverse("casework_resources:index") + f"?expedient={self.case.pk}"
        self.client.get(url)  # warm the caches (content types, permissions)
        render_tab(resources_tab_context, self.t.worker, self.case)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
            render_tab(resources_tab_context, self.t.worker, self.case)
        partner = resident(self.t, first_name="Joan")
        LinkedPerson.objects.create(expedient=self.case, person=partner)
        for _ in range(3):
            add_resource(
                self.t, self.case, self.benefit, partner, state=ResourceState.GRANTED
            )
        with self.assertNumQueries(len(one)):
            self.client.get(url)
            render_tab(resources_tab_context, self.t.worker, self.case)


@STAND_IN
class TramitScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t)
        cls.case = basic_case(cls.t, cls.person)
        cls.type = TramitTypeFactory(pre_assigns=BenefitFactory())

    def add_url(self):
        return reverse("casework_tramits:add") + f"?expedient={self.case.pk}"

    def test_an_administrative_officer_registers_one_and_sees_no_resource(self):
        self.client.force_login(self.t.administrative)
        response = self.client.post(
            self.add_url(),
            {
                "type": self.type.pk,
                "scope": 1,
                "state": TramitState.PROCESSED,
                "processed_on": "2026-03-02",
                "holder": self.person.pk,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        tramit = Tramit.objects.get(expedient=self.case)
        self.assertTrue(Resource.objects.filter(tramit=tramit).exists())
        html = render_tab(tramits_tab_context, self.t.administrative, self.case)
        self.assertIn(self.type.name, html)
        self.assertNotIn(reverse("casework_resources:index"), html)
        self.client.force_login(self.t.administrative)
        resource = Resource.objects.get(tramit=tramit)
        edit = reverse("casework_resources:edit", args=[resource.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)

    def test_owner_teammate_ok_outsider_and_other_area_404(self):
        tramit = add_tramit(self.t, self.case, self.type, self.person)
        edit = reverse("casework_tramits:edit", args=[tramit.pk])
        for user, status in (
            (self.t.worker, 200),
            (self.t.teammate, 200),
            (self.t.outsider, 404),
            (professional(roles.TECNIC, area=AreaFactory()), 404),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(edit).status_code, status, user)

    def test_granting_from_the_edit_form_grants_the_resource(self):
        tramit = add_tramit(self.t, self.case, self.type, self.person)
        self.client.force_login(self.t.worker)
        response = self.client.post(
            reverse("casework_tramits:edit", args=[tramit.pk]),
            {
                "type": self.type.pk,
                "scope": 1,
                "state": TramitState.GRANTED,
                "processed_on": "2026-03-02",
                "holder": self.person.pk,
                "expected_version": tramit.version,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertEqual(
            Resource.objects.get(tramit=tramit).state, ResourceState.GRANTED
        )

    def test_a_stale_form_is_refused_with_a_message(self):
        tramit = add_tramit(self.t, self.case, self.type, self.person)
        Tramit.objects.filter(pk=tramit.pk).update(version=5)
        self.client.force_login(self.t.worker)
        response = self.client.post(
            reverse("casework_tramits:edit", args=[tramit.pk]),
            {
                "type": self.type.pk,
                "scope": 1,
                "state": TramitState.DENIED,
                "processed_on": "2026-03-02",
                "holder": self.person.pk,
                "expected_version": 1,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Tramit.objects.get(pk=tramit.pk).state, TramitState.PROCESSED)

    def test_the_listing_and_the_tab_keep_their_query_count(self):
        add_tramit(self.t, self.case, self.type, self.person)
        self.client.force_login(self.t.worker)
        url = reverse("casework_tramits:index") + f"?expedient={self.case.pk}"
        self.client.get(url)  # warm the caches (content types, permissions)
        render_tab(tramits_tab_context, self.t.worker, self.case)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
            render_tab(tramits_tab_context, self.t.worker, self.case)
        for _ in range(3):
            add_tramit(self.t, self.case, self.type, self.person)
        with self.assertNumQueries(len(one)):
            self.client.get(url)
            render_tab(tramits_tab_context, self.t.worker, self.case)
