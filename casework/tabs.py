"""The tabs of the expedient screen, registered by the parts that own them.

The expedient screen (casework.views.expedient) shows, in `order`, every
registered tab its module lists (ModuleSpec.tabs) that the user may see
(`permission`), each rendered from `template`
with the context its `context` function returns. Item tabs list their rows
newest first with their own add and edit links; keep each tab's queries
constant however many rows it holds (select_related / prefetch_related).

    ExpedientTab(key="actuacions", label=_("Actuacions"), order=30,
                 template="casework/tabs/actuacions.html",
                 permission="casework.view_actuacio",
                 context=actuacions_tab_context)

Each part lists its tabs (`TABS`) and casework's wagtail_hooks.py registers them
(`register_tab`), with the other screen plugs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.urls import reverse
from wagtail import hooks

from .modules import get_module
from .permissions import user_can_record_item
from .services.common import information_transfer_at, item_lock_reason


@dataclass(frozen=True)
class ExpedientTab:
    key: str
    label: str
    order: int
    template: str
    context: Callable  # f(*, request, expedient) -> dict
    permission: str | None = None


_TABS: dict[str, ExpedientTab] = {}


def register_tab(tab: ExpedientTab) -> None:
    _TABS[tab.key] = tab


def tabs_for(user, expedient) -> list[ExpedientTab]:
    hooks.search_for_hooks()  # the tabs are registered by wagtail_hooks.py
    module = get_module(expedient.module)
    listed = module.tabs if module else ()
    return sorted(
        (
            tab
            for tab in _TABS.values()
            if tab.key in listed
            and (tab.permission is None or user.has_perm(tab.permission))
        ),
        key=lambda tab: tab.order,
    )


def expedient_url(expedient_id: int, tab: str | None = None) -> str:
    """The expedient screen, opened on `tab` (its key) when given."""
    url = reverse("casework_expedient", args=[expedient_id])
    return f"{url}?tab={tab}" if tab else url


def item_tab_context(
    request,
    expedient,
    *,
    queryset,
    namespace: str,
    model: str,
    limit: int | None = None,
    inspect: bool = False,
    lock_reason: Callable | None = None,
) -> dict:
    """What every item tab shows: its rows with their links, add, full listing.

    `namespace` is the item viewset's URL namespace and `model` its model name
    (for the add/change permissions). With `limit` the tab shows the latest
    `limit` rows and says how many there are; with `inspect`, users who may not
    change rows open them read-only.

    Each row gets `lock_reason`: why nobody may change it ("" when it may be),
    from `lock_reason(row, transferred_at=…)` (default: a closed expedient or a
    row recorded before an information transfer); the tab shows such rows
    read-only. The transfer date is read once for the whole tab.
    """
    user = request.user
    rows = list(queryset[:limit] if limit else queryset)
    total = len(rows) if not limit or len(rows) < limit else queryset.count()
    # The role's item rights, or the module's own right in its expedients
    # (documents in a SIAD expedient, tràmits in an immigration one).
    may_change = user_can_record_item(user, expedient, model, "change")
    can_change = expedient.is_open and may_change
    lock_reason = partial(
        lock_reason or item_lock_reason,
        transferred_at=information_transfer_at(expedient.pk) if rows else None,
    )
    for row in rows:
        row.expedient = expedient  # every row shares it: no query per row
        row.lock_reason = lock_reason(row)
        row.edit_url = reverse(f"{namespace}:edit", args=[row.pk])
        opens_read_only = inspect and not may_change
        row.open_url = (
            reverse(f"{namespace}:inspect", args=[row.pk])
            if opens_read_only
            else row.edit_url
        )
    can_add = expedient.is_open and user_can_record_item(user, expedient, model)
    query = f"?expedient={expedient.pk}"
    return {
        "expedient": expedient,
        "rows": rows,
        "total": total,
        "truncated": total > len(rows),
        "can_change": can_change,
        "add_url": reverse(f"{namespace}:add") + query if can_add else "",
        "index_url": reverse(f"{namespace}:index") + query,
    }
