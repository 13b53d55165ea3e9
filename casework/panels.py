"""The person record's Traceability tab (Traçabilitat, domain.md §3.3): every
expedient of any module the person is linked to and the user may see; and the
search desk's "New basic social services expedient" action on each person.

Registered on the directory's record-tab hook (directory.record_tabs). Its
queries do not grow with the number of expedients: one for the person's
links with their expedients, one for those expedients' main persons.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel
from wagtail.admin.ui.menus import MenuItem

from .models import Expedient, LinkedPerson
from .scope import user_modules
from .tabs import expedient_url

NEW_EXPEDIENT_RIGHT = "casework.add_basiccase"


def traceability_rows(person, user) -> list[dict]:
    """The person's expedients `user` may see, newest first."""
    mains = LinkedPerson.objects.filter(is_main=True).select_related("person")
    links = (
        LinkedPerson.objects.filter(
            person=person, expedient__in=Expedient.objects.visible_to(user)
        )
        .select_related(
            "relationship",
            "expedient__reference_professional",
            "expedient__basic_case",
        )
        .prefetch_related(
            Prefetch("expedient__links", queryset=mains, to_attr="main_links")
        )
        .order_by("-expedient__created_at", "-expedient_id")
    )
    return [_row(link) for link in links]


def _row(link: LinkedPerson) -> dict:
    expedient = link.expedient
    main = expedient.main_links[0].person if expedient.main_links else None
    basic_case = getattr(expedient, "basic_case", None)
    return {
        "expedient": expedient,
        "family_name": basic_case.family_name if basic_case else "",
        "is_main": link.is_main,
        "relationship": link.relationship,
        "main_person": main,
        "url": expedient_url(expedient.pk),
    }


def new_expedient_url(person) -> str:
    return f"{reverse('casework_expedients:add')}?person={person.pk}"


def new_expedient_action(*, person, user) -> MenuItem | None:
    """The search desk's row action (directory.record_tabs.PERSON_ACTION_HOOK)."""
    if not user.has_perm(NEW_EXPEDIENT_RIGHT):
        return None
    return MenuItem(
        _("New basic social services expedient"),
        url=new_expedient_url(person),
        icon_name="folder-open-inverse",
        priority=20,
    )


class TraceabilityPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "casework/panels/traceability.html"

        def is_shown(self):
            return bool(user_modules(self.request.user))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            person, user = self.instance, self.request.user
            context["rows"] = traceability_rows(person, user) if person.pk else []
            can_open = person.pk and user.has_perm(NEW_EXPEDIENT_RIGHT)
            context["new_url"] = new_expedient_url(person) if can_open else ""
            return context


class TraceabilityTab(ObjectList):
    """Shown only to roles that see some module's expedients."""

    class BoundPanel(ObjectList.BoundPanel):
        def is_shown(self):
            return bool(user_modules(self.request.user)) and super().is_shown()


def traceability_tab() -> ObjectList:
    return TraceabilityTab([TraceabilityPanel()], heading=_("Traceability"))
