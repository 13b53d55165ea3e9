"""Only the information transfer applies to an EAIA expedient (domain.md §3.7,
§4.5): it moves sector keeping the expedient, and the periods and actuacions
recorded before are read, not changed; no family transfer."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.modules import get_module
from casework.modules.eaia.enums import (
    EaiaExpedientType,
    EaiaTerritoriality,
    EaiaThematicScope,
)
from casework.modules.eaia.models import ChildProtectionCase
from casework.modules.eaia.services import (
    eaia_actuacio_create,
    eaia_actuacio_update,
    eaia_evolution_add,
    eaia_evolution_delete,
    eaia_evolution_update,
)
from helpdesk.tools.services import expedient_information_transfer

from .data import InEnglish, eaia_world


class InformationTransferTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = eaia_world()
        w = cls.w
        cls.before = eaia_evolution_add(
            by=w.owner,
            expedient=w.case,
            starts_on=date(2026, 1, 1),
            expedient_type=EaiaExpedientType.RISK,
            territoriality=EaiaTerritoriality.REFERENCE,
            administrative_situation="Estudi",
        )
        cls.actuacio = eaia_actuacio_create(
            by=w.owner,
            expedient=w.case,
            topic="Entrevista",
            place=w.place,
            type=w.kind,
            thematic_scope=EaiaThematicScope.FAMILY,
        )
        expedient_information_transfer(
            expedient=w.case,
            sector=w.t.other_sector,
            reference_team=w.t.other_team,
            acting_user=w.t.coordinator,
        )

    def test_there_is_no_family_transfer(self):
        self.assertFalse(get_module("eaia").family_transfer)

    def test_what_was_recorded_before_is_read_only(self):
        by = self.w.t.coordinator
        with self.assertRaises(ValidationError):
            eaia_evolution_update(
                by=by, period=self.before, administrative_situation="X"
            )
        with self.assertRaises(ValidationError):
            eaia_evolution_delete(by=by, period=self.before)
        with self.assertRaises(ValidationError):
            eaia_actuacio_update(by=by, actuacio=self.actuacio, topic="X")

    def test_new_periods_are_recorded_and_relink_the_locked_one(self):
        case = ChildProtectionCase.objects.get(pk=self.w.case.pk)
        self.assertEqual(case.sector, self.w.t.other_sector)
        eaia_evolution_add(
            by=self.w.t.coordinator,
            expedient=case,
            starts_on=date(2026, 3, 1),
            expedient_type=EaiaExpedientType.TUTELAGE,
            territoriality=EaiaTerritoriality.REFERENCE,
            administrative_situation="Proposta",
        )
        self.before.refresh_from_db()
        self.assertEqual(self.before.ends_on, date(2026, 3, 1))
