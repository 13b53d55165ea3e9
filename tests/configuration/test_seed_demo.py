from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from configuration import roles
from configuration.demo import DEMO_PASSWORD, DEMO_PROFESSIONALS, DEMO_SUPERUSER
from configuration.models import Area, User


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


class SeedDemoTests(TestCase):
    def test_it_creates_one_login_per_role_with_the_demo_password(self):
        seed()
        for username, role, _area, _feminine in DEMO_PROFESSIONALS:
            user = User.objects.get(username=username)
            self.assertTrue(user.check_password(DEMO_PASSWORD), username)
            self.assertEqual(
                list(user.groups.values_list("name", flat=True)), [role.name]
            )
        held = {role.name for _, role, _, _ in DEMO_PROFESSIONALS}
        self.assertEqual(held, {role.name for role in roles.ROLES})
        # Issue 17.5: a superuser login imports the shared official lists.
        superuser = User.objects.get(username=DEMO_SUPERUSER)
        self.assertTrue(superuser.is_superuser)
        self.assertIsNone(superuser.area)
        self.assertTrue(superuser.check_password(DEMO_PASSWORD))

    def test_running_it_twice_changes_nothing(self):
        from casework.modules.sad.models import HomeCareCase, HomeCareEvent
        from casework.modules.siad.models import WomensServiceCase

        seed()
        before = list(User.objects.order_by("pk").values())
        modules = [
            list(model.objects.order_by("pk").values_list("pk", flat=True))
            for model in (HomeCareCase, HomeCareEvent, WomensServiceCase)
        ]
        self.assertTrue(all(modules))
        output = seed()
        self.assertIn("Demo data: created 0, updated 0,", output)
        self.assertEqual(list(User.objects.order_by("pk").values()), before)
        self.assertEqual(
            [
                list(model.objects.order_by("pk").values_list("pk", flat=True))
                for model in (HomeCareCase, HomeCareEvent, WomensServiceCase)
            ],
            modules,
        )

    def test_coordinadora2_works_in_another_area(self):
        seed()
        first = User.objects.get(username="coordinadora").area
        second = User.objects.get(username="coordinadora2").area
        self.assertNotEqual(first, second)
        self.assertEqual(Area.objects.count(), 2)

    def test_it_prints_the_logins(self):
        output = seed()
        self.assertIn(f"password: {DEMO_PASSWORD}", output)
        for username, *_ in DEMO_PROFESSIONALS:
            self.assertIn(username, output)

    def test_demo_people_have_generated_names(self):
        seed()
        names = set(User.objects.values_list("first_name", "last_name"))
        self.assertEqual(len(names), len(DEMO_PROFESSIONALS) + 1)  # + superusuari
        self.assertNotIn(("", ""), names)

    @override_settings(LLAR_DEMO_ALLOWED=False)
    def test_it_refuses_where_settings_do_not_allow_demo_data(self):
        with self.assertRaisesMessage(CommandError, "LLAR_DEMO_ALLOWED"):
            seed()
        self.assertFalse(User.objects.exists())
