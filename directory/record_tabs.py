"""Tabs and actions other apps add to the person record and the search desk.

The directory imports no app above it (architecture.md), so an app that keeps
something about a person (casework: the Traceability tab of every expedient
the person is linked to) registers a function returning a panel, usually an
`ObjectList` with a heading, under this hook:

    @hooks.register(PERSON_RECORD_TAB_HOOK)
    def traceability_tab():
        return ObjectList([TraceabilityPanel()], heading=_("Traceability"))

The tabs follow the record's own, in hook order. Panels are read-only: they
add no form fields.

Under `PERSON_ACTION_HOOK` an app registers `f(*, person, user)` returning a
`MenuItem` (or None): each person found at the search desk offers it in the
row's "more" menu (casework: "New basic social services expedient"). It is
called once per row, so it must not query the database.

Under `PERSON_RECORD_BUTTON_HOOK` an app registers `f(*, person, user)`
returning a `Button` (or None) for the person record's actions menu
(casework: the coordinators' access report).
"""

from wagtail import hooks

PERSON_RECORD_TAB_HOOK = "register_person_record_tab"


def person_record_tabs() -> list:
    """The panels registered by other apps, one tab each."""
    return [make_tab() for make_tab in hooks.get_hooks(PERSON_RECORD_TAB_HOOK)]


PERSON_ACTION_HOOK = "register_person_action"


def person_actions(*, person, user) -> list:
    """The actions registered by other apps that apply to `person`."""
    found = (
        make(person=person, user=user) for make in hooks.get_hooks(PERSON_ACTION_HOOK)
    )
    return [action for action in found if action is not None]


PERSON_RECORD_BUTTON_HOOK = "register_person_record_button"


def person_record_buttons(*, person, user) -> list:
    """The record-menu buttons registered by other apps that apply to `person`."""
    found = (
        make(person=person, user=user)
        for make in hooks.get_hooks(PERSON_RECORD_BUTTON_HOOK)
    )
    return [button for button in found if button is not None]
