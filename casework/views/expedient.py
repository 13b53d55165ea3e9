"""The expedient screen (URL name `casework_expedient`): a header and the tabs
registered in casework.tabs, one shown at a time (`?tab=<key>`).

This module lists the tabs of the expedient itself (`TABS`: cover, linked
persons, housing and history); the item tabs are listed by their own parts,
and casework's wagtail_hooks.py registers them all. Apps above casework add
header buttons under `EXPEDIENT_BUTTON_HOOK`: `f(*, expedient, user)`
returning a `HeaderButton` or None (the agenda: "New appointment"). Opening
the screen writes an access entry to the audit trail (style.md G16). An
expedient outside the user's scope answers 404.
"""

from auditlog.signals import accessed
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.custom_fields import all_definitions, shown_values
from configuration.media import forms_media
from configuration.scope import policy_for
from directory.history import mask_identifier
from directory.models import Person

from ..history import ExpedientHistory
from ..models import Expedient, Housing, LinkedPerson
from ..modules import expedient_title, get_module
from ..permissions import (
    REFERENCE_CHANGE_RIGHT,
    UNLINK_RIGHT,
    user_can_change_expedient,
    user_can_change_reference,
    user_can_close,
    user_can_reopen,
    who_can_reopen,
)
from ..services.expedients import closed_long_ago
from ..services.household import relationships_to_the_main_person
from ..tabs import ExpedientTab, expedient_url, tabs_for
from ..transfers import sector_transfer_url
from ..viewsets.expedient_forms import HousingCopyForm, HousingForm, PersonLinkForm
from .break_glass import BreakGlassOfferMixin

HISTORY_PAGE_SIZE = 30
EXPEDIENT_BUTTON_HOOK = "register_expedient_button"


def load_expedient(user, pk) -> Expedient:
    """The expedient as its module's model, if `user` may see it; else 404."""
    found = get_object_or_404(
        Expedient.objects.visible_to(user).values_list("module", flat=True), pk=pk
    )
    module = get_module(found)
    model = module.get_model() if module else Expedient
    mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
    return (
        model.objects.select_related(
            "sector__municipality",
            "subsector",
            "reference_team",
            "reference_professional",
            "co_reference_professional",
            "closing_reason",
            "created_by",
            "updated_by",
        )
        .prefetch_related(Prefetch("links", queryset=mains, to_attr="main_links"))
        .get(pk=pk)
    )


def main_person(expedient):
    links = getattr(expedient, "main_links", None) or []
    return links[0].person if links else None


