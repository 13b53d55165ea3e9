"""Browser smoke test: every demo login signs in through the real form in Chromium.

Playwright cannot download its own browser here, so it drives Debian's Chromium
(package `chromium`). Without it the test is skipped with that reason, and
`make test` says so before running; `.ci/run` installs Chromium so CI always runs it.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from configuration.demo import DEMO_PASSWORD, DEMO_PROFESSIONALS

CHROMIUM = Path(os.environ.get("LLAR_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"browser smoke test skipped: no Chromium at {CHROMIUM} "
        "(install Debian's 'chromium' package)",
    ),
]


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread. Database work must
    # happen before it starts (fixtures listed before `browser`): a connection opened
    # inside that loop lives in another context and is never closed.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_demo_login_reaches_the_admin_home(live_server, demo_data, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    for username, *_ in DEMO_PROFESSIONALS:
        context = browser.new_context(locale="ca-ES")
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        assert page.title().endswith("Llar"), (username, page.title())
        assert page.locator("main").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"admin-home-{username}.png"))
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_home_page_links_to_the_workspace(live_server, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Llar"
    page.click("text=Ves a l'espai de treball")
    page.wait_for_url(f"{live_server.url}/admin/login/?next=/admin/")
    assert page.locator("h1").inner_text() == "Entra a Llar"


@pytest.fixture
def correct_choices(demo_data):
    from website.learning.models import QuizPage
    from website.learning.services import correct_choice_ids

    quiz = QuizPage.objects.get()
    return set().union(*(correct_choice_ids(q) for q in quiz.question_map().values()))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_alumne_passes_the_quiz_and_verifies_the_certificate(
    live_server, demo_data, correct_choices, browser
):
    page = browser.new_page(locale="ca-ES")
    page.goto(f"{live_server.url}/admin/login/?next=/curs/prova/")
    page.fill("input[name=username]", "alumne")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/curs/prova/")
    page.click("form button[type=submit]")  # start an attempt
    answers = page.locator("form.quiz input[name^='q-']")
    assert answers.count() > 0
    for index in range(answers.count()):
        answer = answers.nth(index)
        if answer.get_attribute("value") in correct_choices:
            answer.check()
    page.click("form.quiz button[type=submit]")
    page.wait_for_url("**/curs/prova/?result=*")
    code = page.locator(".result .certificate-code").inner_text().strip()
    assert code.startswith("LLAR-")
    page.screenshot(path=str(ARTIFACTS / "quiz-result.png"), full_page=True)
    page.goto(f"{live_server.url}/certificats/")
    page.fill("input[name=code]", code.lower())
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/certificats/{code}/")
    assert page.locator(".result.passed dd.certificate-code").inner_text() == code
    page.screenshot(path=str(ARTIFACTS / "certificate-verified.png"), full_page=True)


@pytest.fixture
def demo_person(demo_data):
    from directory.models import Person

    person = Person.objects.filter(area__code="NORD", birth_date__isnull=False).first()
    return {"pk": person.pk, "surnames": f"{person.surname1} {person.surname2}"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_finds_a_person_at_the_desk_and_opens_the_record(
    live_server, demo_person, browser
):
    page = browser.new_context(locale="ca-ES").new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "treballadora")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    # The sidebar's search box is the desk (its only entry in the menu).
    page.goto(f"{live_server.url}/admin/cercador/")
    # Typed as people type at a desk: lower case, no accents.
    typed = demo_person["surnames"].lower()
    typed = typed.translate(str.maketrans("àèéíòóúïüç", "aeeioouiuc"))
    page.fill("#id_q", typed)
    page.keyboard.press("Enter")
    record = f"/admin/directory/persons/inspect/{demo_person['pk']}/"
    link = page.locator(f"a[href$='{record}']")
    link.first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "search-desk.png"))
    link.first.click()
    # The record opens as a read view; Edit is an action on it.
    page.wait_for_url(f"**{record}")
    # (The breadcrumb links there too, hidden until expanded: the button is last.)
    edit = page.locator(
        f"a[href$='/admin/directory/persons/edit/{demo_person['pk']}/']"
    )
    edit.last.click()
    page.wait_for_url(f"**/directory/persons/edit/{demo_person['pk']}/")
    assert page.locator("input[name=surname1]").input_value()
