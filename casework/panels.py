"""The person record's Traceability tab (Traçabilitat, domain.md §3.3): every
expedient of any module the person is linked to and the user may see; and the
search desk's "new expedient" action on each person (the modules the user may
open, as each declares itself in casework.modules).

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
from .modules import expedient_title, modules_openable_by, title_related
from .permissions import user_modules
from .tabs import expedient_url


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
            *(f"expedient__{related}" for related in title_related()),
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
    return {
        "expedient": expedient,
        "family_name": expedient_title(expedient),
        "is_main": link.is_main,
        "relationship": link.relationship,
        "main_person": main,
        "url": expedient_url(expedient.pk),
    }


def new_expedient_url(person, module) -> str:
    return f"{reverse(module.add_url_name)}?person={person.pk}"


def new_expedient_links(person, user) -> list[dict]:
    """ "Nou expedient": one link per module `user` may open."""
    return [
        {"label": module.new_label, "url": new_expedient_url(person, module)}
        for module in modules_openable_by(user)
    ]


def new_expedient_action(*, person, user) -> MenuItem | None:
    """The search desk's row action (directory.record_tabs.PERSON_ACTION_HOOK):
    the module opened from the desk (domain.md §3.3), if `user` may open it."""
    module = next((m for m in modules_openable_by(user) if m.on_desk), None)
    if module is None:
        return None
    return MenuItem(
        module.new_label,
        url=new_expedient_url(person, module),
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
            if not person.pk:
                return {**context, "rows": [], "new_links": []}
            context["rows"] = traceability_rows(person, user)
            context["new_links"] = new_expedient_links(person, user)
            return context


class TraceabilityTab(ObjectList):
    """Shown only to roles that see some module's expedients."""

    class BoundPanel(ObjectList.BoundPanel):
        def is_shown(self):
            return bool(user_modules(self.request.user)) and super().is_shown()


def traceability_tab() -> ObjectList:
    return TraceabilityTab([TraceabilityPanel()], heading=_("Traceability"))
