"""Evolució (domain.md §3.7): contiguous periods, each ending the day the next
one starts (insert, edit and delete of a middle row re-link the neighbours),
the phase Obert from the first period, up to three other EAIA teams, and who
may record them."""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaPhase,
    EaiaTerritoriality,
)
from casework.modules.eaia.models import ChildProtectionCase, EaiaEvolution
from casework.modules.eaia.services import (
    eaia_evolution_add,
    eaia_evolution_delete,
    eaia_evolution_update,
)
from casework.services.expedients import ActionNotAllowed
from casework.tabs import expedient_url

from .data import InEnglish, eaia_world


def period(w, on: date, kind=EaiaExpedientType.RISK, **values) -> EaiaEvolution:
    fields = {
        "starts_on": on,
        "expedient_type": kind,
        "territoriality": EaiaTerritoriality.REFERENCE,
        "administrative_situation": "Estudi",
        **values,
    }
    return eaia_evolution_add(by=w.owner, expedient=w.case, **fields)


def spans(w) -> list[tuple[date, date | None]]:
    rows = EaiaEvolution.objects.filter(expedient=w.case).order_by("starts_on")
    return list(rows.values_list("starts_on", "ends_on"))


JAN, MAR, MAY, JUL = (date(2026, m, 1) for m in (1, 3, 5, 7))


class ContiguousPeriodTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_the_first_period_opens_the_expedient(self):
        self.assertEqual(self.w.case.phase, EaiaPhase.REGISTERED)
        first = period(self.w, JAN)
        case = ChildProtectionCase.objects.get(pk=self.w.case.pk)
        self.assertEqual(case.phase, EaiaPhase.OPEN)
        self.assertEqual(first.person, self.w.child)
        self.assertIsNone(first.ends_on)

    def test_a_copy_read_before_the_period_never_writes_the_phase_back(self):
        stale = ChildProtectionCase.objects.get(pk=self.w.case.pk)
        period(self.w, JAN)
        stale.case_origin = "Fiscalia"
        stale.save()
        case = ChildProtectionCase.objects.get(pk=self.w.case.pk)
        self.assertEqual((case.phase, case.case_origin), (EaiaPhase.OPEN, "Fiscalia"))

    def test_each_period_ends_when_the_next_starts(self):
        period(self.w, JAN)
        period(self.w, MAY)
        self.assertEqual(spans(self.w), [(JAN, MAY), (MAY, None)])

    def test_an_insert_in_the_middle_relinks_its_neighbours(self):
        period(self.w, JAN)
        period(self.w, MAY)
        middle = period(self.w, MAR, EaiaExpedientType.TUTELAGE)
        self.assertEqual(spans(self.w), [(JAN, MAR), (MAR, MAY), (MAY, None)])
        self.assertEqual(middle.ends_on, MAY)

    def test_an_insert_before_the_first_ends_on_its_start(self):
        period(self.w, MAR)
        period(self.w, JAN)
        self.assertEqual(spans(self.w), [(JAN, MAR), (MAR, None)])

    def test_moving_a_middle_row_relinks_both_sides(self):
        period(self.w, JAN)
        middle = period(self.w, MAR)
        period(self.w, JUL)
        eaia_evolution_update(by=self.w.owner, period=middle, starts_on=MAY)
        self.assertEqual(spans(self.w), [(JAN, MAY), (MAY, JUL), (JUL, None)])

    def test_moving_a_middle_row_past_the_next_reorders_them(self):
        period(self.w, JAN)
        middle = period(self.w, MAR)
        period(self.w, MAY)
        eaia_evolution_update(by=self.w.owner, period=middle, starts_on=JUL)
        self.assertEqual(spans(self.w), [(JAN, MAY), (MAY, JUL), (JUL, None)])

    def test_deleting_a_middle_row_lets_the_one_before_run_to_the_next(self):
        period(self.w, JAN)
        middle = period(self.w, MAR)
        period(self.w, MAY)
        eaia_evolution_delete(by=self.w.owner, period=middle)
        self.assertEqual(spans(self.w), [(JAN, MAY), (MAY, None)])

    def test_deleting_the_latest_leaves_the_one_before_open_ended(self):
        period(self.w, JAN)
        latest = period(self.w, MAR)
        eaia_evolution_delete(by=self.w.owner, period=latest)
        self.assertEqual(spans(self.w), [(JAN, None)])

    def test_deleting_every_period_takes_it_back_to_alta(self):
        only = period(self.w, JAN)
        eaia_evolution_delete(by=self.w.owner, period=only)
        case = ChildProtectionCase.objects.get(pk=self.w.case.pk)
        self.assertEqual(case.phase, EaiaPhase.REGISTERED)

    def test_two_periods_never_start_on_one_day(self):
        period(self.w, JAN)
        with self.assertRaises(ValidationError):
            period(self.w, JAN)

    def test_the_end_is_never_typed(self):
        first = period(self.w, JAN)
        with self.assertRaises(ValidationError):
            eaia_evolution_update(by=self.w.owner, period=first, ends_on=MAR)

    def test_the_relinked_neighbour_is_in_the_audit_trail(self):
        first = period(self.w, JAN)
        period(self.w, MAR)
        entries = LogEntry.objects.get_for_object(first)
        self.assertTrue(any("ends_on" in (e.changes_dict or {}) for e in entries))


class OtherTeamsTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_up_to_three_teams_each_with_its_participation(self):
        row = period(
            self.w,
            JAN,
            other_team_1="EAIA Garraf",
            other_team_1_role=EaiaTerritoriality.CO_REFERENCE,
            other_team_3="EAIA Anoia",
            other_team_3_role=EaiaTerritoriality.COLLABORATION,
        )
        self.assertEqual(
            row.other_teams(),
            [("EAIA Garraf", "Co-reference"), ("EAIA Anoia", "Collaboration")],
        )

    def test_a_team_needs_its_participation_and_the_other_way_round(self):
        for values, field in (
            ({"other_team_2": "EAIA Garraf"}, "other_team_2_role"),
            ({"other_team_1_role": EaiaTerritoriality.REFERENCE}, "other_team_1"),
        ):
            with self.subTest(field), self.assertRaises(ValidationError) as caught:
                period(self.w, MAR, **values)
            self.assertIn(field, caught.exception.error_dict)


class EvolutionRightsTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        cls.first = period(cls.w, JAN)

    def test_only_its_eaia_professionals_record_periods(self):
        values = {
            "starts_on": MAR,
            "expedient_type": EaiaExpedientType.RISK,
            "territoriality": EaiaTerritoriality.REFERENCE,
            "administrative_situation": "Estudi",
        }
        eaia_evolution_add(by=self.w.t.coordinator, expedient=self.w.case, **values)
        for user in (
            self.w.siad,
            self.w.t.worker,
            self.w.eaia_elsewhere,
            self.w.foreign,
        ):
            with self.subTest(user=user.username):
                with self.assertRaises(ActionNotAllowed):
                    eaia_evolution_add(by=user, expedient=self.w.case, **values)
                with self.assertRaises(ActionNotAllowed):
                    eaia_evolution_delete(by=user, period=self.first)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_the_tab_and_its_screens_answer_404_outside_scope(self):
        urls = [
            expedient_url(self.w.case.pk, "eaia_evolution"),
            reverse("casework_eaia_evolution:edit", args=[self.first.pk]),
            reverse(
                "casework_eaia_evolution_delete", args=[self.w.case.pk, self.first.pk]
            ),
            f"{reverse('casework_eaia_evolution:index')}?expedient={self.w.case.pk}",
        ]
        for url in urls:
            with self.subTest(url):
                self.assertEqual(self.get(self.w.owner, url).status_code, 200)
                self.assertEqual(self.get(self.w.siad, url).status_code, 404)
                self.assertEqual(self.get(self.w.foreign, url).status_code, 404)

    def test_the_tab_shows_the_periods_with_their_end(self):
        period(self.w, MAR, EaiaExpedientType.TUTELAGE)
        response = self.get(
            self.w.owner, expedient_url(self.w.case.pk, "eaia_evolution")
        )
        self.assertContains(response, "Tutelage")
        self.assertContains(
            response, "01/03/2026", count=2
        )  # its start, the end before

    def test_screens_insert_edit_and_delete_a_middle_row(self):
        period(self.w, MAY)
        self.client.force_login(self.w.owner)
        add = f"{reverse('casework_eaia_evolution:add')}?expedient={self.w.case.pk}"
        response = self.client.post(
            add,
            {
                "starts_on": "01/03/2026",
                "expedient_type": EaiaExpedientType.RISK,
                "territoriality": EaiaTerritoriality.REFERENCE,
                "administrative_situation": "Valoració",
            },
        )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None)
            and response.context.get("form")
            and response.context["form"].errors,
        )
        self.assertEqual(spans(self.w), [(JAN, MAR), (MAR, MAY), (MAY, None)])
        middle = EaiaEvolution.objects.get(expedient=self.w.case, starts_on=MAR)
        response = self.client.post(
            reverse("casework_eaia_evolution:edit", args=[middle.pk]),
            {
                "starts_on": "01/04/2026",
                "expedient_type": EaiaExpedientType.RISK,
                "territoriality": EaiaTerritoriality.REFERENCE,
                "administrative_situation": "Valoració",
                "expected_version": middle.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        april = date(2026, 4, 1)
        self.assertEqual(spans(self.w), [(JAN, april), (april, MAY), (MAY, None)])
        response = self.client.post(
            reverse("casework_eaia_evolution_delete", args=[self.w.case.pk, middle.pk])
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(spans(self.w), [(JAN, MAY), (MAY, None)])
