"""The SAD manager in Chromium (issue 18): proposes the start of a home-care
service typing its date as dd/mm/aaaa, approves it, adds a work plan from a
later date, downloads the service agreement; then the manager and a
coordinator change that work plan in two browsers and the second save is
refused with what the first changed. Any console error fails the test."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import HomeCareWorkPlan
from casework.tabs import expedient_url
from tests.casework.sad.world import open_case, world

from .test_second_save import Desk, browser  # noqa: F401 - the fixture
from .test_smoke import ARTIFACTS, CHROMIUM
from .test_typing import type_into

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def typed(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def home_care(transactional_db):
    w = world()
    case = open_case(w)
    sessions = {}
    for user in (w.manager, w.t.coordinator):
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies["sessionid"].value
    return SimpleNamespace(
        w=w,
        case=case,
        manager=sessions[w.manager.pk],
        coordinator=sessions[w.t.coordinator.pk],
        coordinator_name=w.t.coordinator.get_full_name(),
        propose_url=reverse("casework_sad_propose", args=[case.pk]),
        events_tab=expedient_url(case.pk, "sad_events"),
        plans_tab=expedient_url(case.pk, "sad_work_plans"),
    )


def submit(desk: Desk, form: str = "main form[method=post]") -> None:
    with desk.page.expect_navigation():
        desk.page.locator(f"{form} button[type=submit]").first.click()
    desk.page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_manager_starts_a_service_and_a_second_save_is_refused(
    live_server,
    home_care,
    browser,  # noqa: F811 - the fixture imported above
):
    ARTIFACTS.mkdir(exist_ok=True)
    s = home_care
    manager = Desk(browser, live_server, s.manager)
    today = date.today()

    # Propose the start, typing the date the Catalan way.
    manager.open(s.propose_url)
    page = manager.page
    page.locator("select[name=kind]").select_option("start")
    field = type_into(page, "input[name=on]", typed(today))
    assert field.input_value() == typed(today)
    page.locator("select[name=service_type]").select_option(index=1)
    page.locator("input[name=tasks]").first.check()
    page.fill("input[name=weekly_hours]", "6")
    page.locator("select[name=funding]").select_option(index=1)
    page.fill("input[name=copayment]", "20.50")
    page.screenshot(path=str(ARTIFACTS / "sad-propose-start.png"), full_page=True)
    submit(manager)
    assert manager.page.url.endswith(s.events_tab), manager.page.url
    tab = page.locator("main").inner_text().lower()  # statuses show in capitals
    assert "pendent" in tab, tab

    # Approve it from the event's page.
    page.locator("main a.button", has_text="Decideix").first.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / "sad-event-to-decide.png"), full_page=True)
    with page.expect_navigation():
        page.locator("button[name=approve]").click()
    page.wait_for_load_state("networkidle")
    tab = page.locator("main").inner_text().lower()
    assert "estat vigent: alta" in tab, tab
    agreement = page.locator("a[href$='agreement.pdf']")
    assert agreement.inner_text() == "Descarrega l'acord del servei"
    page.screenshot(path=str(ARTIFACTS / "sad-start-approved.png"), full_page=True)
    with page.expect_download() as download:
        agreement.click()
    assert download.value.suggested_filename.startswith("acord-sad-")

    # A work plan from next week, its date typed.
    next_week = today + timedelta(days=7)
    manager.open(s.plans_tab)
    type_into(page, "input[name=starts_on]", typed(next_week))
    page.locator("input[name=weekdays][value='0']").check()
    page.locator("input[name=weekdays][value='3']").check()
    page.fill("input[name=hours]", "1.5")
    submit(manager, "form[action$='/work-plans/add/']")
    plan = HomeCareWorkPlan.objects.get(case_id=s.case.pk)
    assert plan.starts_on == next_week
    edit_url = reverse("casework_sad_work_plan_edit", args=[s.case.pk, plan.pk])

    # Two browsers change it; the second save is refused with the first's change.
    coordinator = Desk(browser, live_server, s.coordinator)
    coordinator.open(edit_url)
    manager.open(edit_url)
    assert manager.value("input[name=starts_on]") == typed(next_week)
    coordinator.page.fill("input[name=hours]", "2")
    submit(coordinator)
    manager.page.fill("input[name=hours]", "3")
    submit(manager)
    text = manager.page.locator("main").inner_text()
    assert "ha desat aquest registre mentre l'editàveu" in text, text
    assert s.coordinator_name in text, text
    manager.page.screenshot(
        path=str(ARTIFACTS / "sad-work-plan-second-save-refused.png"), full_page=True
    )
    plan.refresh_from_db()
    assert str(plan.hours) == "2.00"

    # The services listing, filtered to running services.
    manager.open(reverse("casework_sad_services:index") + "?in_force=running")
    listing = manager.page.locator("main").inner_text()
    assert s.case.number in listing, listing
    manager.page.screenshot(
        path=str(ARTIFACTS / "sad-services-listing.png"), full_page=True
    )

    assert manager.errors == [] and coordinator.errors == [], (
        manager.errors,
        coordinator.errors,
    )
