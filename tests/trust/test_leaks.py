"""The four leaks of issue 16 (a trainee looking people up, a filter naming
another area's person, Wagtail's usage and copy views of professionals), each
probed as it was found."""

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.audit.trail import SEARCH_EVENT
from directory.models import Person
from tests.factories import professional
from tests.factories.casework import basic_case, resident, territory

PERSON_READERS = {
    roles.AUXILIAR.key,
    roles.ADMINISTRATIU.key,
    roles.TECNIC.key,
    roles.TECNIC_SIAD.key,
    roles.GESTOR_SAD.key,
    roles.TECNIC_IMMIGRACIO.key,
    roles.TECNIC_EAIA.key,
    roles.TREBALLADOR_FAMILIAR.key,
    roles.COORDINADOR.key,
    roles.ADMINISTRADOR.key,
}


def role_users(area) -> dict:
    return {role.key: professional(role, area=area) for role in roles.ROLES}


class PersonChooserTests(TestCase):
    """Item 1: the chooser answers only roles that may read persons, and its
    searches and picks are audited like the desk's."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t, first_name="Quiteria", document_number="12345678Z")
        cls.users = role_users(cls.t.area)

    def urls(self) -> dict:
        results = reverse("person_chooser:choose_results")
        return {
            "choose": reverse("person_chooser:choose"),
            "by_document": f"{results}?q=12345678Z",
            "by_letter": f"{results}?q=q",
            "chosen": reverse("person_chooser:chosen", args=[self.person.pk]),
            "chosen_multiple": reverse("person_chooser:chosen_multiple")
            + f"?id={self.person.pk}",
        }

    def test_roles_that_may_not_read_persons_get_404(self):
        for key, user in self.users.items():
            self.client.force_login(user)
            urls = {**self.urls(), "create": reverse("person_chooser:create")}
            for view, url in urls.items():
                with self.subTest(role=key, view=view):
                    response = self.client.get(url)
                    if key in PERSON_READERS and view != "create":
                        self.assertEqual(response.status_code, 200)
                    elif key not in PERSON_READERS:
                        self.assertEqual(response.status_code, 404)
                        self.assertNotContains(response, "Quiteria", status_code=404)

    def test_a_search_that_lists_people_is_one_audit_entry(self):
        worker = self.users[roles.TECNIC.key]
        self.client.force_login(worker)
        url = reverse("person_chooser:choose_results") + "?q=quiteria"
        self.assertContains(self.client.get(url), "Quiteria")
        entry = LogEntry.objects.get(actor=worker, additional_data__event=SEARCH_EVENT)
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)
        self.assertEqual(entry.additional_data["rows"], 1)
        self.assertEqual(entry.additional_data["criteria"], {"q": "quiteria"})
        # Nobody found, nobody read: no entry.
        self.client.get(reverse("person_chooser:choose_results") + "?q=zzzz")
        self.assertEqual(LogEntry.objects.filter(actor=worker).count(), 1)

    def test_a_pick_is_a_read_of_that_record(self):
        worker = self.users[roles.TECNIC.key]
        self.client.force_login(worker)
        url = reverse("person_chooser:chosen", args=[self.person.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        entry = LogEntry.objects.get(actor=worker)
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)
        self.assertEqual(entry.object_pk, str(self.person.pk))
        self.assertEqual(entry.content_type.model_class(), Person)


class ExpedientChooserTests(TestCase):
    """Item 1, the other choosers of personal data: the tools' expedient
    choosers answer coordinators only and audit what they list and pick."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t, resident(cls.t, surname1="Quintana"))
        cls.users = role_users(cls.t.area)
        cls.users[roles.COORDINADOR.key].teams.add(cls.t.team)

    def test_only_coordinators_reach_them(self):
        for namespace in ("tool_expedient_chooser", "tool_open_expedient_chooser"):
            urls = (
                reverse(f"{namespace}:choose"),
                reverse(f"{namespace}:choose_results") + "?q=quintana",
                reverse(f"{namespace}:chosen", args=[self.case.pk]),
            )
            for key, user in self.users.items():
                self.client.force_login(user)
                for url in urls:
                    with self.subTest(role=key, url=url):
                        wanted = 200 if key == roles.COORDINADOR.key else 404
                        self.assertEqual(self.client.get(url).status_code, wanted)

    def test_searches_and_picks_are_audited(self):
        coordinator = self.users[roles.COORDINADOR.key]
        self.client.force_login(coordinator)
        url = reverse("tool_expedient_chooser:choose_results") + "?q=quintana"
        self.assertContains(self.client.get(url), self.case.number)
        search = LogEntry.objects.get(actor=coordinator)
        self.assertEqual(search.additional_data["event"], SEARCH_EVENT)
        self.assertEqual(search.additional_data["rows"], 1)
        LogEntry.objects.filter(actor=coordinator).delete()
        chosen = reverse("tool_expedient_chooser:chosen", args=[self.case.pk])
        self.assertEqual(self.client.get(chosen).status_code, 200)
        pick = LogEntry.objects.get(actor=coordinator)
        self.assertEqual(pick.action, LogEntry.Action.ACCESS)
        self.assertEqual(pick.object_pk, str(self.case.pk))


