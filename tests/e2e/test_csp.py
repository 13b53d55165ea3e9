"""The admin's JavaScript works under the Content-Security-Policy: no violation is
reported on the admin home, the search desk and a person record."""

import pytest

from configuration.demo import DEMO_PASSWORD

from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    demo_person,
    pytestmark,
)


def signed_in_watching_csp(chromium, live_server, username: str):
    """A page signed in as `username` at the admin home, and the list the
    Content-Security-Policy violations it reports are collected in."""
    page = chromium.new_context(locale="ca-ES").new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append((page.url, message.text[:160]))
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, violations


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_runs_under_the_policy_without_violations(
    live_server,
    demo_person,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
):
    page, violations = signed_in_watching_csp(browser, live_server, "treballadora")
    # The sidebar is drawn by the admin's scripts: it appears only if they ran.
    page.locator("[data-wagtail-sidebar] a, #wagtail-sidebar a").first.wait_for()
    page.goto(f"{live_server.url}/admin/cercador/?q={demo_person['surnames']}")
    page.locator("main").wait_for()
    page.goto(f"{live_server.url}/admin/directory/persons/edit/{demo_person['pk']}/")
    page.locator("input[name=surname1]").wait_for()
    # A tab switch is handled by the admin's scripts.
    page.locator("[role=tab]").nth(1).click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "csp-person-record.png"))
    assert violations == []
