"""The Actuacions, Demands and Problems tabs of the expedient screen.

Each tab lists the expedient's latest items, newest first, with add and edit
links and a link to the full listing (filters and XLSX export). Its queries
do not grow with the number of items (select_related / prefetch_related).
"""

from datetime import date
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..tabs import ExpedientTab, item_tab_context

# A tab shows this many items; "Filter and export" lists them all.
TAB_ROWS = 50


def actuacions_tab_context(*, request, expedient) -> dict:
    # A women's service or immigration actuació has its own tab (its module).
    queryset = (
        expedient.actuacions.filter(siad__isnull=True, immigration__isnull=True)
        .select_related("type", "place", "responsible")
        .prefetch_related("related_persons")
    )
    return actuacio_rows_context(
        request, expedient, queryset, namespace="casework_actuacions", model="actuacio"
    )


def actuacio_rows_context(request, expedient, queryset, *, namespace, model) -> dict:
    """A tab of an expedient's actuacions (of one module): each row locked
    once past the area's edit deadline or an information transfer."""
    lock_reason = partial(
        services.actuacio_lock_reason,
        edit_days=services.actuacio_edit_days(expedient.area_id),
        today=date.today(),
    )
    return item_tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace=namespace,
        model=model,
        limit=TAB_ROWS,
        inspect=True,
        lock_reason=lock_reason,
    )


def demands_tab_context(*, request, expedient) -> dict:
    queryset = expedient.demands.select_related("type", "actuacio").prefetch_related(
        "beneficiaries"
    )
    return item_tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_demands",
        model="demand",
        limit=TAB_ROWS,
        inspect=True,
    )


def problems_tab_context(*, request, expedient) -> dict:
    queryset = expedient.problems.select_related("problem__type").prefetch_related(
        "beneficiaries"
    )
    context = item_tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_problems",
        model="problemrecord",
        limit=TAB_ROWS,
        inspect=True,
    )
    today = date.today()
    for row in context["rows"]:
        row.running = row.ends_on >= today
        action = "extend" if row.running else "reopen"
        row.end_date_url = reverse(f"casework_problems:{action}", args=[row.pk])
    return context


TABS = [
    ExpedientTab(
        key=key,
        label=label,
        order=order,
        template=f"casework/tabs/{key}.html",
        context=context,
        permission=f"casework.view_{model}",
    )
    for key, label, order, model, context in (
        ("actuacions", _("Actuacions"), 30, "actuacio", actuacions_tab_context),
        ("demands", _("Demands"), 40, "demand", demands_tab_context),
        ("problems", _("Problems"), 50, "problemrecord", problems_tab_context),
    )
]
