"""Two people edit one item: the second, stale save is refused for as long as the
same stale form is sent; the refusal marks what the OTHER person changed (their
value, escaped once) beside each field and gives the form back holding their
values and this user's other changes, so the next save stores exactly what is on
screen. Overwriting their value takes entering one's own again after seeing it."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse

from casework.models import Actuacio, Housing, ProblemRecord
from casework.services.household import housing_save
from casework.viewsets.expedient_forms import HousingForm
from tests.form_data import FormAtUrlMixin, form_data

from .test_records_screens import RecordsScreenData


class EditConflictScreenTests(FormAtUrlMixin, RecordsScreenData, TestCase):
    def setUp(self):
        self.url = self.urls("casework_actuacions")["edit"]

    def both_open_then_teammate_saves(self, **theirs):
        """The worker and the teammate open the form; the teammate saves first."""
        mine = self.open_form(self.t.worker)
        response = self.save(self.t.teammate, self.open_form(self.t.teammate), **theirs)
        self.assertEqual(response.status_code, 302)
        return mine

    def stored(self) -> Actuacio:
        return Actuacio.objects.get(pk=self.actuacio.pk)

    def test_the_same_stale_form_is_refused_every_time_it_is_sent(self):
        mine = self.both_open_then_teammate_saves(topic="Seu")
        for _attempt in range(2):
            refused = self.save(self.t.worker, mine, topic="Meu")
            self.assertEqual(refused.status_code, 200)
            self.assertEqual((self.stored().topic, self.stored().version), ("Seu", 2))
        # A second click on Save in the refused form keeps their value.
        self.save(self.t.worker, refused)
        self.assertEqual(self.stored().topic, "Seu")

    def test_the_refusal_names_only_the_other_persons_change_escaped_once(self):
        mine = self.both_open_then_teammate_saves(topic="L'altra <b>versió</b>")
        response = self.save(self.t.worker, mine, text="La meva nota")
        form = response.context["form"]
        self.assertEqual(set(form.errors) - {"__all__"}, {"topic"})
        self.assertIn(self.t.teammate.get_full_name(), form.errors["topic"][0])
        html = response.content.decode()
        self.assertIn("L&#x27;altra &lt;b&gt;versió&lt;/b&gt;", html)
        for raw in (
            "&amp;#x27;",
            "&amp;lt;",
            "<b>versió</b>",
            "&lt;ul&gt;",
            "&lt;li&gt;",
        ):
            self.assertNotIn(raw, html)
        self.assertNotIn("La meva nota", str(form.errors))  # mine is not theirs

    def test_the_refused_form_holds_their_values_and_my_other_changes(self):
        mine = self.both_open_then_teammate_saves(topic="Seu")
        refused = self.save(self.t.worker, mine, topic="Meu", text="La meva nota")
        form = refused.context["form"]
        self.assertEqual(form["topic"].value(), "Seu")  # theirs, not silently mine
        self.assertEqual(form["text"].value(), "La meva nota")
        self.assertEqual(form["expected_version"].value(), "2")
        self.assertIn("«Meu»", form.errors["topic"][0])  # mine shown beside theirs
        response = self.save(self.t.worker, refused)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            (self.stored().topic, self.stored().text), ("Seu", "La meva nota")
        )

    def test_overwriting_their_value_takes_entering_mine_again(self):
        mine = self.both_open_then_teammate_saves(topic="Seu")
        refused = self.save(self.t.worker, mine, topic="Meu")
        response = self.save(self.t.worker, refused, topic="Meu")
        self.assertEqual(response.status_code, 302)
        self.assertEqual((self.stored().topic, self.stored().version), ("Meu", 3))

    def test_a_third_save_meanwhile_is_refused_again(self):
        mine = self.both_open_then_teammate_saves(topic="Seu")
        refused = self.save(self.t.worker, mine, topic="Meu")
        third = self.save(
            self.t.teammate, self.open_form(self.t.teammate), topic="Altre"
        )
        self.assertEqual(third.status_code, 302)
        response = self.save(self.t.worker, refused)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"]["topic"].value(), "Altre")
        self.assertEqual(self.stored().topic, "Altre")

    def test_a_problems_new_end_date_is_refused_until_seen(self):
        url = reverse("casework_problems:extend", args=[self.record.pk])
        self.client.force_login(self.t.worker)
        loaded = self.client.get(url)
        ProblemRecord.objects.filter(pk=self.record.pk).update(
            version=5, ends_on=self.record.ends_on + timedelta(days=7)
        )
        ends_on = self.record.ends_on + timedelta(days=30)
        for _attempt in range(2):
            refused = self.client.post(url, form_data(loaded, ends_on=ends_on))
            self.assertEqual(refused.status_code, 200)
            self.assertIn("ends_on", refused.context["form"].errors)
        again = form_data(refused, ends_on=ends_on.isoformat())
        self.assertEqual(self.client.post(url, again).status_code, 302)
        self.assertEqual(ProblemRecord.objects.get(pk=self.record.pk).ends_on, ends_on)


class HousingConflictTests(RecordsScreenData, TestCase):
    def test_the_housing_form_is_refused_until_seen(self):
        housing_save(
            housing=Housing(expedient=self.case, street_name="A"),
            acting_user=self.t.worker,
        )
        url = reverse("casework_expedient_housing", args=[self.case.pk])
        self.client.force_login(self.t.worker)
        loaded = HousingForm(
            instance=Housing.objects.get(pk=self.case.pk), for_user=self.t.worker
        )
        housing = Housing.objects.get(pk=self.case.pk)
        housing.street_name = "C"
        housing_save(housing=housing, acting_user=self.t.teammate)
        data = form_data(loaded, street_name="A", notes="Meva")
        for _attempt in range(2):
            response = self.client.post(url, data)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(Housing.objects.get(pk=self.case.pk).street_name, "C")
        form = response.context["form"]
        self.assertEqual(form["street_name"].value(), "C")
        self.client.post(url, form_data(response))
        stored = Housing.objects.get(pk=self.case.pk)
        self.assertEqual((stored.street_name, stored.notes), ("C", "Meva"))
