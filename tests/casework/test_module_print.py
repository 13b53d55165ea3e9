"""Printing the expedients of the modules (issue #23, domain.md §8.3): each
module's own tabs print from its declaration (ModuleSpec.print_sections), the
Documents tab is offered on every module, and a role that may not see a tab
neither is offered nor gets its section."""

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from casework.modules import modules
from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaTerritoriality,
    EaiaThematicScope,
)
from casework.modules.eaia.services import eaia_actuacio_create, eaia_evolution_add
from casework.modules.immigration.services.actuacions import (
    immigration_actuacio_create,
)
from casework.modules.sad.enums import HomeCareEventKind as EventKind
from casework.modules.siad.services.actuacions import siad_actuacio_create
from casework.modules.siad.services.training import siad_training_assign
from configuration import roles
from tests.casework.eaia.data import eaia_world
from tests.casework.immigration.data import immigration_world
from tests.casework.sad.world import characteristics, open_case, propose, world
from tests.casework.siad.data import siad_world, training_resource
from tests.factories import UserFactory
from tests.website.test_learning import pdf_text


def print_url(case) -> str:
    return reverse("casework_expedient_print", args=[case.pk])


def without(role: roles.Role, *removed: str, area, team):
    """A professional holding `role`'s rights less `removed`."""
    group = Group.objects.create(name=f"{role.key} less {' '.join(removed)}")
    for name in set(role.permissions) - set(removed):
        app, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    user = UserFactory(area=area)
    user.groups.add(group)
    user.teams.add(team)
    return user


class PrintCase:
    def offered(self, user, case) -> list[str]:
        self.client.force_login(user)
        form = self.client.get(print_url(case)).context["form"]
        return [key for key, _label in form.fields["sections"].choices]

    def printed(self, user, case, sections) -> str:
        self.client.force_login(user)
        response = self.client.post(print_url(case), {"sections": sections})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return pdf_text(response.content)


class DeclarationTests(TestCase):
    def test_every_module_tab_prints_and_every_module_has_documents(self):
        from casework.expedient_pdf import SECTIONS

        for module in modules():
            with self.subTest(module.key):
                self.assertIn("documents", module.tabs)
                for tab in module.tabs:
                    printer = SECTIONS.get(tab) or module.printer(tab)
                    self.assertTrue(callable(printer), tab)


class SadPrintTests(PrintCase, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w)
        propose(
            cls.w,
            cls.case,
            EventKind.START,
            characteristics=characteristics(cls.w),
            on=date.today(),
        )

    def test_its_events_and_work_plans_print(self):
        keys = self.offered(self.w.t.worker, self.case)
        self.assertEqual(
            keys,
            [
                "cover",
                "persons",
                "sad_events",
                "sad_work_plans",
                "documents",
                "history",
            ],
        )
        text = self.printed(self.w.t.worker, self.case, keys)
        self.assertIn(str(self.w.t.worker), text)  # proposed by
        self.assertIn("Alta", text)  # the start event, in Catalan

    def test_a_role_without_the_events_neither_is_offered_nor_gets_them(self):
        user = without(
            roles.TECNIC,
            "casework.view_homecareevent",
            area=self.w.t.area,
            team=self.w.t.team,
        )
        keys = self.offered(user, self.case)
        self.assertNotIn("sad_events", keys)
        self.assertIn("sad_work_plans", keys)
        self.client.force_login(user)
        refused = self.client.post(print_url(self.case), {"sections": ["sad_events"]})
        self.assertTrue(refused.context["form"].errors["sections"])
        self.assertNotIn("Alta", self.printed(user, self.case, keys))


class SiadPrintTests(PrintCase, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        siad_actuacio_create(
            by=cls.w.owner, expedient=cls.w.case, topic="Acollida Zeta", text="Nota"
        )
        siad_training_assign(
            by=cls.w.owner,
            expedient=cls.w.case,
            resource=training_resource(cls.w.t.area, name="Taller Omega"),
        )

    def test_its_actuacions_and_training_print(self):
        keys = self.offered(self.w.owner, self.case)
        for key in ("siad_actuacions", "siad_training", "documents"):
            self.assertIn(key, keys)
        text = self.printed(self.w.owner, self.case, keys)
        self.assertIn("Acollida Zeta", text)
        self.assertIn("Taller Omega", text)

    @property
    def case(self):
        return self.w.case


class ImmigrationPrintTests(PrintCase, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = immigration_world()
        immigration_actuacio_create(
            by=cls.w.owner, expedient=cls.w.case, topic="Acollida Sigma"
        )

    def test_its_actuacions_and_training_print(self):
        keys = self.offered(self.w.owner, self.w.case)
        for key in ("immigration_actuacions", "immigration_training", "documents"):
            self.assertIn(key, keys)
        text = self.printed(self.w.owner, self.w.case, keys)
        self.assertIn("Acollida Sigma", text)

    def test_a_role_without_the_actuacions_does_not_print_them(self):
        user = without(
            roles.TECNIC_IMMIGRACIO,
            "casework.view_immigrationactuacio",
            area=self.w.t.area,
            team=self.w.t.team,
        )
        keys = self.offered(user, self.w.case)
        self.assertNotIn("immigration_actuacions", keys)
        self.assertIn("immigration_training", keys)
        self.assertNotIn("Acollida Sigma", self.printed(user, self.w.case, keys))


class EaiaPrintTests(PrintCase, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        eaia_evolution_add(
            by=cls.w.owner,
            expedient=cls.w.case,
            starts_on=date.today(),
            expedient_type=EaiaExpedientType.RISK,
            territoriality=EaiaTerritoriality.REFERENCE,
            administrative_situation="Estudi Kappa",
        )
        eaia_actuacio_create(
            by=cls.w.owner,
            expedient=cls.w.case,
            topic="Entrevista Lambda",
            place=cls.w.place,
            type=cls.w.kind,
            thematic_scope=EaiaThematicScope.FAMILY,
        )

    def test_its_evolution_and_actuacions_print(self):
        keys = self.offered(self.w.owner, self.w.case)
        for key in ("eaia_evolution", "eaia_actuacions", "documents"):
            self.assertIn(key, keys)
        text = self.printed(self.w.owner, self.w.case, keys)
        self.assertIn("Estudi Kappa", text)
        self.assertIn("Entrevista Lambda", text)

    def test_a_role_without_the_actuacions_does_not_print_them(self):
        user = without(
            roles.TECNIC_EAIA,
            "casework.view_eaiaactuacio",
            area=self.w.t.area,
            team=self.w.t.team,
        )
        keys = self.offered(user, self.w.case)
        self.assertNotIn("eaia_actuacions", keys)
        text = self.printed(user, self.w.case, keys)
        self.assertIn("Estudi Kappa", text)
        self.assertNotIn("Entrevista Lambda", text)
