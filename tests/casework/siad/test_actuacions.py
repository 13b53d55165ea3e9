"""SIAD actuacions (domain.md §3.5): their fields and every rule and refusal
of recording and changing one."""

from datetime import date, time, timedelta
from decimal import Decimal

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import TestCase

from casework.models import Actuacio, SiadActuacio
from casework.modules.siad.services import (
    siad_actuacio_create,
    siad_actuacio_update,
)
from casework.services import EditConflict
from casework.services.expedients import ActionNotAllowed, expedient_close
from casework.services.household import person_link
from configuration import roles
from configuration.bounds import FREE_TEXT_MAX_LENGTH
from configuration.models import (
    AreaSettings,
    ClosingReason,
    SiadConsultationType,
    SiadService,
)
from helpdesk.tools.services import expedient_information_transfer
from tests.factories import AreaFactory, professional
from tests.factories.casework import basic_case, resident

from ..test_expedients_services import relationship
from .data import InEnglish, siad_lists, siad_world


class SiadActuacioFixtures:
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        cls.l = siad_lists()

    def create(self, **values):
        defaults = {"by": self.w.owner, "expedient": self.w.case, "topic": "Acollida"}
        return siad_actuacio_create(**defaults | values)


class SiadActuacioCreateTests(InEnglish, SiadActuacioFixtures, TestCase):
    def test_it_records_every_field_of_the_siad_actuacio(self):
        l = self.l  # noqa: E741 - the lists
        actuacio = self.create(
            date=date.today(),
            time=time(9, 30),
            urgent=True,
            hours=Decimal("1.50"),
            channel=l.channel,
            violence_situation=l.violence,
            attending_service=l.legal,
            referral_source=l.referral,
            consultation_area=l.legal_area,
            consultation_type=l.divorce,
            text="Ha demanat informació sobre l'ordre de protecció.",
        )
        stored = SiadActuacio.objects.get(pk=actuacio.pk)
        self.assertEqual(stored.expedient_id, self.w.case.pk)
        self.assertEqual((stored.time, stored.urgent), (time(9, 30), True))
        self.assertEqual(stored.hours, Decimal("1.50"))
        self.assertEqual(stored.consultation_type, l.divorce)
        self.assertEqual(stored.attending_service, l.legal)
        self.assertEqual(stored.created_by, self.w.owner)
        self.assertEqual(stored.version, 1)

    def test_it_is_an_actuacio_of_the_expedient(self):
        actuacio = self.create()
        self.assertTrue(
            Actuacio.objects.filter(pk=actuacio.pk, expedient=self.w.case).exists()
        )
        self.assertEqual(Actuacio.objects.get(pk=actuacio.pk).siad, actuacio)

    def test_the_responsible_professional_defaults_to_the_author(self):
        self.assertEqual(self.create().responsible, self.w.owner)

    def test_the_responsible_may_be_another_siad_professional_of_the_area(self):
        actuacio = self.create(responsible=self.w.siad_elsewhere)
        self.assertEqual(actuacio.responsible, self.w.siad_elsewhere)

    def test_a_responsible_who_does_not_work_siad_in_the_area_is_refused(self):
        strangers = (
            self.w.t.worker,
            professional(roles.TECNIC_SIAD, area=AreaFactory()),
        )
        for stranger in strangers:
            with self.assertRaises(ValidationError) as raised:
                self.create(responsible=stranger)
            self.assertIn("responsible", raised.exception.message_dict)

    def test_it_concerns_the_woman_unless_told_otherwise(self):
        self.assertEqual(list(self.create().related_persons.all()), [self.w.woman])
        daughter = resident(self.w.t, first_name="Clara")
        person_link(
            expedient=self.w.case,
            person=daughter,
            relationship=relationship(),
            acting_user=self.w.t.coordinator,
        )
        actuacio = self.create(related_persons=[daughter])
        self.assertEqual(list(actuacio.related_persons.all()), [daughter])

    def test_a_person_not_linked_is_refused(self):
        stranger = resident(self.w.t, first_name="Rita")
        with self.assertRaisesMessage(ValidationError, "is not linked"):
            self.create(related_persons=[stranger])

    def test_the_topic_is_required(self):
        for topic in ("", "   "):
            with self.assertRaises(ValidationError) as raised:
                self.create(topic=topic)
            self.assertEqual(
                raised.exception.message_dict["topic"],
                ["Write the topic of the actuació."],
            )
        self.assertFalse(SiadActuacio.objects.exists())

    def test_the_consultation_area_is_taken_from_the_type(self):
        actuacio = self.create(consultation_type=self.l.self_esteem)
        self.assertEqual(actuacio.consultation_area, self.l.psych_area)

    def test_a_type_of_another_consultation_area_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            self.create(
                consultation_area=self.l.legal_area,
                consultation_type=self.l.self_esteem,
            )
        self.assertIn("consultation_type", raised.exception.message_dict)
        self.assertIn("Jurídica", str(raised.exception))

    def test_the_model_refuses_a_type_of_another_area_too(self):
        actuacio = SiadActuacio(
            expedient=self.w.case,
            topic="x",
            consultation_area=self.l.legal_area,
            consultation_type=self.l.self_esteem,
        )
        with self.assertRaises(ValidationError) as raised:
            actuacio.full_clean()
        self.assertIn("consultation_type", raised.exception.message_dict)

    def test_entries_of_another_areas_catalogue_are_refused(self):
        foreign = SiadService.objects.create(
            code="L1", name="D'una altra àrea", area=AreaFactory()
        )
        with self.assertRaises(ValidationError) as raised:
            self.create(attending_service=foreign)
        self.assertIn("attending_service", raised.exception.message_dict)

    def test_the_areas_own_entries_may_be_chosen(self):
        own = SiadService.objects.create(
            code="L1", name="Servei propi", area=self.w.t.area
        )
        self.assertEqual(self.create(attending_service=own).attending_service, own)

    def test_an_entry_no_longer_in_use_cannot_be_chosen(self):
        self.l.channel.is_active = False
        self.l.channel.save()
        with self.assertRaises(ValidationError) as raised:
            self.create(channel=self.l.channel)
        self.assertIn("channel", raised.exception.message_dict)

    def test_the_text_is_bounded_like_all_free_text(self):
        with self.assertRaises(ValidationError) as raised:
            self.create(text="x" * (FREE_TEXT_MAX_LENGTH + 1))
        self.assertIn("text", raised.exception.message_dict)

    def test_negative_hours_and_implausible_dates_are_refused(self):
        for field, value in (
            ("hours", Decimal("-1")),
            ("date", date(1970, 1, 1)),
            ("date", date.today() + timedelta(days=365 * 11)),
        ):
            with self.assertRaises(ValidationError) as raised:
                self.create(**{field: value})
            self.assertIn(field, raised.exception.message_dict)

    def test_a_date_past_the_areas_edit_window_is_refused(self):
        AreaSettings.objects.update_or_create(
            area=self.w.t.area, defaults={"actuacio_edit_days": 5}
        )
        old = date.today() - timedelta(days=6)
        with self.assertRaisesMessage(ValidationError, "within 5 days"):
            self.create(date=old)

    def test_only_the_siad_professionals_of_the_expedient_record(self):
        for user in (
            self.w.siad_mate,  # sees it only by break-glass
            self.w.t.worker,  # follows the woman in SSB
            self.w.siad_elsewhere,
            self.w.foreign,
        ):
            with self.assertRaises(ActionNotAllowed):
                self.create(by=user)
        actuacio = self.create(by=self.w.t.coordinator)
        self.assertEqual(actuacio.created_by, self.w.t.coordinator)

    def test_it_is_recorded_only_in_a_womens_service_expedient(self):
        ssb = basic_case(self.w.t, self.w.woman)
        with self.assertRaisesMessage(ValidationError, "women's service expedient"):
            self.create(by=self.w.t.coordinator, expedient=ssb)

    def test_a_closed_expedient_takes_no_actuacio(self):
        reason = ClosingReason.objects.create(code="1", name="Resolt")
        expedient_close(
            case=self.w.case, reason=reason, acting_user=self.w.t.coordinator
        )
        with self.assertRaisesMessage(ValidationError, "is closed"):
            self.create()

    def test_recording_writes_the_audit_trail(self):
        with set_actor(self.w.owner):
            actuacio = self.create()
        entries = LogEntry.objects.get_for_object(actuacio)
        entry = entries.get(action=LogEntry.Action.CREATE)
        self.assertEqual(entry.actor, self.w.owner)
        self.assertEqual(entry.action, LogEntry.Action.CREATE)


