"""Read-only panels of the person record: its relationships."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .enums import KinshipKind
from .models import Kinship

# What the relative is to the person whose record is open.
RELATIVE_IS = {
    KinshipKind.PARENT: _("Parent"),
    KinshipKind.CHILD: _("Child"),
    KinshipKind.PARTNER: _("Partner"),
    KinshipKind.SIBLING: _("Sibling"),
    KinshipKind.OTHER: _("Other relative"),
}


class KinshipPanel(Panel):
    """Relatives of the person, read from both ends of each kinship row, with
    links to change a relationship or add one (the genogram's data)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/panels/kinship.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            person = self.instance
            context["relations"] = self.relations(person) if person.pk else []
            context["add_url"] = (
                f"{reverse('kinship:add')}?person={person.pk}" if person.pk else None
            )
            return context

        def relations(self, person) -> list[dict]:
            rows = (
                Kinship.objects.filter(Q(person=person) | Q(relative=person))
                .select_related("person", "relative")
                .order_by("ends_on", "kind", "pk")
            )
            return [self.describe(row, person) for row in rows]

        @staticmethod
        def describe(row: Kinship, person) -> dict:
            """From this person's side: in a "parent" row read from the parent's
            end the relative is their child; from the child's end, their parent."""
            forward = row.person_id == person.pk
            relative = row.relative if forward else row.person
            kind = row.kind
            if kind == KinshipKind.PARENT:
                kind = KinshipKind.CHILD if forward else KinshipKind.PARENT
            return {
                "relative": relative,
                "kind": RELATIVE_IS[kind],
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "notes": row.notes,
                "edit_url": reverse("kinship:edit", args=[row.pk]),
                "relative_url": reverse("person:inspect", args=[relative.pk]),
            }
