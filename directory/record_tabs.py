"""Tabs other apps add to the person record's edit screen.

The directory imports no app above it (architecture.md), so an app that keeps
something about a person (casework: the Traceability tab of every expedient
the person is linked to) registers a function returning a panel, usually an
`ObjectList` with a heading, under this hook:

    @hooks.register(PERSON_RECORD_TAB_HOOK)
    def traceability_tab():
        return ObjectList([TraceabilityPanel()], heading=_("Traceability"))

The tabs follow the record's own, in hook order. Panels are read-only: they
add no form fields.
"""

from wagtail import hooks

PERSON_RECORD_TAB_HOOK = "register_person_record_tab"


def person_record_tabs() -> list:
    """The panels registered by other apps, one tab each."""
    return [make_tab() for make_tab in hooks.get_hooks(PERSON_RECORD_TAB_HOOK)]
