"""Everything that points at a person record, registered by the app that owns it.

The directory cannot import casework or the agenda, yet a merge must move their
links to the surviving record (and back on undo) and the search desk shows how
many expedients a person has. Each app registers its foreign keys to `Person`
here in its `AppConfig.ready()`:

    register_person_link("casework.ExpedientPerson", "person",
                         label=_("expedient links"), expedient="expedient",
                         unique_with=("expedient",))

`unique_with` names the fields that, with the person, identify a row: when the
survivor already has such a row, the merged record's one is removed (and kept in
the merge snapshot) instead of moved. `expedient` names the field whose distinct
values count as the person's expedients; `counted(user)`, when given, returns
the condition on the link rows that `user` may count (casework: no confidential
expedient the user may not see is counted).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class PersonLink:
    model_label: str
    field: str
    label: str
    unique_with: tuple[str, ...] = ()
    expedient: str | None = None
    counted: Callable | None = None  # f(user) -> Q over the link's rows

    @property
    def model(self):
        return apps.get_model(self.model_label)


_LINKS: dict[tuple[str, str], PersonLink] = {}


def register_person_link(
    model_label: str,
    field: str,
    *,
    label,
    unique_with: tuple[str, ...] = (),
    expedient: str | None = None,
    counted: Callable | None = None,
) -> None:
    link = PersonLink(model_label, field, label, tuple(unique_with), expedient, counted)
    _LINKS[(model_label, field)] = link


def person_links() -> list[PersonLink]:
    return list(_LINKS.values())


def expedient_links() -> list[PersonLink]:
    return [link for link in _LINKS.values() if link.expedient]
