"""A coordinator picks an expedient with the tools' chooser modal in Chromium:
the modal opens, searches and chooses under the Content-Security-Policy."""

import pytest

from configuration.demo import DEMO_PASSWORD

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
    page = browser.new_context(locale="ca-ES").new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append((page.url, message.text[:160]))
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "coordinadora")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
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