class SiadActuacioUpdateTests(InEnglish, SiadActuacioFixtures, TestCase):
    def setUp(self):
        super().setUp()
        self.actuacio = self.create(consultation_type=self.l.divorce)

    def update(self, **values):
        return siad_actuacio_update(by=self.w.owner, actuacio=self.actuacio, **values)

    def test_it_changes_the_fields_and_bumps_the_version(self):
        changed = self.update(
            topic="Seguiment", urgent=True, attending_service=self.l.service
        )
        stored = SiadActuacio.objects.get(pk=changed.pk)
        self.assertEqual((stored.topic, stored.urgent), ("Seguiment", True))
        self.assertEqual(stored.attending_service, self.l.service)
        self.assertEqual(stored.version, 2)
        self.assertEqual(stored.updated_by, self.w.owner)

    def test_the_change_is_audited(self):
        self.update(topic="Seguiment")
        entry = LogEntry.objects.get_for_object(self.actuacio).latest("pk")
        self.assertEqual(entry.action, LogEntry.Action.UPDATE)
        self.assertIn("topic", entry.changes_dict)

    def test_a_stale_save_is_refused(self):
        stale = SiadActuacio.objects.get(pk=self.actuacio.pk)
        self.update(topic="Primer")
        with self.assertRaises(EditConflict):
            siad_actuacio_update(by=self.w.owner, actuacio=stale, topic="Segon")
        self.assertEqual(SiadActuacio.objects.get(pk=stale.pk).topic, "Primer")

    def test_a_new_area_must_match_the_kept_type(self):
        with self.assertRaises(ValidationError) as raised:
            self.update(consultation_area=self.l.psych_area)
        self.assertIn("consultation_type", raised.exception.message_dict)
        changed = self.update(
            consultation_area=self.l.psych_area,
            consultation_type=self.l.self_esteem,
        )
        self.assertEqual(changed.consultation_type, self.l.self_esteem)

    def test_an_entry_deactivated_since_stays_on_the_actuacio(self):
        SiadConsultationType.objects.filter(pk=self.l.divorce.pk).update(
            is_active=False
        )
        self.actuacio.refresh_from_db()
        self.assertEqual(
            self.update(topic="Seguiment").consultation_type_id, self.l.divorce.pk
        )

    def test_the_topic_stays_required(self):
        with self.assertRaises(ValidationError):
            self.update(topic="")

    def test_the_responsible_professional_may_change_within_the_area(self):
        self.assertEqual(
            self.update(responsible=self.w.siad_mate).responsible, self.w.siad_mate
        )
        with self.assertRaises(ValidationError):
            self.update(responsible=self.w.t.worker)
        with self.assertRaises(ValidationError):
            self.update(responsible=None)

    def test_it_is_read_only_after_the_edit_window(self):
        Actuacio.objects.filter(pk=self.actuacio.pk).update(
            date=date.today() - timedelta(days=60)
        )
        AreaSettings.objects.update_or_create(
            area=self.w.t.area, defaults={"actuacio_edit_days": 30}
        )
        self.actuacio.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "read-only"):
            self.update(topic="Tard")

    def test_the_opening_actuacio_is_not_a_siad_actuacio_to_change(self):
        opening = Actuacio.objects.get(expedient=self.w.case, siad__isnull=True)
        self.assertFalse(SiadActuacio.objects.filter(pk=opening.pk).exists())

    def test_only_the_siad_professionals_of_the_expedient_change_it(self):
        for user in (self.w.siad_mate, self.w.t.worker, self.w.foreign):
            with self.assertRaises(ActionNotAllowed):
                siad_actuacio_update(by=user, actuacio=self.actuacio, topic="x")
        changed = siad_actuacio_update(
            by=self.w.t.coordinator, actuacio=self.actuacio, topic="Coordinació"
        )
        self.assertEqual(changed.topic, "Coordinació")

    def test_the_expedient_cannot_be_changed_by_an_update(self):
        other = self.w.case.pk
        self.update(expedient=basic_case(self.w.t, self.w.woman))
        self.assertEqual(
            SiadActuacio.objects.get(pk=self.actuacio.pk).expedient_id, other
        )

    def test_a_closed_expedient_locks_its_actuacions(self):
        reason = ClosingReason.objects.create(code="1", name="Resolt")
        expedient_close(
            case=self.w.case, reason=reason, acting_user=self.w.t.coordinator
        )
        self.actuacio.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "is closed"):
            self.update(topic="Tard")

    def test_an_information_transfer_locks_what_was_recorded_before(self):
        expedient_information_transfer(
            expedient=self.w.case,
            sector=self.w.t.other_sector,
            acting_user=self.w.t.coordinator,
        )
        self.actuacio.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "moved to another sector"):
            self.update(topic="Tard")
        self.assertEqual(self.create(topic="Després").topic, "Després")
