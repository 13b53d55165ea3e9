"""The Actuacions, Demands and Problems tabs of the expedient screen.

Each tab lists the expedient's latest items, newest first, with add and edit
links and a link to the full listing (filters and XLSX export). Its queries
do not grow with the number of items (select_related / prefetch_related).
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..tabs import ExpedientTab, register_tab

# A tab shows this many items; "Filter and export" lists them all.
TAB_ROWS = 50


def _tab_context(request, expedient, *, queryset, namespace: str, model: str) -> dict:
    user = request.user
    rows = list(queryset[:TAB_ROWS])
    total = len(rows) if len(rows) < TAB_ROWS else queryset.count()
    can_change = user.has_perm(f"casework.change_{model}")
    for row in rows:
        row.expedient = expedient  # every row shares it: no query per row
        view = "edit" if can_change else "inspect"
        row.open_url = reverse(f"{namespace}:{view}", args=[row.pk])
    can_add = expedient.is_open and user.has_perm(f"casework.add_{model}")
    add_url = reverse(f"{namespace}:add") + f"?expedient={expedient.pk}"
    return {
        "expedient": expedient,
        "rows": rows,
        "total": total,
        "truncated": total > len(rows),
        "can_change": can_change and expedient.is_open,
        "add_url": add_url if can_add else "",
        "index_url": reverse(f"{namespace}:index") + f"?expedient={expedient.pk}",
    }


def actuacions_tab_context(*, request, expedient) -> dict:
    queryset = expedient.actuacions.select_related(
        "type", "place", "responsible"
    ).prefetch_related("related_persons")
    context = _tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_actuacions",
        model="actuacio",
    )
    edit_days = services.actuacio_edit_days(expedient.area_id)
    today = date.today()
    for row in context["rows"]:
        row.lock_reason = services.actuacio_lock_reason(
            row, edit_days=edit_days, today=today
        )
    return context


def demands_tab_context(*, request, expedient) -> dict:
    queryset = expedient.demands.select_related("type", "actuacio").prefetch_related(
        "beneficiaries"
    )
    return _tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_demands",
        model="demand",
    )


def problems_tab_context(*, request, expedient) -> dict:
    queryset = expedient.problems.select_related("problem__type").prefetch_related(
        "beneficiaries"
    )
    context = _tab_context(
        request,
        expedient,
        queryset=queryset,
        namespace="casework_problems",
        model="problemrecord",
    )
    today = date.today()
    for row in context["rows"]:
        row.running = row.ends_on >= today
        action = "extend" if row.running else "reopen"
        row.end_date_url = reverse(f"casework_problems:{action}", args=[row.pk])
    return context


def register_record_tabs() -> None:
    for key, label, order, model, context in (
        ("actuacions", _("Actuacions"), 30, "actuacio", actuacions_tab_context),
        ("demands", _("Demands"), 40, "demand", demands_tab_context),
        ("problems", _("Problems"), 50, "problemrecord", problems_tab_context),
    ):
        register_tab(
            ExpedientTab(
                key=key,
                label=label,
                order=order,
                template=f"casework/tabs/{key}.html",
                context=context,
                permission=f"casework.view_{model}",
            )
        )