class ExpedientMixin:
    """Load the expedient before dispatch, so out of scope is 404 for every role."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.expedient = load_expedient(request.user, kwargs["pk"])


class ExpedientView(
    BreakGlassOfferMixin, ExpedientMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "casework/expedient.html"
    header_icon = "folder-open-inverse"

    def get_page_title(self):
        return str(self.expedient)

    def get_page_subtitle(self):
        return expedient_title(self.expedient)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("casework_expedients:index"), "label": _("Expedients")},
            {"url": "", "label": str(self.expedient)},
        ]

    @cached_property
    def header_buttons(self):
        user, expedient = self.request.user, self.expedient
        found = (
            make(expedient=expedient, user=user)
            for make in hooks.get_hooks(EXPEDIENT_BUTTON_HOOK)
        )
        return [button for button in found if button is not None]

    @cached_property
    def tabs(self) -> list[ExpedientTab]:
        return tabs_for(self.request.user, self.expedient)

    def active_tab(self) -> ExpedientTab | None:
        wanted = self.request.GET.get("tab")
        chosen = [tab for tab in self.tabs if tab.key == wanted]
        return (chosen or self.tabs or [None])[0]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        accessed.send(sender=type(self.expedient), instance=self.expedient)
        return response

    def get_context_data(self, **kwargs):
        active = self.active_tab()
        tab_html = ""
        media = forms_media()
        if active is not None:
            tab_context = active.context(request=self.request, expedient=self.expedient)
            tab_html = render_to_string(
                active.template, tab_context, request=self.request
            )
            # The tab's widgets' scripts go in the head, before the tab's HTML.
            media = forms_media(*tab_context.values())
        return super().get_context_data(
            expedient=self.expedient,
            main_person=main_person(self.expedient),
            has_title=bool(
                getattr(get_module(self.expedient.module), "title_field", "")
            ),
            tabs=[
                (tab, expedient_url(self.expedient.pk, tab.key)) for tab in self.tabs
            ],
            active_tab=active,
            tab_html=tab_html,
            media=media,
            **kwargs,
        )


# --- the tabs of the expedient itself ----------------------------------------------


def reopen_hint(user, expedient) -> str:
    """Why a professional who may not reopen a closed expedient sees no
    Reopen button, and whom to ask."""
    if expedient.is_open or user_can_reopen(user, expedient):
        return ""
    names = ", ".join(str(person) for person in who_can_reopen(expedient))
    if not names:
        return gettext("Reopening an expedient is a coordinator's decision.")
    return gettext(
        "Reopening an expedient is a coordinator's decision: ask %(names)s."
    ) % {"names": names}


def cover_tab_context(*, request, expedient) -> dict:
    user = request.user
    pk = expedient.pk
    can_change = user_can_change_expedient(user, expedient)
    module = get_module(expedient.module)
    edit_url_name = module.edit_url_name if module else ""
    return {
        "expedient": expedient,
        "edit_url": reverse(edit_url_name, args=[pk])
        if can_change and edit_url_name
        else "",
        "close_url": reverse("casework_expedient_close", args=[pk])
        if can_change and user_can_close(user, expedient)
        else "",
        "reopen_url": reverse("casework_expedient_reopen", args=[pk])
        if not expedient.is_open and user_can_reopen(user, expedient)
        else "",
        "closed_long_ago": closed_long_ago(expedient),
        "cover_rows": module.cover_rows if module else "",
        "reopen_hint": reopen_hint(user, expedient),
        # The note says why only to those whose role changes it elsewhere.
        "reference_outside_sectors": user.has_perm(REFERENCE_CHANGE_RIGHT)
        and not user_can_change_reference(user, expedient),
        "reference_url": reverse("casework_expedient_reference", args=[pk])
        if expedient.is_open and user_can_change_reference(user, expedient)
        else "",
        "transfer_url": sector_transfer_url(expedient, user)
        if expedient.is_open
        else "",
        "own_fields": cover_own_fields(expedient),
    }


def cover_own_fields(expedient) -> list[tuple[str, str]]:
    """The area's own fields of the module's cover with a value, (label,
    value) as people read them; deactivated ones too (issue #22)."""
    if not expedient.extra:
        return []
    form = f"cover.{expedient.module}"
    return shown_values(
        all_definitions(area_id=expedient.area_id, form=form), expedient.extra
    )


def linked_person_rows(user, expedient) -> list[dict]:
    """The expedient's linked persons as the Linked persons tab (and the
    printed expedient) show them: identity documents masked unless `user`
    may open the person records."""
    links = expedient.links.select_related("person", "relationship")
    # Whoever may open the person records reads their documents there anyway.
    reads_records = policy_for(Person).user_has_any_permission(user, ("view", "change"))
    return [
        {
            "link": link,
            "relationship": link.relationship.label if link.relationship else "",
            "document": (
                link.person.document_number
                if reads_records
                else mask_identifier(link.person.document_number)
            )
            or "—",
            "person_url": reverse("person:inspect", args=[link.person_id]),
        }
        for link in links
    ]


def persons_tab_context(*, request, expedient) -> dict:
    user = request.user
    is_open = expedient.is_open
    rows = linked_person_rows(user, expedient)
    pk = expedient.pk
    can_add = is_open and user.has_perm("casework.add_linkedperson")
    return {
        "expedient": expedient,
        "rows": rows,
        "add_form": PersonLinkForm(user=user, expedient=expedient) if can_add else None,
        "add_url": reverse("casework_expedient_person_add", args=[pk]),
        "can_make_main": is_open and user.has_perm("casework.change_linkedperson"),
        "can_unlink": is_open and user.has_perm(UNLINK_RIGHT),
        "relationships": relationships_to_the_main_person(user),
    }


def housing_tab_context(*, request, expedient) -> dict:
    user = request.user
    housing = Housing.objects.filter(expedient=expedient).first()
    can_change = expedient.is_open and user.has_perm(
        "casework.change_housing" if housing else "casework.add_housing"
    )
    form = HousingForm(
        instance=housing or Housing(expedient=expedient),
        for_user=user,
        disabled=not can_change,
    )
    can_copy = (
        bool(housing) and expedient.is_open and user.has_perm("directory.change_person")
    )
    return {
        "expedient": expedient,
        "housing": housing,
        "form": form,
        "can_change": can_change,
        "save_url": reverse("casework_expedient_housing", args=[expedient.pk]),
        "copy_form": HousingCopyForm(expedient=expedient) if can_copy else None,
        "copy_url": reverse("casework_expedient_housing_copy", args=[expedient.pk]),
    }


def history_tab_context(*, request, expedient) -> dict:
    history = ExpedientHistory(expedient, request.user)
    paginator = Paginator(history.entries(), HISTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("p"))
    return {
        "expedient": expedient,
        "events": history.build(list(page.object_list)),
        "page_obj": page,
        "elided_page_range": paginator.get_elided_page_range(page.number),
    }


TABS = [
    ExpedientTab(
        "cover", _("Cover"), 10, "casework/tabs/cover.html", cover_tab_context
    ),
    ExpedientTab(
        "persons",
        _("Linked persons"),
        20,
        "casework/tabs/persons.html",
        persons_tab_context,
        permission="casework.view_linkedperson",
    ),
    ExpedientTab(
        "housing",
        _("Housing"),
        90,
        "casework/tabs/housing.html",
        housing_tab_context,
        permission="casework.view_housing",
    ),
    ExpedientTab(
        "history", _("History"), 100, "casework/tabs/history.html", history_tab_context
    ),
]
