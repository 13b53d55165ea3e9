"""Organisation rules: professionals, teams, deregistration, area settings."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.holdings import register_holding, unregister_holding
from configuration.models import AreaSettings, Team, User, WorkSchedule
from configuration.services import (
    assignable_roles,
    professional_deregister,
    professional_reactivate,
)
from tests.factories import (
    AreaFactory,
    SectorFactory,
    TeamFactory,
    UserFactory,
    WorkScheduleFactory,
    professional,
)


class DeregisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.worker = professional(roles.TECNIC, area=cls.area)

    def tearDown(self):
        unregister_holding("test-expedients")

    def test_it_stops_sign_in_and_keeps_the_row(self):
        professional_deregister(professional=self.worker, acting_user=self.coordinator)
        self.worker.refresh_from_db()
        self.assertFalse(self.worker.is_active)
        self.assertIsNotNone(self.worker.deregistered_at)
        self.assertFalse(
            self.client.login(username=self.worker.username, password="x" * 20)
        )

    def test_it_is_refused_while_the_professional_holds_records(self):
        register_holding(
            "test-expedients", label="expedients oberts", count=lambda user: 3
        )
        with self.assertRaises(ValidationError) as raised:
            professional_deregister(
                professional=self.worker, acting_user=self.coordinator
            )
        message = " ".join(raised.exception.messages)
        self.assertIn("3 expedients oberts", message)
        self.assertIn("eina de traspàs", message)  # Catalan, the default language
        self.worker.refresh_from_db()
        self.assertTrue(self.worker.is_active)

    def test_nobody_deregisters_themselves(self):
        with self.assertRaises(ValidationError):
            professional_deregister(
                professional=self.coordinator, acting_user=self.coordinator
            )

    def test_reactivating_restores_sign_in(self):
        professional_deregister(professional=self.worker, acting_user=self.coordinator)
        professional_reactivate(professional=self.worker, acting_user=self.coordinator)
        self.worker.refresh_from_db()
        self.assertTrue(self.worker.is_active)
        self.assertIsNone(self.worker.deregistered_at)

    def test_the_admin_action_shows_the_refusal(self):
        register_holding("test-expedients", label="expedients", count=lambda u: 2)
        self.client.force_login(self.coordinator)
        url = reverse("wagtailusers_users:deregister", args=[self.worker.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "2 expedients")
        self.assertTrue(User.objects.get(pk=self.worker.pk).is_active)

    def test_a_technician_cannot_deregister(self):
        other = professional(roles.TECNIC, area=self.area)
        self.client.force_login(other)
        url = reverse("wagtailusers_users:deregister", args=[self.worker.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(User.objects.get(pk=self.worker.pk).is_active)


class AssignableRolesTests(TestCase):
    def test_a_coordinator_gives_neither_administrator_nor_support(self):
        coordinator = professional(roles.COORDINADOR)
        keys = {role.key for role in assignable_roles(coordinator)}
        self.assertNotIn("administrador", keys)
        self.assertNotIn("suport", keys)
        self.assertIn("tecnic", keys)

    def test_an_administrator_gives_every_role_but_support(self):
        administrator = professional(roles.ADMINISTRADOR)
        keys = {role.key for role in assignable_roles(administrator)}
        self.assertEqual(keys, {r.key for r in roles.ROLES} - {"suport"})

    def test_a_technician_gives_none(self):
        self.assertEqual(assignable_roles(professional(roles.TECNIC)), ())


class ProfessionalScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.team = TeamFactory(area=cls.area)
        cls.other_team = TeamFactory()  # another area
        cls.administrator = professional(roles.ADMINISTRADOR, area=cls.area)
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)

    def post_new(self, **overrides):
        data = {
            "username": "nova",
            "email": "nova@example.invalid",
            "first_name": "Nova",
            "last_name": "Professional",
            "password1": "a-long-new-password-42",
            "password2": "a-long-new-password-42",
            "identity_document": "",
            "phone": "",
            "calendar_colour": "#336699",
            "teams": [self.team.pk],
            "groups": [Group.objects.get(name=roles.TECNIC.name).pk],
        }
        data.update(overrides)
        return self.client.post(reverse("wagtailusers_users:add"), data)

    def test_an_administrator_creates_a_professional_in_their_area(self):
        self.client.force_login(self.administrator)
        response = self.post_new()
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        created = User.objects.get(username="nova")
        self.assertEqual(created.area, self.area)
        self.assertEqual(list(created.teams.all()), [self.team])
        self.assertEqual(created.role_names, roles.TECNIC.name)

    def test_a_professional_needs_a_team(self):
        self.client.force_login(self.administrator)
        response = self.post_new(teams=[])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="nova").exists())

    def test_another_areas_team_cannot_be_posted(self):
        self.client.force_login(self.administrator)
        response = self.post_new(teams=[self.other_team.pk])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="nova").exists())

    def test_a_coordinator_cannot_create_professionals(self):
        self.client.force_login(self.coordinator)
        response = self.post_new()
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertFalse(User.objects.filter(username="nova").exists())

    def test_a_coordinator_cannot_grant_the_administrator_role(self):
        worker = professional(roles.TECNIC, area=self.area)
        worker.teams.add(self.team)
        self.client.force_login(self.coordinator)
        admin_group = Group.objects.get(name=roles.ADMINISTRADOR.name)
        response = self.client.post(
            reverse("wagtailusers_users:edit", args=[worker.pk]),
            {
                "username": worker.username,
                "email": worker.email,
                "first_name": worker.first_name,
                "last_name": worker.last_name,
                "calendar_colour": "#123456",
                "teams": [self.team.pk],
                "groups": [admin_group.pk],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(worker.role_names, roles.TECNIC.name)

    def test_the_listing_sorts_surnames_as_catalan_readers_do(self):
        for surname in ("Zamora", "Ávila", "Bosch", "àlvarez"):
            professional(roles.TECNIC, area=self.area, last_name=surname)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("wagtailusers_users:index"))
        html = response.content.decode()
        positions = [html.index(name) for name in ("àlvarez", "Ávila", "Bosch")]
        self.assertEqual(positions, sorted(positions))
        self.assertLess(html.index("Bosch"), html.index("Zamora"))

    def test_the_listing_shows_only_the_area(self):
        outsider = professional(roles.TECNIC)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("wagtailusers_users:index"))
        self.assertContains(response, self.administrator.username)
        self.assertNotContains(response, outsider.username)


class TeamRulesTests(TestCase):
    def test_a_team_name_is_unique_within_an_area(self):
        team = TeamFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Team.objects.create(area=team.area, name=team.name)
        TeamFactory(name=team.name)  # another area may reuse it

    def test_an_administrator_creates_a_team_in_their_area_sectors_only(self):
        area = AreaFactory()
        administrator = professional(roles.ADMINISTRADOR, area=area)
        own, foreign = SectorFactory(area=area), SectorFactory()
        self.client.force_login(administrator)
        url = reverse("team:add")
        data = {"name": "Equip nou", "kind": "territorial", "is_active": "on"}
        response = self.client.post(url, {**data, "sectors": [foreign.pk]})
        self.assertEqual(response.status_code, 200)
        response = self.client.post(url, {**data, "sectors": [own.pk]})
        self.assertEqual(response.status_code, 302)
        team = Team.objects.get(name="Equip nou")
        self.assertEqual((team.area, list(team.sectors.all())), (area, [own]))


class WorkScheduleTests(TestCase):
    def test_it_must_end_after_it_starts(self):
        schedule = WorkScheduleFactory.build(
            professional=UserFactory(), sector=SectorFactory()
        )
        schedule.ends_at = schedule.starts_at
        with self.assertRaises(ValidationError):
            schedule.full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            schedule.save()
        self.assertFalse(WorkSchedule.objects.exists())


class AreaSettingsTests(TestCase):
    def test_a_coordinator_edits_the_areas_deadline(self):
        area = AreaFactory()
        settings_row = AreaSettings.objects.create(area=area)
        coordinator = professional(roles.COORDINADOR, area=area)
        self.client.force_login(coordinator)
        url = reverse("areasettings:edit", args=[settings_row.pk])
        response = self.client.post(
            url, {"actuacio_edit_days": 15, "plan_expiry_warning_days": 20}
        )
        self.assertEqual(response.status_code, 302)
        settings_row.refresh_from_db()
        self.assertEqual(settings_row.actuacio_edit_days, 15)

    def test_creating_an_area_creates_its_settings(self):
        from configuration.models import LocalBody

        body = LocalBody.objects.create(name="Ajuntament de Prova", kind="ajuntament")
        superuser = UserFactory(is_superuser=True, area=None)
        self.client.force_login(superuser)
        response = self.client.post(
            reverse("area:add"), {"local_body": body.pk, "name": "ABSS X", "code": "X"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AreaSettings.objects.filter(area__code="X").exists())
