"""The History tabs show a change of the area's own fields per field, by its
label, as people read the values (issue #22): every type, a deactivated field
too, never the stored JSON; the person's extended block likewise, for those
who may read it; the page's queries do not grow per change."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.history import ExpedientHistory
from casework.models import Expedient, Resource
from casework.services import resource_update
from casework.tabs import expedient_url
from configuration import roles
from configuration.models import CustomField, CustomFieldType
from directory.history import PersonHistory
from directory.models import PersonExtended
from directory.services import person_extended_save
from tests.factories import AreaFactory, BenefitFactory, professional
from tests.factories.casework import basic_case, resident, territory

from .test_benefits_screens import add_resource

CHOICES = [{"code": "a", "label": "Alta"}, {"code": "b", "label": "Baixa"}]


def define(area, form, key, field_type, **fields) -> CustomField:
    return CustomField.objects.create(
        area=area,
        form=form,
        key=key,
        label_ca=fields.pop("label_ca"),
        field_type=field_type,
        **fields,
    )


class ExpedientHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.main = resident(cls.t, first_name="Maria")
        cls.case = basic_case(cls.t, cls.main)
        cls.benefit = BenefitFactory(name="Ajut de lloguer")
        cls.resource = add_resource(cls.t, cls.case, cls.benefit, cls.main)
        area = cls.t.area
        for key, kind, label, extra in (
            ("ref", CustomFieldType.TEXT, "Referència", {}),
            ("kids", CustomFieldType.INTEGER, "Infants", {}),
            ("rate", CustomFieldType.DECIMAL, "Import mensual", {}),
            ("on", CustomFieldType.DATE, "Data de resolució", {}),
            ("urgent", CustomFieldType.BOOLEAN, "Urgent", {}),
            ("level", CustomFieldType.CHOICE, "Nivell", {"choices": CHOICES}),
            ("ways", CustomFieldType.MULTIPLE, "Canals", {"choices": CHOICES}),
            ("who", CustomFieldType.PERSON, "Persona de contacte", {}),
            (
                "aid",
                CustomFieldType.CATALOGUE,
                "Prestació vinculada",
                {"catalogue": "configuration.Benefit"},
            ),
        ):
            define(area, "resource", key, kind, label_ca=label, **extra)
        define(area, "cover.ssb", "council", CustomFieldType.TEXT, label_ca="Consell")
        cls.outsider = professional(roles.COORDINADOR, area=AreaFactory())

    def save_resource(self, **extra):
        resource = Resource.objects.get(pk=self.resource.pk)
        resource.extra = extra
        resource_update(
            resource=resource,
            holder=self.main,
            beneficiaries=[],
            expected_version=None,
            acting_user=self.t.worker,
        )

    def changes(self, user=None) -> list[tuple[str, str, str, str]]:
        history = ExpedientHistory(self.case, user or self.t.worker)
        with translation.override("ca"):
            events = history.build(list(history.entries()))
        return [
            (event.part, change.label, change.old, change.new)
            for event in events
            for change in event.changes
            if hasattr(change, "old")
        ]

    def test_every_type_by_its_label_and_read_as_people_read_it(self):
        self.save_resource(ref="R-1", level="a")
        self.save_resource(
            ref="R-2",
            kids=2,
            rate="1250.50",
            on="2026-03-14",
            urgent=True,
            level="b",
            ways=["a", "b"],
            who=self.main.pk,
            aid=self.benefit.pk,
        )
        lines = {(label, old, new) for _part, label, old, new in self.changes()}
        for line in (
            ("Referència", "R-1", "R-2"),
            ("Infants", "—", "2"),
            ("Import mensual", "—", "1250,50"),
            ("Data de resolució", "—", "14/03/2026"),
            ("Urgent", "—", "Sí"),
            ("Nivell", "Alta", "Baixa"),
            ("Canals", "—", "Alta; Baixa"),
            ("Persona de contacte", "—", self.main.full_name),
            ("Prestació vinculada", "—", "Ajut de lloguer"),
        ):
            self.assertIn(line, lines)
        self.assertFalse(any("{" in old + new for _l, old, new in lines))
        self.assertNotIn(
            "Additional fields", {label for _p, label, _o, _n in self.changes()}
        )

    def test_a_deactivated_fields_change_stays_readable(self):
        self.save_resource(ref="R-9")
        CustomField.objects.filter(key="ref").update(
            deactivated_on=datetime.date.today()
        )
        self.assertIn(
            ("Referència", "—", "R-9"),
            {(label, old, new) for _p, label, old, new in self.changes()},
        )

    def test_the_cover_and_the_tab(self):
        case = Expedient.objects.get(pk=self.case.pk)
        case.extra = {"council": "C-1"}
        case.save()
        self.save_resource(level="b")
        self.client.force_login(self.t.worker)
        response = self.client.get(expedient_url(self.case.pk, "history"))
        self.assertContains(response, "Consell")
        self.assertContains(response, "C-1")
        self.assertContains(response, "Nivell")
        self.assertContains(response, "Baixa")
        self.assertNotContains(response, "&quot;level&quot;")
        self.assertNotContains(response, '"level"')
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(expedient_url(self.case.pk, "history")).status_code, 404
        )

    def test_the_tab_does_not_grow_queries_with_changes(self):
        url = expedient_url(self.case.pk, "history")
        self.client.force_login(self.t.worker)
        self.save_resource(ref="A")
        self.client.get(url)
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        for n in range(4):
            self.save_resource(ref=f"B{n}", level="a" if n % 2 else "b")
        with CaptureQueriesContext(connection) as after:
            self.client.get(url)
        self.assertEqual(len(after), len(before))


class PersonHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.person = resident(cls.t, first_name="Maria")
        cls.extended = PersonExtended.objects.create(person=cls.person, school="X")
        define(
            cls.t.area,
            "person",
            "grant",
            CustomFieldType.BOOLEAN,
            label_ca="Beca local",
        )

    def test_the_extended_blocks_fields_by_their_label(self):
        extended = PersonExtended.objects.get(pk=self.extended.pk)
        extended.extra = {"grant": True}
        person_extended_save(
            extended=extended, acting_user=self.t.worker, expected_version=None
        )
        history = PersonHistory(self.person, self.t.coordinator)
        with translation.override("ca"):
            events, _summary = history.build(list(history.entries()))
        lines = [(c.label, c.old, c.new) for e in events for c in e.changes]
        self.assertIn(("Beca local", "—", "Sí"), lines)
        self.client.force_login(self.t.coordinator)
        url = reverse("person_historial", args=[self.person.pk])
        response = self.client.get(url)
        self.assertContains(response, "Beca local")


class ReferencedValuesQueryTests(TestCase):
    """Persons and catalogue entries named by the changes of a History page
    are read in one query per kind for the page, not one per value: the tab
    runs as many queries with five changes naming five of each as with one."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.main = resident(cls.t, first_name="Maria")
        cls.case = basic_case(cls.t, cls.main)
        cls.resource = add_resource(cls.t, cls.case, BenefitFactory(), cls.main)
        cls.extended = PersonExtended.objects.create(person=cls.main, school="X")
        for form in ("resource", "person"):
            define(cls.t.area, form, "who", CustomFieldType.PERSON, label_ca="Contacte")
            define(
                cls.t.area,
                form,
                "aid",
                CustomFieldType.CATALOGUE,
                label_ca="Ajut vinculat",
                catalogue="configuration.Benefit",
            )
        cls.people = [resident(cls.t, first_name=f"Nom{n}") for n in range(5)]
        cls.aids = [BenefitFactory(name=f"Ajut {n}") for n in range(5)]

    def save_resource(self, n: int):
        resource = Resource.objects.get(pk=self.resource.pk)
        resource.extra = {"who": self.people[n].pk, "aid": self.aids[n].pk}
        resource_update(
            resource=resource,
            holder=self.main,
            beneficiaries=[],
            expected_version=None,
            acting_user=self.t.worker,
        )

    def save_extended(self, n: int):
        extended = PersonExtended.objects.get(pk=self.extended.pk)
        extended.extra = {"who": self.people[n].pk, "aid": self.aids[n].pk}
        person_extended_save(
            extended=extended, acting_user=self.t.worker, expected_version=None
        )

    def queries_for(self, url, save) -> list[int]:
        self.client.force_login(self.t.coordinator)
        counts = []
        for changes in (1, 5):
            for n in range(len(counts) and 1, changes):
                save(n)
            if not counts:
                save(0)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            for n in range(changes):
                self.assertContains(response, self.aids[n].name)
                self.assertContains(response, self.people[n].full_name)
            counts.append(len(queries))
        return counts

    def test_the_expedient_history_tab(self):
        counts = self.queries_for(
            expedient_url(self.case.pk, "history"), self.save_resource
        )
        self.assertEqual(counts[0], counts[1])

    def test_the_person_historial(self):
        counts = self.queries_for(
            reverse("person_historial", args=[self.main.pk]), self.save_extended
        )
        self.assertEqual(counts[0], counts[1])

    def test_one_query_per_kind_for_a_row_shown_alone(self):
        from configuration.custom_fields import all_definitions, shown_values

        fields = all_definitions(area_id=self.t.area.pk, form="resource")
        extra = {"who": self.people[0].pk, "aid": self.aids[0].pk}
        with CaptureQueriesContext(connection) as queries:
            pairs = shown_values(fields, extra)
        self.assertEqual(
            pairs,
            [
                ("Contacte", self.people[0].full_name),
                ("Ajut vinculat", self.aids[0].name),
            ],
        )
        self.assertEqual(len(queries), 2)

    def test_a_person_no_longer_there_reads_as_its_number(self):
        from configuration.custom_fields import ReferenceLabels, display

        definition = CustomField.objects.get(form="resource", key="who")
        names = ReferenceLabels()
        names.want(definition, 999999)
        names.resolve()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(display(definition, 999999, names=names), "999999")
        self.assertEqual(len(queries), 0)
