"""Issue 17.1 in Chromium: the administrator types a new professional into
/admin/users/new/ as a person does (ticks a team, picks a role) and saves; the
coordinator then changes the professional's colour and teams through the edit
form and sees them among the team's members. Any console error fails it."""

import pytest

from configuration.demo import DEMO_PASSWORD

from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    pytestmark,
)

NEW_TEAM = "Equip de suport a domicili"
SECOND_TEAM = "Equip d'infància i família"


def signed_in(chromium, live_server, username: str):
    """A page signed in as `username`, and the console errors it collects."""
    page = chromium.new_context(locale="ca-ES").new_page()
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


def team_box(page, name: str):
    return page.locator("input[name=teams]").locator(
        f'xpath=ancestor::label[contains(., "{name}")]//input'
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_professional_is_created_in_a_team_and_rearranged(
    live_server,
    demo_data,  # noqa: F811 - the fixture imported above
    browser,  # noqa: F811
):
    ARTIFACTS.mkdir(exist_ok=True)
    page, errors = signed_in(browser, live_server, "admin")
    page.goto(f"{live_server.url}/admin/users/new/")
    page.locator("input[name=teams]").first.wait_for()
    page.fill("input[name=username]", "nouprofessional")
    page.fill("input[name=email]", "nou.professional@example.invalid")
    page.fill("input[name=first_name]", "Jana")
    page.fill("input[name=last_name]", "Provisional Roca")
    page.fill("input[name=password1]", "una-contrasenya-llarga-42")
    page.fill("input[name=password2]", "una-contrasenya-llarga-42")
    page.get_by_label(NEW_TEAM).check()
    page.screenshot(path=str(ARTIFACTS / "professional-new.png"), full_page=True)
    page.locator("[role=tab]").nth(1).click()  # Wagtail's "Roles" tab
    page.get_by_label("Tècnic/a de serveis socials (TS/ES)").check()
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/admin/users/")
    assert "Jana Provisional Roca" in page.locator("main").inner_text()
    assert errors == []

    page, errors = signed_in(browser, live_server, "coordinadora")
    page.goto(f"{live_server.url}/admin/users/?q=nouprofessional")
    page.get_by_role("link", name="Jana Provisional Roca").first.click()
    page.wait_for_url("**/admin/users/edit/*/")
    assert page.get_by_label(NEW_TEAM).is_checked()
    page.get_by_label(SECOND_TEAM).check()
    page.fill("input[name=calendar_colour]", "#aa3300")
    page.screenshot(path=str(ARTIFACTS / "professional-edit.png"), full_page=True)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/users/")
    page.goto(f"{live_server.url}/admin/configuration/teams/")
    rows = page.locator("main table tbody tr")
    for team in (NEW_TEAM, SECOND_TEAM):
        assert "Jana Provisional Roca" in rows.filter(has_text=team).inner_text()
    page.screenshot(path=str(ARTIFACTS / "teams-members.png"), full_page=True)
    assert errors == []
