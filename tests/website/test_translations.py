"""The compiled catalogues (.mo) ship in the repository; they must match their .po."""

import gettext
from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


def expected_catalogue(po: polib.POFile) -> dict:
    """Return the catalogue GNU gettext builds from the translated .po entries."""
    catalogue = {}
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                catalogue[(key, int(index))] = text
        else:
            catalogue[key] = entry.msgstr
    return catalogue


class CatalogueTests(SimpleTestCase):
    def catalogues(self):
        return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))

    def test_catalan_and_spanish_ship_compiled(self):
        langs = {path.parts[-3] for path in self.catalogues()}
        self.assertEqual(langs, {"ca", "es"})
        for po_path in self.catalogues():
            self.assertTrue(po_path.with_suffix(".mo").exists(), po_path)

    def test_every_mo_matches_its_po(self):
        for po_path in self.catalogues():
            with self.subTest(catalogue=str(po_path.relative_to(LOCALE_DIR))):
                po = polib.pofile(str(po_path))
                with po_path.with_suffix(".mo").open("rb") as fh:
                    mo = gettext.GNUTranslations(fh)
                compiled = {k: v for k, v in mo._catalog.items() if k != ""}
                self.assertEqual(compiled, expected_catalogue(po))

    def test_no_catalogue_has_untranslated_or_fuzzy_entries(self):
        for po_path in self.catalogues():
            po = polib.pofile(str(po_path))
            self.assertEqual([e.msgid for e in po.untranslated_entries()], [], po_path)
            self.assertEqual([e.msgid for e in po.fuzzy_entries()], [], po_path)

    def test_our_strings_are_translated_at_run_time(self):
        with translation.override("ca"):
            self.assertEqual(translation.gettext("Sign in to Llar"), "Entra a Llar")
        with translation.override("es"):
            self.assertEqual(translation.gettext("Sign in to Llar"), "Entrar en Llar")
