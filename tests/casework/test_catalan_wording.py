"""Catalan on the casework screens reads as a social worker would write it
(catalan.md): no English attribute names in the History, dates with their
preposition, "Flux" and imperative buttons."""

import datetime

from auditlog.context import set_actor
from django.test import TestCase
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext

from casework.history import ExpedientHistory
from casework.models import BasicCase
from casework.services.expedients import expedient_update
from tests.factories.casework import basic_case, territory


class HistoryWordsTest(TestCase):
    def test_renaming_the_family_shows_no_search_copy(self):
        t = territory()
        case = basic_case(t, family_name="Serra Vila")
        cover = BasicCase.objects.get(pk=case.pk)
        cover.family_name = "Serra Pons"
        with set_actor(t.worker):
            expedient_update(
                case=cover, acting_user=t.worker, expected_version=cover.version
            )
        history = ExpedientHistory(case, t.worker)
        with translation.override("ca"):
            events = history.build(list(history.entries()))
            labels = [str(c.label) for e in events for c in e.changes]
        self.assertIn("Nom de la família", labels)
        self.assertNotIn("Family search", labels)
        self.assertNotIn("family_search", labels)


class DatesAndWordsTest(TestCase):
    def test_long_dates_carry_the_preposition(self):
        with translation.override("ca"):
            self.assertEqual(
                formats.date_format(datetime.date(1985, 3, 14)), "14 de març de 1985"
            )
            self.assertEqual(
                formats.date_format(datetime.date(2026, 8, 28)), "28 d'agost de 2026"
            )
            self.assertEqual(
                formats.date_format(datetime.date(2026, 10, 1), "MONTH_DAY_FORMAT"),
                "1 d'octubre",
            )
        with translation.override("es"):
            self.assertEqual(
                formats.date_format(datetime.date(1985, 3, 14)), "14 de marzo de 1985"
            )

    def test_workflow_is_flux(self):
        with translation.override("ca"):
            self.assertEqual(gettext("Workflows"), "Fluxos de treball")
            self.assertEqual(gettext("Workflow"), "Flux de treball")

    def test_the_create_button_is_an_imperative(self):
        # Wagtail's own Catalan says "Crear" on every new record's button.
        with translation.override("ca"):
            self.assertEqual(gettext("Create"), "Crea")
            self.assertEqual(gettext("Save"), "Desa")

    def test_a_listings_sort_tooltip_is_spelt_right(self):
        # Wagtail's own Catalan spells it "ascencent"; its Spanish is missing.
        ascending = "Sort by '%(label)s' in ascending order."
        with translation.override("ca"):
            self.assertEqual(
                gettext(ascending) % {"label": "Data"},
                "Ordena per «Data» en ordre ascendent.",
            )
        with translation.override("es"):
            self.assertEqual(
                gettext(ascending) % {"label": "Fecha"},
                "Ordenar por «Fecha» en orden ascendente.",
            )

    def test_an_open_link_is_an_imperative(self):
        with translation.override("ca"):
            self.assertEqual(pgettext("verb", "Open"), "Obre")
            self.assertEqual(gettext("Open"), "Obert")  # the state stays a state

    def test_buttons_and_links_speak_as_one_imperative(self):
        # catalan.md: "Desa, Crea, Obre, Tria una persona, Exporta": the
        # downloads, the filters, the choosers and the return's button too.
        buttons = {
            "Download CSV": "Baixa el CSV",
            "Download XLSX": "Baixa l'XLSX",
            "Download PDF": "Baixa el PDF",
            "Apply the filters": "Aplica els filtres",
            "Produce the return": "Elabora la memòria",
            "Choose a professional": "Tria un professional",
            "Choose another professional": "Tria un altre professional",
            "Choose an expedient": "Tria un expedient",
            "Choose another expedient": "Tria un altre expedient",
            "Verify a certificate": "Verifica un certificat",
            "Review the units of the course": "Repassa les unitats del curs",
        }
        with translation.override("ca"):
            for source, catalan in buttons.items():
                with self.subTest(source=source):
                    self.assertEqual(gettext(source), catalan)
