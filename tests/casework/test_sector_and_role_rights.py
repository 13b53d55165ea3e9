"""Issue 16, items 13 and 14: the sector moves only by a transfer (technicians
within their teams' sectors, coordinators anywhere in the area), and the
front-desk assistant, the technical administrative officer and the family
worker each have their own rights (domain.md §2.2–§2.4, §4.5)."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.services.common import information_transfer_at
from casework.services.expedients import (
    ActionNotAllowed,
    expedient_reference_change,
    expedient_update,
)
from casework.tabs import expedient_url
from configuration import roles
from helpdesk.tools.services import expedient_information_transfer
from tests.factories import SectorFactory, professional
from tests.factories.casework import basic_case, territory

from .test_expedients_services import fresh


def transfer_url(case):
    return reverse("helpdesk_tools:expedient_transfer", args=[case.pk])


class SectorData:
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        # The worker's team works in two sectors; the other team in a third.
        cls.second = SectorFactory(area=cls.t.area)
        cls.t.team.sectors.add(cls.second)
        cls.case = basic_case(cls.t)  # in t.sector, the worker's reference
        cls.stranger = territory().coordinator


class CoverKeepsTheSectorTests(SectorData, TestCase):
    def test_the_cover_form_shows_sector_and_subsector_read_only(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(
            reverse("casework_expedients:edit", args=[self.case.pk])
        )
        form = response.context["form"]
        self.assertTrue(form.fields["sector"].disabled)
        self.assertTrue(form.fields["subsector"].disabled)

    def test_posting_another_sector_on_the_cover_moves_nothing(self):
        for user in (self.t.worker, self.t.administrative):
            case = fresh(self.case)
            self.client.force_login(user)
            self.client.post(
                reverse("casework_expedients:edit", args=[case.pk]),
                {
                    "family_name": "Nou nom",
                    "sector": self.t.other_sector.pk,
                    "reference_professional": case.reference_professional_id,
                    "family_type": case.family_type,
                    "family_residence": case.family_residence,
                    "stage": case.stage,
                    "risk_grade": case.risk_grade,
                    "expected_version": case.version,
                },
            )
            with self.subTest(user=user):
                self.assertEqual(fresh(self.case).sector, self.t.sector)
                self.assertIsNone(information_transfer_at(self.case.pk))

    def test_the_service_refuses_a_sector_change(self):
        case = fresh(self.case)
        case.sector = self.second
        with self.assertRaises(ValidationError):
            expedient_update(case=case, acting_user=self.t.coordinator)
        self.assertEqual(fresh(self.case).sector, self.t.sector)


class TechnicianTransferTests(SectorData, TestCase):
    def test_the_cover_links_the_transfer_for_the_technician(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertContains(response, transfer_url(self.case))

    def test_the_technician_is_offered_only_their_teams_sectors(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(transfer_url(self.case))
        self.assertEqual(response.status_code, 200)
        offered = set(response.context["form"].fields["sector"].queryset)
        self.assertEqual(offered, {self.t.sector, self.second})

    def test_the_technician_transfers_within_their_sectors_recorded_and_locked(self):
        self.client.force_login(self.t.worker)
        data = {"kind": "information", "sector": self.second.pk, "confirm": "1"}
        response = self.client.post(transfer_url(self.case), data)
        self.assertRedirects(
            response, expedient_url(self.case.pk), fetch_redirect_response=False
        )
        self.assertEqual(fresh(self.case).sector, self.second)
        self.assertIsNotNone(information_transfer_at(self.case.pk))

    def test_another_teams_sector_is_refused(self):
        self.client.force_login(self.t.worker)
        data = {"kind": "information", "sector": self.t.other_sector.pk, "confirm": "1"}
        response = self.client.post(transfer_url(self.case), data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(fresh(self.case).sector, self.t.sector)
        with self.assertRaises(ValidationError):
            expedient_information_transfer(
                expedient=fresh(self.case),
                sector=self.t.other_sector,
                acting_user=self.t.worker,
            )

    def test_scope_owner_teammate_outsider_other_area(self):
        answers = {
            self.t.worker: 200,  # owner
            self.t.teammate: 200,  # same team, same sector
            self.t.outsider: 404,  # technician of another sector of the area
            self.stranger: 404,  # coordinator of another area
            self.t.administrative: 404,  # no right to transfer
        }
        for user, status in answers.items():
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(
                    self.client.get(transfer_url(self.case)).status_code, status
                )

    def test_the_service_refuses_a_technician_outside_the_sector(self):
        with self.assertRaises(ActionNotAllowed):
            expedient_information_transfer(
                expedient=fresh(self.case),
                sector=self.t.other_sector,
                acting_user=self.t.outsider,
            )

    def test_the_pick_screen_and_tools_stay_the_coordinators(self):
        self.client.force_login(self.t.worker)
        pick = reverse("helpdesk_tools:expedient_transfer_pick")
        self.assertEqual(self.client.get(pick).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("helpdesk_tools:index")).status_code, 404
        )

    def test_a_coordinator_moves_it_anywhere_in_the_area(self):
        self.client.force_login(self.t.coordinator)
        response = self.client.get(transfer_url(self.case))
        offered = set(response.context["form"].fields["sector"].queryset)
        self.assertIn(self.t.other_sector, offered)
        expedient_information_transfer(
            expedient=fresh(self.case),
            sector=self.t.other_sector,
            acting_user=self.t.coordinator,
        )
        self.assertEqual(fresh(self.case).sector, self.t.other_sector)


class FrontDeskAndAdministrativeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)
        cls.front_desk = professional(roles.AUXILIAR, area=cls.t.area)
        cls.front_desk.teams.add(cls.t.team)

    def test_the_front_desk_opens_no_expedient_and_edits_no_cover(self):
        self.client.force_login(self.front_desk)
        add = self.client.get(reverse("casework_expedients:add"))
        self.assertRedirects(add, reverse("wagtailadmin_home"))
        edit = reverse("casework_expedients:edit", args=[self.case.pk])
        self.assertRedirects(self.client.get(edit), reverse("wagtailadmin_home"))
        cover = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertEqual(cover.status_code, 200)
        self.assertNotContains(cover, edit)

    def test_the_front_desk_records_housing_and_tramits(self):
        self.assertTrue(self.front_desk.has_perm("casework.add_housing"))
        self.assertTrue(self.front_desk.has_perm("casework.add_tramit"))
        self.assertFalse(self.front_desk.has_perm("casework.add_linkedperson"))
        self.client.force_login(self.front_desk)
        housing = self.client.get(expedient_url(self.case.pk, "housing"))
        self.assertEqual(housing.status_code, 200)

    def test_the_administrative_officer_still_opens_expedients(self):
        self.client.force_login(self.t.administrative)
        self.assertEqual(
            self.client.get(reverse("casework_expedients:add")).status_code, 200
        )

    def test_the_front_desk_sees_no_other_areas_expedient(self):
        other = basic_case(territory())
        self.client.force_login(self.front_desk)
        response = self.client.get(expedient_url(other.pk))
        self.assertEqual(response.status_code, 404)


class FamilyWorkerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.case = basic_case(cls.t)  # in t.sector
        cls.far = basic_case(cls.t, by=cls.t.outsider, sector=cls.t.other_sector)
        cls.family_worker = professional(roles.TREBALLADOR_FAMILIAR, area=cls.t.area)
        cls.family_worker.teams.add(cls.t.team)

    def url(self, case):
        return reverse("casework_expedient_reference", args=[case.pk])

    def test_the_role_exists_and_reads_expedients(self):
        self.client.force_login(self.family_worker)
        cover = self.client.get(expedient_url(self.case.pk, "cover"))
        self.assertEqual(cover.status_code, 200)
        self.assertContains(cover, self.url(self.case))
        edit = reverse("casework_expedients:edit", args=[self.case.pk])
        self.assertNotContains(cover, edit)

    def test_they_change_the_reference_professional_where_the_sector_matches(self):
        self.client.force_login(self.family_worker)
        response = self.client.post(
            self.url(self.case),
            {"professional": self.t.teammate.pk, "expected_version": 1},
        )
        self.assertRedirects(
            response,
            expedient_url(self.case.pk, "cover"),
            fetch_redirect_response=False,
        )
        self.assertEqual(fresh(self.case).reference_professional, self.t.teammate)

    def test_the_cover_says_why_only_to_roles_that_change_it_elsewhere(self):
        note = "no és un sector dels vostres equips"
        # A TS/ES named on an expedient of another team's sector reads it.
        far = fresh(self.far)
        far.co_reference_professional = self.t.worker
        far.save()
        self.client.force_login(self.t.worker)
        self.assertContains(self.client.get(expedient_url(far.pk, "cover")), note)
        self.client.force_login(self.family_worker)
        self.assertNotContains(
            self.client.get(expedient_url(self.case.pk, "cover")), note
        )
        self.client.force_login(self.t.administrative)
        self.assertNotContains(
            self.client.get(expedient_url(self.case.pk, "cover")), note
        )

    def test_not_where_the_sector_differs(self):
        with self.assertRaises(ActionNotAllowed):
            expedient_reference_change(
                case=fresh(self.far),
                professional=self.t.teammate,
                acting_user=self.family_worker,
            )
        self.assertEqual(fresh(self.far).reference_professional, self.t.outsider)

    def test_scope_of_the_reference_action(self):
        stranger = territory().coordinator
        answers = {
            self.family_worker: 200,  # their sector
            self.t.worker: 200,  # TS/ES of the sector
            self.t.administrative: 302,  # sees it, may not change it
            stranger: 404,  # another area
        }
        for user, status in answers.items():
            self.client.force_login(user)
            with self.subTest(user=user):
                got = self.client.get(self.url(self.case)).status_code
                self.assertEqual(got, status)
        self.client.force_login(self.family_worker)
        self.assertIn(self.client.get(self.url(self.far)).status_code, (302, 404))

    def test_a_stale_form_is_refused(self):
        expedient_reference_change(
            case=fresh(self.case),
            professional=self.t.teammate,
            acting_user=self.t.worker,
        )
        self.client.force_login(self.family_worker)
        response = self.client.post(
            self.url(self.case),
            {"professional": self.t.outsider.pk, "expected_version": 1},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(fresh(self.case).reference_professional, self.t.teammate)
