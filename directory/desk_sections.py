"""Other things the search desk finds, registered by the apps that own them.

The desk lists persons; casework adds the expedients whose number, family name
or a linked person's document match what was typed. The directory cannot import
casework (architecture.md), so casework registers a section here in its
`wagtail_hooks.py` (a screen plug):

    register_desk_section(DeskSection(key="expedients", label=_("Expedients"),
                          template="casework/desk_expedients.html",
                          find=find_expedients))

`find(*, user, query)` returns at most a few rows the user may see (its own
scope rule); the section is shown above the persons when it found something.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class DeskSection:
    key: str
    label: str
    template: str
    find: Callable  # f(*, user, query: str) -> list


_SECTIONS: dict[str, DeskSection] = {}


def register_desk_section(section: DeskSection) -> None:
    _SECTIONS[section.key] = section


def desk_sections() -> list[DeskSection]:
    hooks.search_for_hooks()  # the sections are registered by wagtail_hooks.py
    return list(_SECTIONS.values())


def found_sections(*, user, query: str) -> list[tuple[DeskSection, list]]:
    """Every registered section that found something for `query`, with its rows."""
    if not query.strip():
        return []
    found = []
    for section in desk_sections():
        rows = list(section.find(user=user, query=query))
        if rows:
            found.append((section, rows))
    return found
