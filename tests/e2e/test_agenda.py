"""The Agenda in Chromium: the front desk books a visit for a social worker
from the person's "Nova cita" and sees it on the calendar; a coordinator
books a team meeting; no Content-Security-Policy violation on the way."""

from datetime import date, timedelta

import pytest

from .test_csp import signed_in_watching_csp
from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    demo_person,
    pytestmark,
)


@pytest.fixture
def agenda_demo(demo_person):  # noqa: F811
    from agenda.models import Appointment
    from configuration.models import User

    worker = User.objects.get(username="treballadora")
    educator = User.objects.get(username="educador")
    sector = worker.schedules.order_by("weekday").first().sector
    day = date.today() + timedelta(weeks=1)
    monday = day - timedelta(days=day.weekday())
    # The demo books the coming weeks (agenda/demo.py): this week is the
    # scene's own, so its slots are free to book.
    Appointment.objects.filter(
        date__gte=monday, date__lt=monday + timedelta(days=7)
    ).delete()
    return {
        "worker": worker.pk,
        "educator": educator.pk,
        "sector": sector.pk,
        "monday": monday,
        "person": demo_person["pk"],
    }


def fill_slot(page, demo, start: str, end: str) -> None:
    page.fill("input[name=date]", f"{demo['monday']:%d/%m/%Y}")
    page.keyboard.press("Escape")
    # Typed and left with Tab, as a person does: no picker stays open over
    # the form's buttons.
    for name, value in (("starts_at", start), ("ends_at", end)):
        page.fill(f"input[name={name}]", value)
        page.press(f"input[name={name}]", "Tab")
    page.select_option("select[name=sector]", str(demo["sector"]))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_front_desk_books_and_a_coordinator_meets(
    live_server,
    agenda_demo,
    browser,  # noqa: F811
):
    demo, url = agenda_demo, live_server.url
    page, violations = signed_in_watching_csp(browser, live_server, "auxiliar")
    query = f"professional={demo['worker']}&person={demo['person']}"
    page.goto(f"{url}/admin/agenda/new/appointment/?{query}")
    fill_slot(page, demo, "10:00", "10:45")
    page.click("form[method=post] > button.button:not([name])")
    page.locator(".fc-event").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "agenda-front-desk-day.png"))
    assert "Cita creada" in page.content()

    page, more = signed_in_watching_csp(browser, live_server, "coordinadora")
    page.goto(f"{url}/admin/agenda/new/reservation/?professional={demo['worker']}")
    page.check(f"input[name=professionals][value='{demo['educator']}']")
    fill_slot(page, demo, "11:00", "12:00")
    page.select_option("select[name=type]", "4")  # Reunió coordinació
    page.click("form[method=post] > button.button:not([name])")
    page.locator(".fc-event").first.wait_for()
    page.goto(
        f"{url}/admin/agenda/?professional={demo['educator']}&date={demo['monday']}"
    )
    page.locator(".fc-event", has_text="Reunió").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "agenda-coordinator-meeting.png"))
    assert violations + more == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_free_slot_opens_the_booking_form_and_duty_slots(
    live_server,
    agenda_demo,
    browser,  # noqa: F811
):
    demo, url = agenda_demo, live_server.url
    page, violations = signed_in_watching_csp(browser, live_server, "coordinadora")
    page.goto(
        f"{url}/admin/agenda/?professional={demo['worker']}"
        f"&view=timeGridDay&date={demo['monday']}"
    )
    page.locator(".fc-timegrid-slot-lane[data-time='07:30:00']").click()
    page.wait_for_url("**/admin/agenda/new/appointment/**")
    assert page.input_value("input[name=date]") == f"{demo['monday']:%d/%m/%Y}"
    assert page.input_value("input[name=starts_at]") == "07:30"
    assert page.input_value("input[name=ends_at]") == "08:00"
    checked = page.locator("input[name=professionals]:checked")
    assert checked.get_attribute("value") == str(demo["worker"])
    page.screenshot(path=str(ARTIFACTS / "agenda-slot-prefilled.png"))

    page.goto(f"{url}/admin/agenda/duty-slots/")
    page.select_option("select[name=professional]", str(demo["worker"]))
    page.select_option("select[name=weekday]", "0")
    page.fill("input[name=starts_at]", "09:00")
    page.fill("input[name=ends_at]", "10:00")
    page.select_option("select[name=sector]", str(demo["sector"]))
    page.click("form[method=post] > button.button:not([name])")
    page.locator("table.listing tbody tr").first.wait_for()
    assert "S'ha afegit l'espai de permanència" in page.content()
    page.screenshot(path=str(ARTIFACTS / "agenda-duty-slots.png"))
    assert violations == []
