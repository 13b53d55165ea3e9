"""Where an expedient moves to another sector or subsector: only through the
transfer (helpdesk.tools), which records it and locks what was recorded before
(domain.md §4.5, §4.7). casework cannot import helpdesk, so the tool registers
its address here and the expedient's cover links to it; the cover form keeps
the sector and subsector read-only.
"""

from collections.abc import Callable

_transfer_tool: list[Callable] = []


def register_sector_transfer_tool(url_for: Callable) -> None:
    """Register `url_for(expedient, user) -> str`: the transfer's address for
    `expedient`, or "" when `user` may not transfer it."""
    _transfer_tool[:] = [url_for]


def sector_transfer_url(expedient, user) -> str:
    return _transfer_tool[0](expedient, user) if _transfer_tool else ""
