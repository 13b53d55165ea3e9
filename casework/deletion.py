"""Where an expedient's items are deleted: only in the coordinators' tool
(helpdesk.tools), which marks them deleted together with the items that go
with them and keeps them restorable (domain.md §4.6). casework cannot import
helpdesk, so the tool registers its address here; the items' own delete
screens point to it instead of deleting anything.
"""

from collections.abc import Callable

_delete_tool: list[Callable] = []


def register_item_delete_tool(url_for: Callable) -> None:
    """Register `url_for(item, user) -> str`: the delete tool's address with
    `item` chosen, or "" when `user` may not use it."""
    _delete_tool[:] = [url_for]


def item_delete_tool_url(item, user) -> str:
    return _delete_tool[0](item, user) if _delete_tool else ""
