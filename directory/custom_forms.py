"""The person record's extended block as a form an area may extend with its
own fields (issue #22): its parts, where a field may go. Registered in
DirectoryConfig.ready; the edit panels (directory.viewsets) follow them."""

from django.utils.translation import gettext_lazy as _

from configuration.custom_fields import FormSpec, register_form

EXTENDED_SECTIONS = {
    "work": _("Work and income"),
    "arrival": _("Legal situation and arrival"),
    "studies": _("Studies"),
    "community": _("Language and associations"),
    "health": _("Health"),
}


def register_directory_forms() -> None:
    register_form(
        FormSpec(
            key="person",
            label=_("Person record: extended block"),
            model="directory.PersonExtended",
            sections=tuple(EXTENDED_SECTIONS.items()),
        )
    )
