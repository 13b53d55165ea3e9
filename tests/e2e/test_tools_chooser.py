"""A coordinator picks an expedient with the tools' chooser modal in Chromium:
the modal opens, searches and chooses under the Content-Security-Policy."""

import pytest

from .test_csp import signed_in_watching_csp
from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    pytestmark,
)


@pytest.fixture
def demo_expedient(demo_data):  # noqa: F811 - the fixture imported above
    from configuration.models import User
    from helpdesk.tools.permissions import tool_expedients

    coordinator = User.objects.get(username="coordinadora")
    expedient = tool_expedients(coordinator).open().order_by("pk").first()
    return {"pk": expedient.pk, "number": expedient.number}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_coordinator_chooses_the_expedient_in_the_modal(
    live_server,
    demo_expedient,
    browser,  # noqa: F811
):
    page, violations = signed_in_watching_csp(browser, live_server, "coordinadora")
    page.goto(f"{live_server.url}/admin/eines/expedients/transfer/")
    page.locator("#id_subject-chooser .unchosen button").click()
    search = page.locator(".modal input[name=q]")
    search.wait_for()
    search.fill(demo_expedient["number"])
    # The search swaps the results in: wait for the row of the typed number.
    choices = page.locator(".modal [data-chooser-modal-choice]")
    choice = choices.filter(has_text=demo_expedient["number"]).first
    choice.wait_for()
    choice.click()
    page.locator("#id_subject-chooser:not(.blank)").wait_for()
    page.screenshot(path=str(ARTIFACTS / "tools-expedient-chooser.png"))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/eines/expedients/{demo_expedient['pk']}/transfer/")
    assert violations == []