class ProfessionalObjectViewsTests(TestCase):
    """Items 3 and 4: Wagtail's per-object views of professionals answer 404
    outside scope for every role, and copying a professional is off."""

    @classmethod
    def setUpTestData(cls):
        cls.t, cls.elsewhere = territory(), territory()
        cls.users = role_users(cls.t.area)
        cls.own = cls.t.worker
        cls.foreign = professional(roles.TECNIC, area=cls.elsewhere.area)
        cls.foreign.last_name = "Forastera"
        cls.foreign.save()

    def test_another_areas_professional_is_as_unknown_as_a_missing_one(self):
        for view in ("usage", "history", "history_results", "edit", "delete"):
            for key, user in self.users.items():
                self.client.force_login(user)
                foreign = reverse(f"wagtailusers_users:{view}", args=[self.foreign.pk])
                missing = reverse(f"wagtailusers_users:{view}", args=[999_999])
                with self.subTest(view=view, role=key):
                    response = self.client.get(foreign)
                    self.assertEqual(response.status_code, 404)
                    self.assertEqual(self.client.get(missing).status_code, 404)
                    self.assertNotContains(response, "Forastera", status_code=404)

    def test_usage_of_an_own_areas_professional_by_role(self):
        url = reverse("wagtailusers_users:usage", args=[self.own.pk])
        for key, user in self.users.items():
            self.client.force_login(user)
            with self.subTest(role=key):
                wanted = (
                    200
                    if key in (roles.ADMINISTRADOR.key, roles.COORDINADOR.key)
                    else 404
                )
                self.assertEqual(self.client.get(url).status_code, wanted)

    def test_copying_a_professional_is_off(self):
        for pk in (self.own.pk, self.foreign.pk):
            for key, user in self.users.items():
                self.client.force_login(user)
                with self.subTest(role=key, pk=pk):
                    response = self.client.get(f"/admin/users/copy/{pk}/")
                    self.assertEqual(response.status_code, 404)


class FilterValueTests(TestCase):
    """Item 2: a listing's filter resolves the value in its URL only among the
    rows the user sees; another area's id is named nowhere."""

    @classmethod
    def setUpTestData(cls):
        cls.t, cls.elsewhere = territory(), territory()
        cls.own = resident(cls.t, first_name="Quirze")
        cls.foreign = resident(cls.elsewhere, first_name="Forasteru")

    def test_the_registres_person_filter_names_only_a_person_of_the_area(self):
        self.client.force_login(self.t.coordinator)
        url = reverse("registres:index")
        own = self.client.get(url, {"person": self.own.pk})
        self.assertContains(own, "Quirze")
        for value in (self.foreign.pk, "abc", "99999999999999999999"):
            with self.subTest(value=value):
                response = self.client.get(url, {"person": value})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Forasteru")

    def test_a_refused_form_does_not_name_the_person_posted(self):
        worker = self.t.worker
        self.client.force_login(worker)
        url = reverse("kinship:add") + f"?person={self.own.pk}"
        response = self.client.post(
            url,
            {"person": self.own.pk, "kind": "sibling", "relative": self.foreign.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertNotContains(response, "Forasteru")

    def test_the_expedients_link_form_refused_does_not_name_the_person_posted(self):
        case = basic_case(self.t, self.own)
        self.client.force_login(self.t.worker)
        url = reverse("casework_expedient_person_add", args=[case.pk])
        for value in (self.foreign.pk, "abc"):
            with self.subTest(value=value):
                response = self.client.post(url, {"person": value})
                self.assertIn(response.status_code, (200, 302))
                self.assertNotContains(response, "Forasteru", status_code=200)
