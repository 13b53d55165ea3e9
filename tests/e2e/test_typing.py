"""A social worker types as people type, in Chromium, on the person record, an
expedient and an item: dates typed the Catalan way are kept and saved, bad ones
get a field error and nothing is replaced by today, date pickers close, and the
"Tria una persona" chooser works. Any console error or page error fails the test.

One seed of the demo and one browser for the whole module: the steps run in
order in one test (CI time), each in its own function.
"""

import datetime
import re

import pytest

from configuration.demo import DEMO_PASSWORD

from .test_smoke import (  # noqa: F401 - fixtures
    ARTIFACTS,
    browser,
    demo_data,
    pytestmark,
)

PICKER = ".xdsoft_datetimepicker:visible"


def assert_picker_closed(page, selector) -> None:
    """The typed field's own calendar is closed once the field is left.

    Each field has its own picker (jQuery data "xdsoft_datetimepicker" on the
    input): the next field's picker, opened by the Tab, is not this one's.
    """
    page.wait_for_function(
        """(selector) => {
            const picker = window.jQuery(selector).data("xdsoft_datetimepicker");
            return !!picker && !picker.is(":visible");
        }""",
        arg=selector,
        timeout=2000,
    )


@pytest.fixture
def scene(demo_data):  # noqa: F811 - the fixture imported above
    """What the steps open, found before the browser starts (its loop owns the
    thread afterwards)."""
    from casework.models import Actuacio, Expedient, LinkedPerson
    from configuration.enums import ExpedientState
    from configuration.models import User
    from directory.models import Person

    worker = User.objects.get(username="treballadora")
    expedients = Expedient.objects.visible_to(worker).filter(state=ExpedientState.OPEN)
    from casework.enums import ActuacioOrigin
    from casework.services import actuacio_create

    # The demo's own actuacions are past their edit deadline: record one today.
    base = (
        Actuacio.objects.filter(expedient__in=expedients, origin=ActuacioOrigin.MANUAL)
        .order_by("pk")
        .first()
    )
    actuacio = actuacio_create(
        expedient=base.expedient,
        acting_user=worker,
        related_persons=list(base.related_persons.all()),
        type=base.type,
        place=base.place,
        topic="Entrevista",
        responsible=worker,
    )
    expedient = actuacio.expedient
    linked = LinkedPerson.objects.filter(expedient=expedient).values("person")
    visible = Person.objects.visible_to(worker).current()
    person = visible.filter(birth_date__isnull=False).order_by("pk").first()
    other = visible.exclude(pk__in=linked).exclude(pk=person.pk).order_by("pk")[0]
    from django.urls import reverse

    from casework.tabs import expedient_url

    return {
        "person_url": reverse("person:edit", args=[person.pk]),
        "persons_tab": expedient_url(expedient.pk, "persons"),
        "close_url": reverse("casework_expedient_close", args=[expedient.pk]),
        "actuacio_url": reverse("casework_actuacions:edit", args=[actuacio.pk]),
        "actuacio_date": actuacio.date,
        "other": other.pk,
        "other_url": reverse("person:inspect", args=[other.pk]),
        "other_search": f"{other.first_name} {other.surname1} {other.surname2}",
    }


def signed_in(chromium, live_server, username="treballadora"):
    """A page signed in as `username`, and the console and page errors it logs."""
    page = chromium.new_context(locale="ca-ES").new_page()
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and errors.append((page.url, message.text[:200]))
        ),
    )
    page.on("pageerror", lambda error: errors.append((page.url, str(error)[:200])))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, errors


def save(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state("load")


def type_into(page, selector, text):
    """Click the field, select what it holds and type over it, then Tab away."""
    field = page.locator(selector)
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)
    field.press("Tab")
    return field


