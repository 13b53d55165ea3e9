"""Issue 17.5: street types and mother tongues are chosen from their catalogues on
the person record; values typed before stay readable and move onto the entries
once the support desk imports the lists."""

from django.test import TestCase
from django.urls import reverse

from configuration import roles
from configuration.imports import IMPORTS_BY_KEY, catalogue_import, read_dataset
from configuration.models import StreetType
from directory.models import Person, PersonExtended
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, english_ui, professional


class TypedValuesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        english_ui(cls.worker)
        cls.person = person_save(
            person=new_person(cls.area, cls.worker), acting_user=cls.worker
        )
        Person.objects.filter(pk=cls.person.pk).update(street_type_text="Carrer")
        cls.extended = PersonExtended.objects.create(
            person=cls.person, mother_tongue_text="àrab"
        )

    def import_list(self, key, text):
        raw = read_dataset(text.encode(), file_format="csv")
        spec = IMPORTS_BY_KEY[key]
        return catalogue_import(spec=spec, raw=raw, area=None, dry_run=False)

    def test_the_record_offers_the_catalogue_and_shows_what_was_typed(self):
        StreetType.objects.create(code="19", name="PLAÇA")
        self.client.force_login(self.worker)
        response = self.client.get(reverse("person:edit", args=[self.person.pk]))
        field = response.context["form"].fields["street_type"]
        self.assertEqual([str(c[1]) for c in field.choices][1:], ["PLAÇA"])
        self.assertContains(response, "Carrer")  # the typed text, read-only
        self.assertNotIn("street_type_text", response.context["form"].fields)

    def test_importing_the_lists_maps_the_typed_values_naming_an_entry(self):
        self.import_list("street-types", "Identificador,Descripció\n10,CARRER\n")
        self.import_list("mother-tongues", "Element,Descripció\n6,àrab\n19,català\n")
        self.person.refresh_from_db()
        self.extended.refresh_from_db()
        self.assertEqual(self.person.street_type.code, "10")
        self.assertEqual(self.person.street_type_text, "")
        self.assertEqual(self.extended.mother_tongue.name, "àrab")
        self.assertEqual(self.extended.mother_tongue_text, "")

    def test_typed_text_naming_no_entry_stays(self):
        Person.objects.filter(pk=self.person.pk).update(street_type_text="Xamfrà")
        self.import_list("street-types", "Identificador,Descripció\n10,CARRER\n")
        self.person.refresh_from_db()
        self.assertIsNone(self.person.street_type)
        self.assertEqual(self.person.street_type_text, "Xamfrà")
