"""A save refused because someone else saved first comes back with what the user
typed, what the other person saved, and the version now stored: a second,
deliberate save goes through without reloading the page."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse

from casework.models import Actuacio, Housing, ProblemRecord
from casework.services.household import housing_save

from .test_records_screens import RecordsScreenData


class EditConflictScreenTests(RecordsScreenData, TestCase):
    def assert_offered_at(self, response, version: int) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"]["expected_version"].value(), str(version)
        )
        self.assertContains(response, f'name="expected_version" value="{version}"')

    def actuacio_form(self, **values) -> dict:
        fields = {"type": self.atype.pk, "place": self.place.pk}
        return {
            "date": self.actuacio.date.isoformat(),
            "responsible": self.t.worker.pk,
            **fields,
            **values,
        }

    def test_an_item_edit_is_refused_then_saved_on_the_second_submit(self):
        Actuacio.objects.filter(pk=self.actuacio.pk).update(version=2, topic="Seu")
        url = self.urls("casework_actuacions")["edit"]
        data = self.actuacio_form(topic="Meu", expected_version=1)
        self.client.force_login(self.t.worker)
        response = self.client.post(url, data)
        self.assert_offered_at(response, 2)
        self.assertContains(response, "Seu")  # what the other person saved
        self.assertContains(response, 'value="Meu"')  # what this user typed
        self.assertEqual(Actuacio.objects.get(pk=self.actuacio.pk).topic, "Seu")

        response = self.client.post(url, {**data, "expected_version": 2})
        self.assertEqual(response.status_code, 302)
        saved = Actuacio.objects.get(pk=self.actuacio.pk)
        self.assertEqual((saved.topic, saved.version), ("Meu", 3))

    def test_a_third_save_meanwhile_is_refused_again(self):
        Actuacio.objects.filter(pk=self.actuacio.pk).update(version=2, topic="Seu")
        url = self.urls("casework_actuacions")["edit"]
        data = self.actuacio_form(topic="Meu", expected_version=1)
        self.client.force_login(self.t.worker)
        self.client.post(url, data)
        Actuacio.objects.filter(pk=self.actuacio.pk).update(version=3, topic="Altre")
        response = self.client.post(url, {**data, "expected_version": 2})
        self.assert_offered_at(response, 3)
        self.assertEqual(Actuacio.objects.get(pk=self.actuacio.pk).topic, "Altre")

    def test_a_problems_new_end_date_is_refused_then_saved(self):
        ProblemRecord.objects.filter(pk=self.record.pk).update(version=5)
        url = reverse("casework_problems:extend", args=[self.record.pk])
        ends_on = self.record.ends_on + timedelta(days=30)
        data = {"ends_on": ends_on.isoformat(), "expected_version": 1}
        self.client.force_login(self.t.worker)
        self.assert_offered_at(self.client.post(url, data), 5)
        response = self.client.post(url, {**data, "expected_version": 5})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ProblemRecord.objects.get(pk=self.record.pk).ends_on, ends_on)


class HousingConflictTests(RecordsScreenData, TestCase):
    def test_the_housing_form_is_refused_then_saved_on_the_second_submit(self):
        housing_save(
            housing=Housing(expedient=self.case, street_name="A"),
            acting_user=self.t.worker,
        )
        housing = Housing.objects.get(pk=self.case.pk)
        housing.street_name = "C"
        housing_save(housing=housing, acting_user=self.t.teammate)
        url = reverse("casework_expedient_housing", args=[self.case.pk])
        data = {"street_name": "B", "tenure_regime": 0, "expected_version": 1}
        self.client.force_login(self.t.worker)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"]["expected_version"].value(), "2")
        self.assertEqual(response.context["form"]["street_name"].value(), "B")
        self.assertEqual(Housing.objects.get(pk=self.case.pk).street_name, "C")
        self.client.post(url, {**data, "expected_version": 2})
        self.assertEqual(Housing.objects.get(pk=self.case.pk).street_name, "B")
