"""EAIA actuacions (domain.md §3.7): place, topic, type and thematic scope
required; "record it in every sibling's expedient too" writes it once in each
open EAIA expedient of a brother or sister, all in one transaction; only its
EAIA professionals record them; the SSB actuació screens leave them out."""

from datetime import date, timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from casework.modules.eaia import services as eaia_services
from casework.modules.eaia.enums import EaiaThematicScope
from casework.modules.eaia.models import EaiaActuacio
from casework.modules.eaia.services import (
    eaia_actuacio_create,
    eaia_actuacio_update,
    open_child_protection_expedient,
    sibling_expedients,
)
from casework.services.expedients import ActionNotAllowed, expedient_close
from casework.tabs import expedient_url
from configuration.models import ClosingReason
from directory.enums import KinshipKind
from directory.services.records import kinship_add

from .data import InEnglish, child, eaia_world, sibling_of


def record(w, expedient=None, **values) -> EaiaActuacio:
    fields = {
        "topic": "Entrevista amb la família",
        "place": w.place,
        "type": w.kind,
        "thematic_scope": EaiaThematicScope.FAMILY,
        **values,
    }
    return eaia_actuacio_create(by=w.owner, expedient=expedient or w.case, **fields)


class RequiredFieldsTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()

    def test_place_topic_type_and_thematic_scope_are_required(self):
        for field, empty in (
            ("place", None),
            ("type", None),
            ("topic", "  "),
            ("thematic_scope", ""),
        ):
            with self.subTest(field), self.assertRaises(ValidationError) as caught:
                record(self.w, **{field: empty})
            self.assertIn(field, caught.exception.error_dict)
        self.assertFalse(EaiaActuacio.objects.exists())

    def test_it_concerns_the_child_and_its_author_is_responsible(self):
        row = record(self.w)
        self.assertEqual(list(row.related_persons.all()), [self.w.child])
        self.assertEqual(row.responsible, self.w.owner)
        self.assertEqual(row.get_thematic_scope_display(), "Family")

    def test_past_the_edit_window_it_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            record(self.w, date=date.today() - timedelta(days=400))
        self.assertIn("date", caught.exception.error_dict)

    def test_only_its_eaia_professionals_record_them(self):
        record(self.w, topic="Coordinació")  # the owner
        eaia_actuacio_create(
            by=self.w.t.coordinator,
            expedient=self.w.case,
            topic="Revisió",
            place=self.w.place,
            type=self.w.kind,
            thematic_scope=EaiaThematicScope.PROTECTION,
        )
        for user in (self.w.siad, self.w.t.worker, self.w.eaia_elsewhere):
            with self.subTest(user=user.username), self.assertRaises(ActionNotAllowed):
                eaia_actuacio_create(
                    by=user,
                    expedient=self.w.case,
                    topic="X",
                    place=self.w.place,
                    type=self.w.kind,
                    thematic_scope=EaiaThematicScope.FAMILY,
                )


class SiblingTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        w = cls.w
        cls.anna, cls.anna_case = sibling_of(w, "Anna")
        # A sibling recorded the other way round (she is the "person").
        cls.roc = child(w.t, "Roc")
        kinship_add(
            person=cls.roc,
            relative=w.child,
            kind=KinshipKind.SIBLING,
            acting_user=w.owner,
        )
        cls.roc_case = open_child_protection_expedient(by=w.owner, person=cls.roc)
        # Not written: a sibling without an EAIA expedient, one whose expedient
        # is closed, and a cousin with an open one.
        sibling_of(w, "Ona", open_case=False)
        _, closed = sibling_of(w, "Joel")
        expedient_close(
            case=closed,
            reason=ClosingReason.objects.create(code="9", name="Resolt"),
            acting_user=w.owner,
        )
        cousin = child(w.t, "Mar")
        kinship_add(
            person=w.child, relative=cousin, kind=KinshipKind.OTHER, acting_user=w.owner
        )
        cls.cousin_case = open_child_protection_expedient(by=w.owner, person=cousin)

    def test_the_siblings_are_brothers_and_sisters_with_an_open_expedient(self):
        found = sibling_expedients(by=self.w.owner, expedient=self.w.case)
        self.assertEqual(
            [case.pk for case in found], [self.anna_case.pk, self.roc_case.pk]
        )

    def test_it_is_written_once_in_each_siblings_expedient(self):
        first = record(self.w, to_siblings=True)
        for case, kid in ((self.anna_case, self.anna), (self.roc_case, self.roc)):
            with self.subTest(kid.first_name):
                copy = EaiaActuacio.objects.get(expedient=case)
                self.assertEqual(copy.copied_from, first)
                self.assertEqual(copy.topic, first.topic)
                self.assertEqual(copy.thematic_scope, first.thematic_scope)
                self.assertEqual(list(copy.related_persons.all()), [kid])
        self.assertEqual(EaiaActuacio.objects.filter(expedient=self.w.case).count(), 1)
        self.assertFalse(EaiaActuacio.objects.filter(expedient=self.cousin_case))
        self.assertEqual(EaiaActuacio.objects.count(), 3)

    def test_without_the_box_only_this_expedient_gets_it(self):
        record(self.w)
        self.assertEqual(EaiaActuacio.objects.count(), 1)

    def test_all_or_nothing_when_one_siblings_write_fails(self):
        real = eaia_services.ensure_linked
        calls = []

        def fail_on_the_last(expedient, persons):
            calls.append(expedient.pk)
            if expedient.pk == self.roc_case.pk:
                raise ValidationError("refused")
            return real(expedient, persons)

        with (
            mock.patch.object(eaia_services, "ensure_linked", fail_on_the_last),
            self.assertRaises(ValidationError),
        ):
            record(self.w, to_siblings=True)
        self.assertEqual(calls, [self.w.case.pk, self.anna_case.pk, self.roc_case.pk])
        self.assertFalse(EaiaActuacio.objects.exists())

    def test_a_siblings_expedient_the_author_does_not_see_is_left_alone(self):
        w = self.w
        hidden, _case = sibling_of(w, "Lia", open_case=False)
        elsewhere = open_child_protection_expedient(
            by=w.eaia_elsewhere,
            person=hidden,
            sector=w.t.other_sector,
        )
        record(w, to_siblings=True)
        self.assertFalse(EaiaActuacio.objects.filter(expedient=elsewhere).exists())

    def test_changing_it_changes_only_this_one(self):
        first = record(self.w, to_siblings=True)
        eaia_actuacio_update(by=self.w.owner, actuacio=first, topic="Nou tema")
        self.assertEqual(
            set(EaiaActuacio.objects.values_list("topic", flat=True)),
            {"Nou tema", "Entrevista amb la família"},
        )

    def test_the_screen_writes_it_to_the_siblings(self):
        self.client.force_login(self.w.owner)
        url = f"{reverse('casework_eaia_actuacions:add')}?expedient={self.w.case.pk}"
        response = self.client.post(
            url,
            {
                "date": date.today().strftime("%d/%m/%Y"),
                "place": self.w.place.pk,
                "type": self.w.kind.pk,
                "thematic_scope": EaiaThematicScope.EDUCATION,
                "topic": "Reunió amb l'escola",
                "responsible": self.w.owner.pk,
                "related_persons": [self.w.child.pk],
                "to_siblings": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            EaiaActuacio.objects.filter(topic="Reunió amb l'escola").count(), 3
        )


class ActuacioScreenTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        cls.row = record(cls.w)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_its_screens_answer_404_outside_scope(self):
        for url in (
            expedient_url(self.w.case.pk, "eaia_actuacions"),
            reverse("casework_eaia_actuacions:edit", args=[self.row.pk]),
            f"{reverse('casework_eaia_actuacions:add')}?expedient={self.w.case.pk}",
        ):
            with self.subTest(url):
                self.assertEqual(self.get(self.w.owner, url).status_code, 200)
                self.assertEqual(self.get(self.w.t.coordinator, url).status_code, 200)
                self.assertEqual(self.get(self.w.siad, url).status_code, 404)
                self.assertEqual(self.get(self.w.foreign, url).status_code, 404)

    def test_the_ssb_actuacio_screens_leave_it_out(self):
        url = reverse("casework_actuacions:edit", args=[self.row.pk])
        self.assertEqual(self.get(self.w.t.coordinator, url).status_code, 404)
        add = f"{reverse('casework_actuacions:add')}?expedient={self.w.case.pk}"
        self.assertEqual(self.get(self.w.t.coordinator, add).status_code, 404)

    def test_an_eaia_actuacio_is_added_only_to_an_eaia_expedient(self):
        from tests.factories.casework import basic_case

        ssb = basic_case(self.w.t)
        add = f"{reverse('casework_eaia_actuacions:add')}?expedient={ssb.pk}"
        self.assertEqual(self.get(self.w.t.coordinator, add).status_code, 404)
