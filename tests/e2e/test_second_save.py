"""Two professionals edit the same person record and the same actuació in two
browsers (issue 15.3, 16.5). The first saves; the second's Desa is refused with
what the first changed, in Catalan, escaped once; a second click on Desa saves
only what the refused form shows, so the first one's change survives, and
overwriting it takes typing one's own value again after seeing both. Any
console error fails the test."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from casework.services import actuacio_create
from configuration.models import ActuacioPlace, ActuacioType
from tests.factories.casework import basic_case, resident, territory

from .test_smoke import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def race(transactional_db):
    t = territory()
    person = resident(t, first_name="Maria", phone1="600000001")
    case = basic_case(t, person)
    actuacio = actuacio_create(
        expedient=case,
        acting_user=t.worker,
        related_persons=[person],
        type=ActuacioType.objects.create(code="e2e-a", name="Informació"),
        place=ActuacioPlace.objects.create(code="e2e-p", name="Domicili"),
        topic="Entrevista",
        responsible=t.worker,
    )
    sessions = {}
    for user in (t.worker, t.teammate):
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies["sessionid"].value
    return SimpleNamespace(
        first=t.teammate,
        second=t.worker,
        sessions=sessions,
        person_url=reverse("person:edit", args=[person.pk]),
        actuacio_url=reverse("casework_actuacions:edit", args=[actuacio.pk]),
    )


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Desk:
    """One professional's browser, failing the test on any console error."""

    def __init__(self, browser, live_server, session: str):
        self.base = live_server.url
        self.context = browser.new_context(locale="ca-ES")
        self.context.add_cookies(
            [{"name": "sessionid", "value": session, "url": self.base}]
        )
        self.page = self.context.new_page()
        self.errors = []
        self.page.on(
            "console",
            lambda message: (
                message.type == "error" and self.errors.append(message.text)
            ),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, url: str):
        self.page.goto(self.base + url)
        self.page.wait_for_load_state("networkidle")

    def save(self):
        with self.page.expect_navigation():
            self.page.locator("footer button[type=submit]").first.click()
        self.page.wait_for_load_state("networkidle")

    def value(self, selector: str) -> str:
        return self.page.locator(selector).input_value()

    def refusal(self) -> str:
        return self.page.locator("main").inner_text()


def check_refusal(text: str, name: str, theirs: str, mine: str) -> None:
    assert "ha desat aquest registre mentre l'editàveu" in text, text
    assert f"Mentrestant, {name} ho ha canviat a «{theirs}»" in text, text
    assert f"el vostre valor «{mine}» no s'ha desat" in text, text
    for raw in ("&#x27;", "&amp;", "<ul>", "<li>", "&lt;"):
        assert raw not in text, raw


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_second_save_is_refused_with_the_first_ones_change(
    live_server, race, browser
):
    ARTIFACTS.mkdir(exist_ok=True)
    first = Desk(browser, live_server, race.sessions[race.first.pk])
    second = Desk(browser, live_server, race.sessions[race.second.pk])
    name = race.first.get_full_name()

    # The person record: both open it, the first changes the phone and saves.
    first.open(race.person_url)
    second.open(race.person_url)
    first.page.fill("#id_phone1", "600111222")
    first.save()
    second.page.fill("#id_phone1", "600333444")
    second.page.fill("#id_phone2", "933000000")
    second.save()
    check_refusal(second.refusal(), name, "600111222", "600333444")
    assert second.value("#id_phone1") == "600111222"  # theirs, in the form
    assert second.value("#id_phone2") == "933000000"  # mine, kept
    second.page.screenshot(
        path=str(ARTIFACTS / "second-save-refused-person.png"), full_page=True
    )
    second.save()  # the second click stores what the form shows
    first.open(race.person_url)
    assert first.value("#id_phone1") == "600111222"
    assert first.value("#id_phone2") == "933000000"

    # The actuació: the same, then the second overwrites consciously.
    first.open(race.actuacio_url)
    second.open(race.actuacio_url)
    first.page.fill("#id_topic", "Visita a domicili")
    first.save()
    second.page.fill("#id_topic", "Entrevista inicial")
    second.page.fill("#id_text", "Nota de la segona")
    second.save()
    check_refusal(second.refusal(), name, "Visita a domicili", "Entrevista inicial")
    second.page.screenshot(
        path=str(ARTIFACTS / "second-save-refused-actuacio.png"), full_page=True
    )
    second.page.locator("[data-contentpath=topic]").screenshot(
        path=str(ARTIFACTS / "second-save-refused-actuacio-field.png")
    )
    assert second.value("#id_topic") == "Visita a domicili"
    second.page.fill("#id_topic", "Entrevista inicial")  # after seeing both
    second.save()
    first.open(race.actuacio_url)
    assert first.value("#id_topic") == "Entrevista inicial"
    assert first.value("#id_text") == "Nota de la segona"

    assert first.errors == [] and second.errors == [], (first.errors, second.errors)
