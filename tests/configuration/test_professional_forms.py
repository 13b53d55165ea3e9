"""The professional form and the team screen (issue 17, items 1 and 3).

A professional is saved with their teams through the form as a person fills it
in; a team shows and changes its members within the area, audited, without
leaving an active professional out of every team.
"""

from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.models import Team, User
from tests.factories import AreaFactory, SectorFactory, TeamFactory, professional

TEAM_CHECKBOX = 'name="teams" value="%d"'


def rendered_data(response) -> dict:
    """The data a browser would post back from the rendered form, unchanged."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        data[name] = value
    return data


class ProfessionalFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.team = TeamFactory(area=cls.area, name="Equip Nord")
        cls.second = TeamFactory(area=cls.area, name="Equip Sud")
        cls.retired = TeamFactory(area=cls.area, name="Equip antic", is_active=False)
        cls.foreign = TeamFactory(name="Equip d'una altra àrea")
        cls.administrator = professional(roles.ADMINISTRADOR, area=cls.area)
        cls.administrator.teams.add(cls.team)
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.coordinator.teams.add(cls.team)
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.worker.teams.add(cls.team)

    def test_the_add_form_offers_the_areas_active_teams(self):
        self.client.force_login(self.administrator)
        response = self.client.get(reverse("wagtailusers_users:add"))
        self.assertContains(response, TEAM_CHECKBOX % self.team.pk)
        self.assertContains(response, TEAM_CHECKBOX % self.second.pk)
        self.assertNotContains(response, TEAM_CHECKBOX % self.retired.pk)
        self.assertNotContains(response, TEAM_CHECKBOX % self.foreign.pk)

    def test_the_edit_form_shows_the_teams_ticked(self):
        self.client.force_login(self.coordinator)
        url = reverse("wagtailusers_users:edit", args=[self.worker.pk])
        response = self.client.get(url)
        self.assertContains(response, TEAM_CHECKBOX % self.team.pk)
        self.assertEqual(
            [int(pk) for pk in response.context["form"]["teams"].value()],
            [self.team.pk],
        )

    def test_a_coordinator_changes_colour_and_teams_through_the_form(self):
        self.client.force_login(self.coordinator)
        url = reverse("wagtailusers_users:edit", args=[self.worker.pk])
        data = rendered_data(self.client.get(url))
        data.update(calendar_colour="#aa3300", teams=[self.second.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.calendar_colour, "#aa3300")
        self.assertEqual(list(self.worker.teams.all()), [self.second])

    def test_an_inactive_team_the_professional_is_in_is_kept(self):
        self.worker.teams.add(self.retired)
        self.client.force_login(self.coordinator)
        url = reverse("wagtailusers_users:edit", args=[self.worker.pk])
        response = self.client.get(url)
        self.assertContains(response, TEAM_CHECKBOX % self.retired.pk)
        response = self.client.post(url, rendered_data(response))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(self.worker.teams.all()), {self.team, self.retired})


class TeamMembersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.sector = SectorFactory(area=cls.area)
        cls.team = TeamFactory(area=cls.area, name="Equip Nord")
        cls.team.sectors.add(cls.sector)
        cls.other_team = TeamFactory(area=cls.area, name="Equip Sud")
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.coordinator.teams.add(cls.team)
        cls.both = professional(roles.TECNIC, area=cls.area)
        cls.both.teams.add(cls.team, cls.other_team)
        cls.only_here = professional(roles.TECNIC, area=cls.area)
        cls.only_here.teams.add(cls.team)
        cls.newcomer = professional(roles.TECNIC, area=cls.area)
        cls.newcomer.teams.add(cls.other_team)
        cls.outsider = professional(roles.TECNIC)  # another area

    def edit(self, members):
        self.client.force_login(self.coordinator)
        url = reverse("team:edit", args=[self.team.pk])
        data = rendered_data(self.client.get(url))
        data["members"] = [m.pk for m in members]
        return self.client.post(url, data)

    def test_the_edit_screen_shows_the_members(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("team:edit", args=[self.team.pk]))
        ticked = {int(pk) for pk in response.context["form"]["members"].value()}
        self.assertEqual(ticked, {self.coordinator.pk, self.both.pk, self.only_here.pk})
        self.assertNotContains(response, str(self.outsider))

    def test_the_listing_names_the_members_in_constant_queries(self):
        self.client.force_login(self.coordinator)
        url = reverse("team:index")
        self.client.get(url)  # warm caches
        with self.assertNumQueries(self.listing_queries()):
            response = self.client.get(url)
        self.assertContains(response, str(self.only_here))
        for _n in range(5):
            extra = TeamFactory(area=self.area)
            extra.members.add(professional(roles.TECNIC, area=self.area))
        with self.assertNumQueries(self.listing_queries()):
            self.client.get(url)

    def listing_queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(reverse("team:index"))
        return len(captured)

    def test_a_coordinator_adds_and_removes_members(self):
        response = self.edit([self.coordinator, self.only_here, self.newcomer])
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(self.team.members.all()),
            {self.coordinator, self.only_here, self.newcomer},
        )
        self.assertEqual(list(self.both.teams.all()), [self.other_team])
        # Written on each professional, under professional changes.
        entries = LogEntry.objects.get_for_object(self.newcomer).filter(
            changes__has_key="teams", actor=self.coordinator
        )
        self.assertEqual(entries.count(), 1)
        self.assertTrue(
            LogEntry.objects.get_for_object(self.both)
            .filter(changes__has_key="teams")
            .exists()
        )

    def test_nobody_is_left_without_a_team(self):
        response = self.edit([self.coordinator, self.both])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(self.only_here))
        self.assertIn(self.only_here, self.team.members.all())

    def test_a_deregistered_member_may_leave(self):
        User.objects.filter(pk=self.only_here.pk).update(is_active=False)
        response = self.edit([self.coordinator, self.both])
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(self.only_here, self.team.members.all())

    def test_another_areas_professional_cannot_be_posted(self):
        response = self.edit(
            [self.coordinator, self.both, self.only_here, self.outsider]
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.outsider, self.team.members.all())

    def test_another_areas_team_answers_404(self):
        foreign = TeamFactory()
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("team:edit", args=[foreign.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_technician_gets_404_on_the_team(self):
        self.client.force_login(self.only_here)
        response = self.client.get(reverse("team:edit", args=[self.team.pk]))
        self.assertEqual(response.status_code, 404)


class WhoAddsTeamsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.administrator = professional(roles.ADMINISTRADOR, area=cls.area)

    def test_the_coordinator_is_told_who_adds_teams(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("team:index"))
        self.assertIn("who_adds_teams", response.context)
        self.assertNotContains(response, reverse("team:add"))
        response = self.client.post(reverse("team:add"), {"name": "Nou"})
        self.assertFalse(Team.objects.filter(name="Nou").exists())

    def test_the_administrator_adds_teams_with_members(self):
        worker = professional(roles.TECNIC, area=self.area)
        sector = SectorFactory(area=self.area)
        self.client.force_login(self.administrator)
        response = self.client.get(reverse("team:index"))
        self.assertNotIn("who_adds_teams", response.context)
        self.assertContains(response, reverse("team:add"))
        response = self.client.post(
            reverse("team:add"),
            {
                "name": "Equip nou",
                "kind": "thematic",
                "sectors": [sector.pk],
                "is_active": "on",
                "members": [worker.pk],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(Team.objects.get(name="Equip nou").members.all()), [worker]
        )
