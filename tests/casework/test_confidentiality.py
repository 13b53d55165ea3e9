"""A confidential expedient is invisible to everyone but the professionals named
on it and their coordinator, wherever expedients are listed, found or counted;
break-glass opens it for a while, with a recorded reason, to a professional who
would see it were it not confidential."""

from datetime import timedelta

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from casework.desk import find_expedients
from casework.enums import BreakGlassReason
from casework.models import Actuacio, BreakGlassAccess, Expedient
from casework.panels import traceability_rows
from casework.services.break_glass import break_glass_open
from casework.services.expedients import ActionNotAllowed
from casework.services.household import person_link
from casework.tabs import expedient_url
from configuration import roles
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident, territory

from .test_expedients_services import relationship


def csv_rows(response) -> str:
    return b"".join(response.streaming_content).decode()


class ConfidentialSweepTests(TestCase):
    """named (worker) / coordinator see it; teammate, outsider, other area do not."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        cls.person = resident(
            cls.t, surname1="Quintana", document_type=1, document_number="12345678Z"
        )
        cls.secret = basic_case(
            cls.t, cls.person, confidential=True, family_name="Quintana Roig"
        )
        cls.actuacio = Actuacio.objects.get(expedient=cls.secret)
        cls.seeing = (cls.t.worker, cls.t.coordinator)
        cls.blind = (cls.t.teammate, cls.t.outsider, cls.t.administrative)

    def get(self, user, url, **params):
        self.client.force_login(user)
        return self.client.get(url, params)

    def test_the_expedient_listing_and_its_export(self):
        url = reverse("casework_expedients:index")
        for user in self.seeing:
            self.assertContains(self.get(user, url), self.secret.number)
            self.assertIn(
                self.secret.number, csv_rows(self.get(user, url, export="csv"))
            )
        for user in (*self.blind, self.elsewhere):
            self.assertNotContains(self.get(user, url), self.secret.number)
            self.assertNotIn(
                self.secret.number, csv_rows(self.get(user, url, export="csv"))
            )

    def listed(self, user, url, **params) -> set:
        return {row.pk for row in self.get(user, url, **params).context["object_list"]}

    def test_the_item_listing_and_its_export(self):
        url = reverse("casework_actuacions:index")
        edit = reverse("casework_actuacions:edit", args=[self.actuacio.pk])
        for user in self.seeing:
            self.assertEqual(self.listed(user, url), {self.actuacio.pk})
            self.assertIn(
                self.secret.number, csv_rows(self.get(user, url, export="csv"))
            )
        for user in (self.t.teammate, self.t.outsider, self.elsewhere):
            self.assertEqual(self.listed(user, url), set())
            self.assertNotIn(
                self.secret.number, csv_rows(self.get(user, url, export="csv"))
            )
            self.assertEqual(self.get(user, edit).status_code, 404)
            listing = self.get(user, url, expedient=self.secret.pk)
            self.assertEqual(listing.status_code, 404)

    def test_the_search_desk_section_finds_it_only_for_who_sees_it(self):
        for query in ("quintana", "12345678Z"):
            for user in self.seeing:
                found = find_expedients(user=user, query=query)
                self.assertEqual([e.pk for e in found], [self.secret.pk], user)
            for user in (*self.blind, self.elsewhere):
                self.assertEqual(find_expedients(user=user, query=query), [], user)

    def test_the_exact_number_offers_break_glass_and_nothing_more(self):
        rows = find_expedients(user=self.t.teammate, query=self.secret.number)
        self.assertEqual([r.pk for r in rows], [self.secret.pk])
        self.assertIn("break-glass", rows[0].break_glass_url)
        response = self.get(
            self.t.teammate, reverse("directory_search"), q=self.secret.number
        )
        self.assertContains(response, rows[0].break_glass_url)
        self.assertNotContains(response, "Quintana Roig")
        for user in (self.t.outsider, self.elsewhere):
            self.assertEqual(find_expedients(user=user, query=self.secret.number), [])

    def test_the_desk_counts_it_only_for_who_sees_it(self):
        url = reverse("directory_search")
        for user, expected in ((self.t.worker, 1), (self.t.coordinator, 1)):
            found = self.get(user, url, q="12345678Z").context["object_list"]
            self.assertEqual(found[0].expedients, expected, user)
        found = self.get(self.t.teammate, url, q="12345678Z").context["object_list"]
        self.assertEqual(found[0].expedients, 0)
        export = csv_rows(self.get(self.t.teammate, url, q="12345678Z", export="csv"))
        self.assertTrue(export.strip().splitlines()[1].endswith(",0"), export)

    def test_the_hidden_expedients_are_the_confidential_ones_not_seen(self):
        secret = [self.secret.pk]
        for user in self.seeing:
            self.assertFalse(Expedient.objects.hidden_from(user).exists(), user)
        for user in (*self.blind, self.elsewhere):
            hidden = Expedient.objects.hidden_from(user).values_list("pk", flat=True)
            self.assertEqual(list(hidden), secret, user)
        open_case = basic_case(self.t, self.person)
        disclosed = Expedient.objects.disclosable_to(self.t.teammate)
        self.assertEqual(list(disclosed.values_list("pk", flat=True)), [open_case.pk])

    def test_break_glass_lets_the_desk_count_it_while_the_grant_runs(self):
        url = reverse("directory_search")
        break_glass_open(
            expedient=self.secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.values[0],
            text="Urgència domiciliària",
        )
        self.assertFalse(Expedient.objects.hidden_from(self.t.teammate).exists())
        found = self.get(self.t.teammate, url, q="12345678Z").context["object_list"]
        self.assertEqual(found[0].expedients, 1)
        export = csv_rows(self.get(self.t.teammate, url, q="12345678Z", export="csv"))
        self.assertTrue(export.strip().splitlines()[1].endswith(",1"), export)

    def test_the_traceability_tab_lists_it_only_for_who_sees_it(self):
        for user in self.seeing:
            self.assertEqual(len(traceability_rows(self.person, user)), 1, user)
        for user in (*self.blind, self.elsewhere):
            self.assertEqual(traceability_rows(self.person, user), [], user)
        response = self.get(
            self.t.teammate, reverse("person:edit", args=[self.person.pk])
        )
        self.assertNotContains(response, self.secret.number)

    def test_linking_a_person_names_no_hidden_open_expedient(self):
        own = basic_case(self.t, by=self.t.teammate)
        link = person_link(
            expedient=own,
            person=self.person,
            relationship=relationship(),
            acting_user=self.t.teammate,
        )
        self.assertEqual(link.open_elsewhere, [])

    def test_the_new_expedient_form_names_no_hidden_open_expedient(self):
        url = reverse("casework_expedients:add")
        response = self.get(self.t.teammate, url, person=self.person.pk)
        self.assertEqual(response.context["open_elsewhere"], [])
        response = self.get(self.t.worker, url, person=self.person.pk)
        self.assertEqual(len(response.context["open_elsewhere"]), 1)


class BreakGlassEntryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        cls.secret = basic_case(cls.t, confidential=True, family_name="Secret")
        cls.url = expedient_url(cls.secret.pk)
        cls.form_url = reverse("casework_expedient_break_glass", args=[cls.secret.pk])

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_named_and_coordinator_open_it_directly(self):
        for user in (self.t.worker, self.t.coordinator):
            self.assertEqual(self.get(user, self.url).status_code, 200)
            self.assertEqual(self.get(user, self.form_url).status_code, 404)

    def test_a_teammate_is_offered_the_form_instead_of_404(self):
        for user in (self.t.teammate, self.t.administrative):
            response = self.get(user, self.url)
            self.assertRedirects(response, self.form_url)
            response = self.get(user, self.form_url)
            self.assertContains(response, self.secret.number)
            self.assertNotContains(response, "Secret")
            # The header names what is asked for, not just "Home".
            title = response.context["breadcrumbs_items"][-1]["label"]
            self.assertIn(self.secret.number, title)

    def test_out_of_territory_other_area_and_no_module_get_404(self):
        trainee = professional(roles.ALUMNE, area=self.t.area)
        for user in (self.t.outsider, self.elsewhere, trainee):
            self.assertEqual(self.get(user, self.url).status_code, 404, user)
            self.assertEqual(self.get(user, self.form_url).status_code, 404, user)

    def test_a_reason_and_an_explanation_are_required(self):
        self.client.force_login(self.t.teammate)
        for data in ({"reason": "", "text": "x"}, {"reason": "covering", "text": " "}):
            response = self.client.post(self.form_url, data)
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["form"].errors)
        response = self.client.post(self.form_url, {"reason": "bogus", "text": "x"})
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(BreakGlassAccess.objects.exists())

    def test_opening_records_the_reason_and_opens_it_for_a_while(self):
        self.client.force_login(self.t.teammate)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.form_url,
                {"reason": BreakGlassReason.COVERING, "text": "Baixa de la referent"},
            )
        self.assertRedirects(response, self.url)
        access = BreakGlassAccess.objects.get()
        self.assertEqual(
            (access.user, access.expedient_id), (self.t.teammate, self.secret.pk)
        )
        self.assertAlmostEqual(
            access.expires_at - access.created_at, timedelta(hours=8)
        )
        entry = LogEntry.objects.get(additional_data__event="break_glass")
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)
        self.assertEqual(entry.actor, self.t.teammate)
        self.assertEqual(entry.object_pk, str(self.secret.pk))
        self.assertEqual(
            (entry.additional_data["reason"], entry.additional_data["text"]),
            ("covering", "Baixa de la referent"),
        )
        self.assertEqual(self.client.get(self.url).status_code, 200)
        opening = Actuacio.objects.get(expedient=self.secret)
        edit = reverse("casework_actuacions:edit", args=[opening.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)

    def test_an_expired_grant_hides_it_again(self):
        access = break_glass_open(
            expedient=self.secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.URGENT_CARE,
            text="Urgència",
        )
        self.assertTrue(
            Expedient.objects.visible_to(self.t.teammate).filter(pk=self.secret.pk)
        )
        BreakGlassAccess.objects.filter(pk=access.pk).update(
            created_at=timezone.now() - timedelta(hours=9),
            expires_at=timezone.now() - timedelta(hours=1),
        )
        self.assertFalse(
            Expedient.objects.visible_to(self.t.teammate).filter(pk=self.secret.pk)
        )
        self.assertRedirects(self.get(self.t.teammate, self.url), self.form_url)

    def test_the_validity_is_a_setting(self):
        with self.settings(LLAR_BREAK_GLASS_HOURS=2):
            access = break_glass_open(
                expedient=self.secret,
                acting_user=self.t.teammate,
                reason=BreakGlassReason.OTHER,
                text="Revisió",
            )
        self.assertEqual(access.expires_at - access.created_at, timedelta(hours=2))

    def test_the_grant_never_crosses_territory_or_area(self):
        for user in (self.t.outsider, self.elsewhere, self.t.worker):
            with self.assertRaises(ActionNotAllowed):
                break_glass_open(
                    expedient=self.secret,
                    acting_user=user,
                    reason=BreakGlassReason.OTHER,
                    text="x",
                )
        with self.assertRaises(ValidationError):
            break_glass_open(
                expedient=self.secret,
                acting_user=self.t.teammate,
                reason=BreakGlassReason.OTHER,
                text="  ",
            )
        self.assertFalse(BreakGlassAccess.objects.exists())

    def test_a_granted_expedient_still_not_in_others_lists(self):
        break_glass_open(
            expedient=self.secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.OTHER,
            text="x",
        )
        self.assertFalse(
            Expedient.objects.visible_to(self.t.administrative).filter(
                pk=self.secret.pk
            )
        )