def person_record(page, live_server, scene):
    url = live_server.url + scene["person_url"]
    for typed, shown in [
        ("14/03/1985", "14/03/1985"),
        ("4/3/85", "04/03/1985"),
        ("14-03-1985", "14/03/1985"),
    ]:
        page.goto(url)
        field = type_into(page, "input[name=birth_date]", typed)
        # Leaving the field keeps what was typed and closes the calendar.
        assert field.input_value() == typed
        assert_picker_closed(page, "input[name=birth_date]")
        if typed == "4/3/85":
            page.screenshot(path=str(ARTIFACTS / "typing-person-birth-date.png"))
        save(page)
        page.goto(url)
        assert page.locator("input[name=birth_date]").input_value() == shown, typed

    for garbage in ("31/02/2020", "abc"):
        page.goto(url)
        type_into(page, "input[name=birth_date]", garbage)
        save(page)
        field = page.locator("input[name=birth_date]")
        assert field.input_value() == garbage  # kept, not replaced by today
        error = page.locator("[id='id_birth_date-error'], .w-field__errors").filter(
            has_text="dd/mm/aaaa"
        )
        assert error.count() >= 1, garbage
        page.goto(url)
        assert page.locator("input[name=birth_date]").input_value() == "14/03/1985"

    # Choosing a day in the calendar writes it day first and closes the calendar.
    page.goto(url)
    page.locator("input[name=birth_date]").click()
    page.locator(PICKER).wait_for()
    page.locator(f"{PICKER} td.xdsoft_date:not(.xdsoft_other_month)").nth(9).click()
    assert re.fullmatch(
        r"10/03/1985", page.locator("input[name=birth_date]").input_value()
    )
    assert_picker_closed(page, "input[name=birth_date]")


def expedient_persons(page, live_server, scene):
    page.goto(live_server.url + scene["persons_tab"])
    page.locator("#id_person-chooser .unchosen button").click()
    search = page.locator(".modal input[name=q]")
    search.wait_for()
    search.fill(scene["other_search"])
    choice = page.locator(
        f".modal a[data-chooser-modal-choice][href$='/{scene['other']}/']"
    ).first
    choice.wait_for()
    page.screenshot(path=str(ARTIFACTS / "typing-expedient-person-chooser.png"))
    choice.click()
    page.locator("#id_person-chooser:not(.blank)").wait_for()
    relationship = page.locator("select[name=relationship]")
    # The last relationship: the first ones may mean the main person.
    relationship.select_option(index=relationship.locator("option").count() - 1)
    page.locator("button", has_text="Vincula la persona").click()
    page.wait_for_load_state("load")
    assert page.locator(f"#tab-persons a[href='{scene['other_url']}']").count() == 1


def expedient_close(page, live_server, scene):
    page.goto(live_server.url + scene["close_url"])
    page.locator("select[name=reason]").select_option(index=1)
    type_into(page, "input[name=on]", "31/02/2020")
    save(page)
    assert page.locator("input[name=on]").input_value() == "31/02/2020"
    assert page.get_by_text("dd/mm/aaaa").count() >= 1
    today = datetime.date.today()
    type_into(page, "input[name=on]", f"{today.day}-{today.month}-{today.year % 100}")
    assert_picker_closed(page, "input[name=on]")
    save(page)
    assert "?tab=cover" in page.url or "tab=" in page.url, page.url


def actuacio(page, live_server, scene):
    url = live_server.url + scene["actuacio_url"]
    page.goto(url)
    day = scene["actuacio_date"]  # typed short: 4/3/26 for 04/03/2026
    type_into(page, "input[name=date]", day.strftime("%-d/%-m/%y"))
    assert_picker_closed(page, "input[name=date]")
    type_into(page, "input[name=time]", "9:05")
    assert_picker_closed(page, "input[name=time]")
    # Hours with a decimal comma, as typed here: one and a half, not fifteen.
    type_into(page, "input[name=hours]", "1,5")
    save(page)
    page.goto(url)
    assert page.locator("input[name=date]").input_value() == day.strftime("%d/%m/%Y")
    assert page.locator("input[name=time]").input_value() == "09:05"
    assert page.locator("input[name=hours]").input_value() == "1,50"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_types_dates_and_chooses_a_person(
    live_server,
    scene,
    browser,  # noqa: F811 - the fixture imported above
):
    page, errors = signed_in(browser, live_server)
    for step in (person_record, actuacio, expedient_persons, expedient_close):
        step(page, live_server, scene)
        assert errors == [], (step.__name__, errors)
