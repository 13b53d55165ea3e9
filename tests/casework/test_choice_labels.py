"""Drop-downs show labels, not codes ("Espanya", not "52 Espanya"); the code
stays where exports and data exchange read it. A linked person's relationship
is never "Persona principal"."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.models import BasicCase
from casework.modules.sad.enums import HomeCareEventKind
from casework.modules.sad.forms import ProposeEventForm
from casework.services.household import person_link
from casework.viewsets.expedient_forms import relationship_field
from configuration.models import CaseOrigin, Country, RelationshipType
from tests.casework.sad.world import characteristics, open_case, propose
from tests.casework.sad.world import world as sad_world
from tests.factories.casework import basic_case, resident, territory


class ChoiceLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.spain = Country.objects.create(code="108", name="Espanya")
        cls.child = RelationshipType.objects.create(code="3", name="Fill/a")
        cls.main = RelationshipType.objects.create(code="8", name="Persona principal")

    def test_the_person_form_lists_countries_by_name(self):
        self.client.force_login(self.t.worker)
        form = self.client.get(reverse("person:add")).context["form"]
        labels = [label for _value, label in form.fields["birth_country"].choices]
        self.assertIn("Espanya", labels)
        self.assertNotIn("108 Espanya", labels)
        self.assertEqual(str(self.spain), "108 Espanya")  # exports keep the code

    def test_the_relationship_list_shows_labels_and_no_main_person(self):
        labels = [label for _v, label in relationship_field(self.t.worker).choices]
        self.assertIn("Fill/a", labels)
        self.assertNotIn("3 Fill/a", labels)
        self.assertNotIn("Persona principal", labels)

    def test_linking_someone_as_main_person_is_refused(self):
        case = basic_case(self.t)
        other = resident(self.t, first_name="Pau")
        with self.assertRaises(ValidationError):
            person_link(
                expedient=case,
                person=other,
                relationship=self.main,
                acting_user=self.t.worker,
            )


class SadTaskAndCoverLabelTests(TestCase):
    """The SAD tasks (the proposal's ticks and the event's page) and the
    covers' case origin read by label: "Higiene personal", not "1 Higiene
    personal"."""

    def test_the_tasks_and_the_case_origin_read_by_label(self):

        w = sad_world()
        w.task.code, w.task.name = "1", "Higiene personal"
        w.task.save()
        form = ProposeEventForm(user=w.t.worker)
        labels = [label for _value, label in form.fields["tasks"].choices]
        self.assertIn("Higiene personal", labels)
        self.assertNotIn("1 Higiene personal", labels)
        case = open_case(w)
        event = propose(
            w,
            case,
            HomeCareEventKind.START,
            characteristics=characteristics(w),
        )
        self.client.force_login(w.manager)
        page = self.client.get(reverse("casework_sad_event", args=[event.pk]))
        self.assertContains(page, "Higiene personal")
        self.assertNotContains(page, "1 Higiene personal")
        origin = CaseOrigin.objects.create(code="1", name="Personalment")
        BasicCase.objects.filter(pk=w.ssb.pk).update(case_origin=origin)
        self.client.force_login(w.t.worker)
        cover = self.client.get(reverse("casework_expedient", args=[w.ssb.pk]))
        self.assertContains(cover, "<td>Personalment</td>", html=True)
        self.assertNotContains(cover, "1 Personalment")
