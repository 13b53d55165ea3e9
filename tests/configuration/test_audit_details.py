"""Issue 17.9: every audit event reads as a sentence in the Registres' "Detalls"
column, on the screen and in its CSV and XLSX exports, in the reader's language
(Catalan here), never as the entry's internal keys.

Each event is made through its own service, as the screens make it; a table of
the events the code writes, checked against the source, makes sure none is
forgotten."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
from axes.models import AccessAttempt
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.enums import BreakGlassReason
from casework.expedient_pdf import printable_sections
from casework.models import Expedient
from casework.services.access_report import access_report_make
from casework.services.break_glass import break_glass_open
from casework.services.expedients import expedient_update
from casework.services.printing import expedient_print
from configuration import roles
from configuration.audit.details import details_sentence, has_audit_sentence
from directory.enums import KinshipKind, PersonStatus
from directory.services import kinship_add, person_merge, person_unmerge
from helpdesk.alerts.kinds import AlertKind
from helpdesk.alerts.services import alert_dismiss
from helpdesk.details import INCIDENT_STEPS, incident_sentence
from helpdesk.handovers.services import handover_acknowledge
from helpdesk.incidents.services import (
    incident_assign,
    incident_close,
    incident_note,
    incident_reply,
    incident_resolve,
)
from helpdesk.models import Handover
from helpdesk.tools.details import LABELS as TOOL_LABELS
from helpdesk.tools.services import person_reactivate
from tests.factories import UserFactory, professional
from tests.factories.casework import basic_case, resident, territory
from tests.helpdesk.incidents_data import open_incident
from tests.helpdesk.test_alerts import days, resource
from tests.website.test_second_factor import code
from website.security.services import (
    second_factor_reset,
    sign_in_unlock,
    totp_device_for_enrolment,
    totp_enrol_confirm,
)

INDEX = "registres:index"
ROOT = Path(settings.BASE_DIR)
APPS = ("configuration", "directory", "casework", "agenda", "helpdesk", "website")

# Every event name the code writes into an audit entry's `additional_data`.
EVENTS = {
    "export",
    "export_download",
    "search",
    "sign_in",
    "sign_out",
    "sign_in_failed",
    "access_report",
    "expedient_print",
    "break_glass",
    "merge",
    "merged_into",
    "unmerge",
    "sign_in_unlock",
    "second_factor_reset",
    "second_factor_enrolled",
    "tool",
    "handover_acknowledged",
    "incident",
    "alert_dismissed",
    "agenda_override",
    "form_fields_import",
}
# How the code names an event: a constant (`BREAK_GLASS_EVENT = "break_glass"`),
# a literal key (`{"event": "x"}`), a keyword (`event="x"`) or a lookup on it.
EVENT_PATTERNS = (
    re.compile(r'\b\w*_EVENT = "(\w+)"'),
    re.compile(r'"event": "(\w+)"'),
    re.compile(r'(?<![\w.])event="(\w+)"'),
    re.compile(r'additional_data__event="(\w+)"'),
)
# A snake_case word or a brace: an internal key or a dict leaking into "Detalls".
RAW = re.compile(r"[{}]|\b[a-z]+_[a-z_]+\b|\btool:")


def source_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def events_in_source() -> dict[str, str]:
    """{event name: the file that writes it}. Actuacions also have an `event`
    (their automatic kind), always looked up on the model: those lines go."""
    found = {}
    for path in source_files():
        for line in path.read_text().splitlines():
            if "Actuacio" in line:
                continue
            for pattern in EVENT_PATTERNS:
                for name in pattern.findall(line):
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


class EveryEventHasASentenceTests(TestCase):
    def test_the_table_lists_every_event_the_code_writes(self):
        found = events_in_source()
        self.assertEqual(set(found) - EVENTS, set(), found)
        self.assertEqual(EVENTS - set(found), set())

    def test_every_event_has_a_sentence_writer(self):
        for event in sorted(EVENTS):
            with self.subTest(event=event):
                self.assertTrue(has_audit_sentence(event))
                with translation.override("ca"):
                    sentence = details_sentence({"event": event}, "Anna Serra")
                self.assertTrue(sentence)
                self.assertIsNone(RAW.search(sentence), sentence)

    def test_every_step_of_an_incident_has_its_own_sentence(self):
        source = (ROOT / "helpdesk/incidents/services.py").read_text()
        actions = set(re.findall(r'action="(\w+)"', source))
        actions |= set(re.findall(r'acting_user,\s*"(\w+)"', source))
        self.assertEqual(actions, set(INCIDENT_STEPS) | {"assign"})
        fallback = incident_sentence({"action": "unknown"}, "")
        for action in actions:
            with self.subTest(action=action):
                sentence = incident_sentence({"action": action}, "")
                self.assertNotEqual(sentence, fallback)

    def test_every_coordinators_tool_is_named(self):
        tools = set()
        for path in source_files():
            tools |= set(re.findall(r'\b\w+_TOOL = "(\w+)"', path.read_text()))
        self.assertTrue(tools)
        self.assertEqual(tools - set(TOOL_LABELS), set())

    def test_an_entry_without_an_event_says_nothing(self):
        # An ordinary create, change or delete (a kinship keeps both ends' ids).
        self.assertEqual(details_sentence({"person": 1, "relative": 2}), "")
        self.assertEqual(details_sentence(None), "")
        self.assertEqual(details_sentence({"event": "nobody_wrote_this"}), "")


class OlderEntriesTests(TestCase):
    """Entries written before a key was kept still read as whole sentences."""

    def sentence(self, data, record="#4 No puc desar"):
        with translation.override("ca"):
            return details_sentence(data, record)

    def test_a_handover_without_the_previous_professionals_name(self):
        data = {"event": "handover_acknowledged", "from_professional": 3}
        self.assertEqual(
            self.sentence(data), "Ha confirmat la recepció del relleu de l'expedient."
        )

    def test_an_assignment_without_the_assignees_name(self):
        data = {"event": "incident", "action": "assign", "assigned_to": [None, 7]}
        self.assertEqual(
            self.sentence(data), "Ha canviat a qui està assignada la incidència."
        )

    def test_a_merge_that_took_no_field_or_a_field_gone_since(self):
        data = {"event": "merge", "other_name": "Nuria García", "merge": 1}
        data["fields_taken"] = ["gone_field"]
        self.assertEqual(
            self.sentence(data, "Núria García"),
            "Ha fusionat la fitxa de Nuria García en la de Núria García.",
        )

    def test_a_break_glass_entry_with_an_unknown_reason(self):
        data = {"event": "break_glass", "reason": "gone", "text": "x"}
        self.assertEqual(
            self.sentence(data),
            "Ha obert l'expedient confidencial amb accés d'emergència.",
        )


class RegistresSentencesTests(TestCase):
    """Each event made through its service, then read on the Registres screen
    and in both its exports by the area's administrator, in Catalan."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.admin = professional(roles.ADMINISTRADOR, area=cls.t.area)
        cls.superuser = UserFactory(is_superuser=True, area=None)

    def details(self, viewer, export_format) -> list[str]:
        self.client.force_login(viewer)
        response = self.client.get(reverse(INDEX), {"export": export_format})
        content = b"".join(response.streaming_content)
        if export_format == "csv":
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        column = rows[0].index("Detalls")
        return [row[column] or "" for row in rows[1:]]

    def assertInRegistres(self, *sentences, viewer=None):
        viewer = viewer or self.admin
        self.client.force_login(viewer)
        response = self.client.get(reverse(INDEX))
        self.assertEqual(response.status_code, 200)
        for sentence in sentences:
            self.assertContains(response, escape(sentence))
        listed = [entry.details for entry in response.context["object_list"]]
        for export_format in ("csv", "xlsx"):
            exported = self.details(viewer, export_format)
            for sentence in sentences:
                self.assertIn(sentence, exported, export_format)
            for value in exported + listed:
                self.assertIsNone(RAW.search(value), value)

    def test_break_glass(self):
        secret = basic_case(self.t, confidential=True)
        access = break_glass_open(
            expedient=secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.URGENT_CARE,
            text="Cobreixo la referent",
        )
        until = timezone.localtime(access.expires_at).strftime("%d/%m/%Y %H:%M")
        self.assertInRegistres(
            "Ha obert l'expedient confidencial amb accés d'emergència fins al "
            f"{until}. Motiu: Atenció urgent a la persona («Cobreixo la referent»)."
        )

    def test_access_report(self):
        person = resident(self.t)
        access_report_make(person=person, acting_user=self.t.coordinator)
        self.assertInRegistres(
            "S'ha fet l'informe d'accessos de la fitxa (1 accés llistat)."
        )

    def test_expedient_print(self):
        case = basic_case(self.t)
        expedient_print(
            expedient=case,
            sections=printable_sections(self.t.worker, case)[:2],
            acting_user=self.t.worker,
        )
        self.assertInRegistres("Ha imprès l'expedient (2 seccions).")

    def test_merge_and_its_undo(self):
        survivor = resident(self.t, first_name="Núria", email="")
        merged = resident(self.t, first_name="Nuria", email="nuria@example.org")
        merge = person_merge(
            survivor=survivor,
            merged=merged,
            fields_taken=["email"],
            acting_user=self.t.coordinator,
        )
        names = {"survivor": str(survivor), "merged": str(merged)}
        merged_into = "Ha fusionat la fitxa de {merged} en la de {survivor}.".format(
            **names
        )
        self.assertInRegistres(
            merged_into + " Valors que se n'han pres: Correu electrònic.",
            merged_into,
        )
        person_unmerge(merge=merge, acting_user=self.t.coordinator)
        self.assertInRegistres(
            "Ha desfet la fusió de les fitxes de {survivor} i {merged}.".format(
                **names
            ),
            "Ha desfet la fusió de les fitxes de {merged} i {survivor}.".format(
                **names
            ),
        )

    def test_sign_in_unlock(self):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(
                reverse("wagtailadmin_login"),
                {"username": self.t.worker.username, "password": "wrong-one-123"},
            )
        self.assertTrue(AccessAttempt.objects.exists())
        sign_in_unlock(professional=self.t.worker, acting_user=self.t.coordinator)
        sign_in_unlock(professional=self.t.teammate, acting_user=self.t.coordinator)
        self.assertInRegistres(
            f"Ha desbloquejat l'inici de sessió de {self.t.worker}.",
            f"Ha demanat desbloquejar l'inici de sessió de {self.t.teammate}, "
            "que no estava bloquejat.",
        )

    def test_second_factor_enrolment_and_reset(self):
        device = totp_device_for_enrolment(user=self.t.worker)
        totp_enrol_confirm(device=device, token=code(device), acting_user=self.t.worker)
        second_factor_reset(professional=self.t.worker, acting_user=self.t.coordinator)
        self.assertFalse(TOTPDevice.objects.filter(user=self.t.worker).exists())
        self.assertInRegistres(
            "Ha activat la verificació en dos passos amb una aplicació d'autenticació.",
            f"Ha restablert la verificació en dos passos de {self.t.worker} "
            "(s'ha tret 1 aplicació d'autenticació).",
        )

    def test_handover_acknowledged(self):
        case = Expedient.objects.get(pk=basic_case(self.t).pk)
        case.reference_professional = self.t.teammate
        with self.captureOnCommitCallbacks(execute=True):
            expedient_update(case=case, acting_user=self.t.worker)
        handover = Handover.objects.get(to_professional=self.t.teammate)
        handover_acknowledge(handover=handover, acting_user=self.t.teammate)
        self.assertInRegistres(
            f"Ha confirmat la recepció del relleu que li ha passat {self.t.worker}."
        )

    def test_every_step_of_an_incident(self):
        agent = professional(roles.SUPORT, area=None)
        with self.captureOnCommitCallbacks(execute=True):
            incident = open_incident(self.t.worker)
            incident_assign(incident=incident, acting_user=agent, assignee=agent)
            incident_reply(incident=incident, acting_user=agent, text="Proveu ara.")
            incident_note(incident=incident, acting_user=agent, text="Revisat.")
            incident_resolve(incident=incident, acting_user=agent)
            incident_close(incident=incident, acting_user=self.t.worker)
        # The support desk has no area: its steps are for superusers to read.
        self.assertInRegistres(
            "Ha obert la incidència de suport.",
            "Ha tancat la incidència. Estat: Resolta → Tancada.",
        )
        self.assertInRegistres(
            "Ha obert la incidència de suport.",
            f"Ha assignat la incidència a {agent}.",
            "Ha respost al fil de la incidència. Estat: Oberta → Actualitzada.",
            "Ha escrit una nota interna a la incidència.",
            "Ha marcat la incidència com a resolta. Estat: Actualitzada → Resolta.",
            "Ha tancat la incidència. Estat: Resolta → Tancada.",
            viewer=self.superuser,
        )

    def test_dismissed_alert(self):
        row = resource(basic_case(self.t), ends_on=days(-1))
        alert_dismiss(
            kind=AlertKind.RESOURCE_EXPIRED, object_id=row.pk, acting_user=self.t.worker
        )
        self.assertInRegistres(
            "Ha descartat per a tothom l'alerta «Recursos concedits amb la data "
            "de finalització superada»."
        )

    def test_a_coordinators_tool(self):
        person = resident(
            self.t, status=PersonStatus.DECEASED, death_date=date(2025, 1, 10)
        )
        person_reactivate(person=person, acting_user=self.t.coordinator)
        self.assertInRegistres("Fitxa d'una persona difunta reactivada.")

    def test_ordinary_changes_show_no_keys(self):
        # A kinship's entries keep both ends' ids: "Detalls" stays empty.
        anna, pau = resident(self.t), resident(self.t, first_name="Pau")
        kinship_add(
            person=anna,
            relative=pau,
            kind=KinshipKind.PARTNER,
            acting_user=self.t.worker,
        )
        self.assertInRegistres()
