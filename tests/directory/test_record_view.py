"""The person record opens as a read view with Edit as an action, and
creating or saving a record lands on it (not on the empty search desk)."""

from django.forms import FileField
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from configuration import roles
from directory.models import Person
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional


class RecordViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.auxiliar = professional(roles.AUXILIAR, area=cls.area)
        cls.person = person_save(
            person=new_person(
                cls.area, cls.worker, observations="Nota reservada", phone1="600111222"
            ),
            acting_user=cls.worker,
        )
        cls.url = reverse("person:inspect", args=[cls.person.pk])

    def test_the_record_reads_with_edit_and_new_expedient_as_buttons(self):
        self.client.force_login(self.worker)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "600111222")
        self.assertContains(response, "Nota reservada")
        self.assertNotContains(response, 'name="first_name"')  # no form
        self.assertContains(response, reverse("person:edit", args=[self.person.pk]))
        new_expedient = f"{reverse('casework_expedients:add')}?person={self.person.pk}"
        self.assertContains(response, new_expedient)
        self.assertContains(response, "Traçabilitat")
        self.assertContains(response, "Família")

    def test_the_read_view_hides_what_the_role_may_not_see(self):
        self.client.force_login(self.auxiliar)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "600111222")
        self.assertNotContains(response, "Nota reservada")

    def test_another_area_answers_404(self):
        outsider = professional(roles.TECNIC, area=AreaFactory())
        self.client.force_login(outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_desk_opens_the_read_view(self):
        self.client.force_login(self.worker)
        response = self.client.get("/admin/cercador/", {"q": "Garcia"})
        self.assertContains(response, self.url)

    def test_the_desk_offers_a_new_expedient_as_a_visible_button(self):
        self.client.force_login(self.worker)
        response = self.client.get("/admin/cercador/", {"q": "Garcia"})
        new_expedient = f"{reverse('casework_expedients:add')}?person={self.person.pk}"
        html = response.content.decode()
        start = html.index(escape(new_expedient))
        anchor = html[html.rindex("<a", 0, start) : html.index(">", start)]
        self.assertIn("button-small", anchor)  # a button, not a dropdown item

    def test_saving_a_record_lands_on_it(self):
        self.client.force_login(self.auxiliar)
        response = self.client.post(
            reverse("person:add"),
            {
                "document_type": 0,
                "document_number": "00000000t",
                "first_name": "Pol",
                "surname1": "Riera",
                "civil_status": 1,
                "tenure_regime": 0,
                "reference_professional": self.worker.pk,
            },
        )
        pol = Person.objects.get(first_name="Pol")
        self.assertRedirects(
            response,
            reverse("person:inspect", args=[pol.pk]),
            fetch_redirect_response=False,
        )
        edit = reverse("person:edit", args=[pol.pk])
        form = self.client.get(edit).context["form"]
        response = self.client.post(edit, {**self.post_data(form), "first_name": "Pau"})
        self.assertRedirects(
            response,
            reverse("person:inspect", args=[pol.pk]),
            fetch_redirect_response=False,
        )
        pol.refresh_from_db()
        self.assertEqual(pol.first_name, "Pau")

    @staticmethod
    def post_data(form) -> dict:
        """The edit form as the browser would send it back unchanged."""
        data = {}
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or isinstance(field, FileField):
                continue
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
                continue
            data[name] = value
        return data
