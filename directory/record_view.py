"""The person record as it opens: a read view, with Edit as an action.

Wagtail's inspect view, laid out like the record's form: the same tabs'
fields (a role sees only the parts its form would show: `permission=` on a tab
or a field hides it here too), then the record's read-only panels (Family,
and the tabs other apps register, such as casework's Traceability). The
actions a professional takes from the record are visible buttons: Edit,
Historial, and what other apps offer (a new expedient); merging and the access
report stay in the actions menu.
"""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.widgets.button import HeaderButton

from .models import Person
from .record_tabs import person_actions

EMPTY = "—"


@dataclass
class Section:
    heading: str
    fields: list[tuple[str, str]]  # (label, value shown)
    panels: list  # bound read-only panels


def _visible(panel, user) -> bool:
    permission = getattr(panel, "permission", None)
    return not permission or user.has_perm(permission)


def _field_names(panel, user) -> list[str]:
    """The form fields a panel (and its children) shows to `user`, in order."""
    if not _visible(panel, user):
        return []
    if isinstance(panel, FieldPanel):
        return [panel.field_name]
    names = []
    for child in getattr(panel, "children", ()):
        names += _field_names(child, user)
    return names


def _panels(panel, user) -> list[Panel]:
    """The read-only panels (no form field) under a panel."""
    if not _visible(panel, user) or isinstance(panel, FieldPanel):
        return []
    children = getattr(panel, "children", None)
    if children is None:
        return [panel]
    found = []
    for child in children:
        found += _panels(child, user)
    return found


def shown_value(person: Person, name: str) -> str:
    """A field's value as the record shows it (labels of choices, names of
    linked rows, dates as dd/mm/aaaa)."""
    field = Person._meta.get_field(name)
    value = getattr(person, name)
    if value in (None, ""):
        return EMPTY
    if field.choices:
        return str(getattr(person, f"get_{name}_display")())
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1]
    if isinstance(value, models.Model) and hasattr(value, "label"):
        return str(value.label)
    return str(value)


class PersonRecordMixin:
    """The read view of a person record (the viewset's inspect view)."""

    template_name = "directory/person_record.html"

    def get_page_title(self):
        return str(self.object)

    def get_page_subtitle(self):
        return capfirst(Person._meta.verbose_name)

    def sections(self) -> list[Section]:
        user, person = self.request.user, self.object
        sections = []
        for tab in self.record_tabs:
            if not _visible(tab, user):
                continue
            names = [n for n in _field_names(tab, user) if n in self.form_fields]
            fields = [
                (
                    capfirst(Person._meta.get_field(n).verbose_name),
                    shown_value(person, n),
                )
                for n in names
            ]
            panels = [
                bound
                for panel in _panels(tab, user)
                if (bound := self._bind(panel)).is_shown()
            ]
            if fields or panels:
                sections.append(Section(str(tab.heading), fields, panels))
        return sections

    @cached_property
    def record_tabs(self):
        from .record_tabs import person_record_tabs
        from .viewsets import PERSON_EDIT_HANDLER

        return [*PERSON_EDIT_HANDLER.children, *person_record_tabs()]

    @cached_property
    def form_fields(self) -> set[str]:
        return {f.name for f in Person._meta.concrete_fields if f.editable}

    def _bind(self, panel):
        bound_to_model = panel.bind_to_model(Person)
        return bound_to_model.get_bound_panel(
            instance=self.object, request=self.request, form=None, prefix="record"
        )

    @cached_property
    def header_buttons(self):
        buttons = []
        if edit_url := self.get_edit_url():
            buttons.append(HeaderButton(_("Edit"), url=edit_url, icon_name="edit"))
        buttons.append(
            HeaderButton(
                _("Historial"),
                url=reverse("person_historial", args=[self.object.pk]),
                icon_name="history",
            )
        )
        for action in person_actions(person=self.object, user=self.request.user):
            buttons.append(
                HeaderButton(action.label, url=action.url, icon_name=action.icon_name)
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # Edit and Delete are Wagtail's defaults here: Edit is a visible
        # button above, and nobody deletes a record (it is merged).
        return [
            button
            for button in super().header_more_buttons
            if button.url not in (self.get_edit_url(), self.get_delete_url())
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = self.sections()
        return context
