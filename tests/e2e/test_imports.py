"""Issue 17: a coordinator and the superuser import the published Hèstia files
through the admin's import screens in Chromium, as a person does: the listing's
Import button, the upload, the preview, the confirmation. Any console error fails.

The files are read from ../shared/data/hestia-interface/ (tests/hestia.py); the
test is skipped with that reason where the folder is absent.
"""

import pytest

from configuration.demo import DEMO_PASSWORD, DEMO_SUPERUSER
from tests.hestia import hestia_dir

from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    pytestmark,
)

FILES = ("TipusRecurs.csv", "Municipis.csv")
pytestmark = [
    *pytestmark,
    pytest.mark.skipif(
        not all((hestia_dir() / name).exists() for name in FILES),
        reason=f"the official Hèstia files are not in {hestia_dir()}",
    ),
]


def signed_in(browser, live_server, username):  # noqa: F811
    """A Catalan page signed in as `username`, and the console errors it reports."""
    page = browser.new_context(locale="ca-ES").new_page()
    # A dry run over 948 rows on a busy CI machine can take a minute.
    page.set_default_timeout(180_000)
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, errors


def import_through_the_listing(page, live_server, listing: str, filename: str, shot):
    page.goto(f"{live_server.url}/admin/configuration/catalogues/{listing}/")
    # The header's "more" menu (the first toggle; the last opens the filters)
    # holds Import, rendered when it opens.
    page.locator("header [data-w-dropdown-target='toggle']").first.click()
    page.locator("a[href*='/catalogues/import/']").first.click()
    page.wait_for_url("**/catalogues/import/**")
    page.set_input_files("input[name=import_file]", str(hestia_dir() / filename))
    page.get_by_role("button", name="Previsualitza").click()
    page.locator("#import-result-heading").wait_for()
    page.screenshot(path=str(ARTIFACTS / f"import-{shot}-preview.png"), full_page=True)
    preview = page.locator("main").inner_text()
    page.get_by_role("button", name="Importa", exact=True).click()
    page.wait_for_url(f"**/catalogues/{listing}/")
    page.screenshot(path=str(ARTIFACTS / f"import-{shot}-done.png"))
    return preview, page.locator(".messages").inner_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_coordinator_and_the_superuser_import_the_published_files(
    live_server,
    demo_data,  # noqa: F811
    browser,  # noqa: F811
):
    from configuration.models import Benefit, Municipality

    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = signed_in(browser, live_server, "coordinadora")
    preview, message = import_through_the_listing(
        page, live_server, "benefit", "TipusRecurs.csv", "benefits-coordinator"
    )
    assert "deixades com estan" in preview  # the shared entries, in one line
    assert "fitxer importat" in message, message
    assert Benefit.objects.filter(area__code="NORD").count() > 150
    page.context.close()

    page, more_errors = signed_in(browser, live_server, DEMO_SUPERUSER)
    preview, message = import_through_the_listing(
        page, live_server, "municipality", "Municipis.csv", "municipalities"
    )
    assert "fitxer importat" in message, message
    assert Municipality.objects.count() >= 948
    assert errors + more_errors == []
