from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import TestCase

from configuration import roles
from configuration.services import roles_sync


class RolesSyncTests(TestCase):
    def test_it_creates_one_group_per_role_with_its_permissions(self):
        roles_sync()
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)),
            {role.name for role in roles.ROLES},
        )
        coordinator = Group.objects.get(name=roles.COORDINADOR.name)
        self.assertIn(
            "access_admin", coordinator.permissions.values_list("codename", flat=True)
        )

    def test_it_names_every_role_the_configuration_issue_lists(self):
        self.assertEqual(
            [role.name for role in roles.ROLES],
            [
                "Auxiliar administratiu/va",
                "Administratiu/va tècnic/a",
                "Tècnic/a de serveis socials (TS/ES)",
                "Treballador/a familiar",
                "Tècnic/a SIAD",
                "Gestor/a de SAD",
                "Tècnic/a d'immigració",
                "Tècnic/a d'EAIA",
                "Coordinador/a",
                "Administrador/a",
                "Suport",
                "Alumne/a",
            ],
        )

    def test_a_second_run_changes_nothing(self):
        roles_sync()
        result = roles_sync()
        self.assertEqual(result.created, [])
        self.assertEqual(result.updated, [])
        self.assertEqual(len(result.unchanged), len(roles.ROLES))

    def test_it_removes_permissions_added_by_hand(self):
        roles_sync()
        group = Group.objects.get(name=roles.ALUMNE.name)
        group.permissions.add(Permission.objects.get(codename="delete_group"))
        result = roles_sync()
        self.assertEqual(result.updated, [roles.ALUMNE.name])
        self.assertNotIn(
            "delete_group", group.permissions.values_list("codename", flat=True)
        )

    def test_it_refuses_a_role_that_names_a_missing_permission(self):
        broken = roles.Role(key="x", name="X", permissions=("nowhere.fly",))
        with self.assertRaisesMessage(ImproperlyConfigured, "nowhere.fly"):
            roles_sync(roles=(broken,))
        self.assertFalse(Group.objects.filter(name="X").exists())

    def test_the_command_reports_what_it_did(self):
        from io import StringIO

        out = StringIO()
        call_command("sync_roles", stdout=out)
        call_command("sync_roles", stdout=out)
        self.assertIn("Roles: created 12, updated 0, unchanged 0", out.getvalue())
        self.assertIn("Roles: created 0, updated 0, unchanged 12", out.getvalue())
