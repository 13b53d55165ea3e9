"""Who may merge person records, and who reads the sensitive parts of a record.

Merging is the coordinators' right to delete person records (domain.md §4.6:
"Delete person records: coordinator"; merges are the same trust level, and an
undone merge is the only way a record comes back). No separate permission, so
no migration: `directory.delete_person` means "may merge and undo merges".
The directory's permission policies are registered here too (register_policies,
from DirectoryConfig.ready).
"""

from configuration.scope import ScopedPermissionPolicy

MERGE_RIGHT = "directory.delete_person"
# Cohabitation, dependency, observations and the extended block.
EXTENDED_RIGHT = "directory.view_personextended"
# The person record's own fields that go with the extended block: the edit form
# leaves them out, the Historial hides their diffs, for roles without the right.
SENSITIVE_PERSON_FIELDS = (
    "family_type",
    "cohabitation_type",
    "members_count",
    "minors_count",
    "children_count",
    "dependants_count",
    "dependent",
    "dependency_degree",
    "dependency_file",
    "pia_request_date",
    "energy_dependency",
    "disability",
    "disability_percent",
    "reduced_mobility",
    "observations",
)


def user_can_merge_persons(user) -> bool:
    """Return whether `user` may merge records of their area and undo merges."""
    return bool(user.is_active and user.has_perm(MERGE_RIGHT))


def user_sees_sensitive_data(user) -> bool:
    """Return whether `user` may read cohabitation, dependency and extended data."""
    return bool(user.is_active and user.has_perm(EXTENDED_RIGHT))


class PersonPolicy(ScopedPermissionPolicy):
    """Nobody deletes a person record from the admin, so Wagtail offers no
    Delete: two records of one person are merged, which can be undone, and
    `directory.delete_person` is that merge right, never a way to erase
    someone's history."""

    def user_has_permission(self, user, action) -> bool:
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        kept = [action for action in actions if action != "delete"]
        return bool(kept) and super().user_has_any_permission(user, kept)


def register_policies() -> None:
    """Give the directory's models their permission policies (DirectoryConfig.ready)."""
    from wagtail.permissions import register_permission_policy

    from .models import Kinship, Person, PersonExtended

    register_permission_policy(Person, PersonPolicy(Person))
    for model in (PersonExtended, Kinship):
        register_permission_policy(model, ScopedPermissionPolicy(model))
