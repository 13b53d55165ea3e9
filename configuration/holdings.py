"""What a professional still holds: person records, expedients, appointments…

configuration imports no other app, so the apps that own such records register a
counter here (in their AppConfig.ready); deregistering a professional asks them all.
A holding that gives `transfer` is moved by the coordinators' transfer tool
(helpdesk) with the expedients and person records it moves itself.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Holding:
    label: str | Promise  # e.g. _("open expedients"), shown in the refusal message
    count: Callable  # count(professional) -> int
    # transfer(source=, target=, acting_user=) -> int: how many rows moved
    transfer: Callable | None = None


_holdings: dict[str, Holding] = {}


def register_holding(
    key: str,
    *,
    label: str | Promise,
    count: Callable,
    transfer: Callable | None = None,
) -> None:
    """Register (or replace) what `count(professional)` counts under `key`,
    and how the transfer tool moves it (`transfer`), if it does."""
    _holdings[key] = Holding(label=label, count=count, transfer=transfer)


def unregister_holding(key: str) -> None:
    _holdings.pop(key, None)


def holdings_of(professional) -> list[tuple[str | Promise, int]]:
    """Return (label, count) for everything the professional still holds."""
    counts = ((h.label, h.count(professional)) for h in _holdings.values())
    return [(label, n) for label, n in counts if n]


def transferable_holdings_of(professional) -> list[tuple[str | Promise, int]]:
    """Return (label, count) for what registered transfers would move."""
    return [(h.label, h.count(professional)) for h in _holdings.values() if h.transfer]


def transferable_labels() -> dict[str, str | Promise]:
    """{key: label} of the holdings a transfer moves (for its summaries)."""
    return {key: h.label for key, h in _holdings.items() if h.transfer}


def transfer_holdings(*, source, target, acting_user) -> dict[str, int]:
    """Move to `target` what every registered transfer moves from `source`
    (inside the caller's transaction); return how many rows, by key."""
    return {
        key: h.transfer(source=source, target=target, acting_user=acting_user)
        for key, h in _holdings.items()
        if h.transfer
    }


# The tool that moves what a professional holds (helpdesk registers it), so the
# refusal to deregister can link to it without configuration importing helpdesk.
_transfer_tool: list[Callable] = []


def register_transfer_tool(url_for: Callable) -> None:
    """Register `url_for(professional, user) -> str`: the transfer tool's address
    for `professional`, or "" when `user` may not use it."""
    _transfer_tool[:] = [url_for]


def transfer_tool_url(professional, user) -> str:
    """The transfer tool's address for `professional`, or "" when none is
    installed or `user` may not use it."""
    return _transfer_tool[0](professional, user) if _transfer_tool else ""
