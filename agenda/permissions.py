"""Who may book for whom, and decide what (domain.md §2.4, agenda rows).

- The front desk (auxiliar) and technical administration (administratiu/va)
  book for every professional of their area who keeps an agenda
  (`agenda.book_for_area`).
- Technicians and the other roles that attend people book in their own agenda
  and see their teams' (agenda/scope.py); they book for nobody else.
- Coordinators book for anyone in their teams, book reservations for several
  professionals at once, decide a clash (book anyway, recorded) and set their
  teams' duty slots (`agenda.coordinate_agenda`).
- Another area, or a deregistered professional: nothing.

Rows a user may not see at all are scoped by `Appointment.objects.visible_to`;
these predicates decide actions on what is visible.
"""

from collections.abc import Iterable

from django.apps import apps

BOOK_RIGHT = "agenda.add_appointment"
CHANGE_RIGHT = "agenda.change_appointment"
KEEP_AGENDA_RIGHT = "agenda.keep_agenda"
AREA_RIGHT = "agenda.book_for_area"
COORDINATION_RIGHT = "agenda.coordinate_agenda"
# Who sees the persons attending (their names) rather than "occupied".
PERSON_VIEW_RIGHT = "directory.view_person"


def _active_in_area(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.area_id is not None
    )


def teammate_ids(user) -> set[int]:
    """The active professionals who share an active team with `user`
    (`user` included)."""
    User = apps.get_model("configuration", "User")
    team_ids = user.teams.filter(is_active=True).values("pk")
    ids = User.objects.filter(teams__in=team_ids, area_id=user.area_id)
    return {user.pk, *ids.values_list("pk", flat=True)}


def agenda_keepers(area_id: int):
    """The area's active professionals who keep an agenda."""
    User = apps.get_model("configuration", "User")
    return User.objects.filter(area_id=area_id, is_active=True).with_permission(
        KEEP_AGENDA_RIGHT
    )


def agenda_professionals(user):
    """The professionals whose agendas `user` sees (the calendar's columns):
    the area's for the front desk and technical administration, otherwise
    themselves and their teams' professionals; none for other roles."""
    if not (_active_in_area(user) and user.has_perm("agenda.view_appointment")):
        return apps.get_model("configuration", "User").objects.none()
    keepers = agenda_keepers(user.area_id)
    if user.has_perm(AREA_RIGHT):
        return keepers
    return keepers.filter(pk__in=teammate_ids(user))


def bookable_ids(user, professional_ids: Iterable[int]) -> set[int]:
    """Those of `professional_ids` `user` may book for (one query at most)."""
    wanted = set(professional_ids)
    if not (wanted and _active_in_area(user) and user.has_perm(BOOK_RIGHT)):
        return set()
    if user.has_perm(AREA_RIGHT):
        reach = None
    elif user.has_perm(COORDINATION_RIGHT):
        reach = teammate_ids(user)
    else:
        reach = {user.pk}
    if reach is not None:
        wanted &= reach
    if not wanted:
        return set()
    keepers = agenda_keepers(user.area_id).filter(pk__in=wanted)
    return set(keepers.values_list("pk", flat=True))


def user_can_book_for(user, professional) -> bool:
    """Return whether `user` may book in `professional`'s agenda."""
    return professional.pk in bookable_ids(user, [professional.pk])


def user_can_book_reservation(user, professionals: Iterable) -> bool:
    """A reservation for several professionals is a coordinator's; one for a
    single professional follows `user_can_book_for`."""
    ids = {p.pk for p in professionals}
    if len(ids) > 1 and not user.has_perm(COORDINATION_RIGHT):
        return False
    return bool(ids) and bookable_ids(user, ids) == ids


def user_can_override_clash(user) -> bool:
    """Return whether `user` may book despite a clash (a coordinator's call)."""
    return _active_in_area(user) and user.has_perm(COORDINATION_RIGHT)


def user_can_change_appointment(user, appointment) -> bool:
    """Reschedule, cancel or edit: `user` must be able to book for every
    professional attending it."""
    ids = {p.pk for p in appointment.professionals.all()}
    return bool(ids) and user.has_perm(CHANGE_RIGHT) and bookable_ids(user, ids) == ids


def user_can_record_outcome(user, appointment) -> bool:
    """An attending professional, or anyone who may change the appointment."""
    attends = any(p.pk == user.pk for p in appointment.professionals.all())
    if attends and user.has_perm(CHANGE_RIGHT) and user.is_active:
        return True
    return user_can_change_appointment(user, appointment)


def duty_professionals(user):
    """The professionals whose duty slots `user` sets: a coordinator's teams'
    professionals who keep an agenda (none for anyone else)."""
    if not user_can_override_clash(user):
        return apps.get_model("configuration", "User").objects.none()
    return agenda_keepers(user.area_id).filter(pk__in=teammate_ids(user))


def user_can_set_duty_slot(user, professional) -> bool:
    """A coordinator, for a professional of their teams who keeps an agenda."""
    return duty_professionals(user).filter(pk=professional.pk).exists()


def user_sees_persons(user) -> bool:
    """Whether `user`'s roles read person records at all (otherwise every
    visit shows as "occupied")."""
    return _active_in_area(user) and user.has_perm(PERSON_VIEW_RIGHT)


def register_policies() -> None:
    """Give the agenda's models their permission policy (AgendaConfig.ready)."""
    from wagtail.permissions import register_permission_policy

    from configuration.scope import ScopedPermissionPolicy

    for name in ("Appointment", "DutySlot"):
        model = apps.get_model("agenda", name)
        register_permission_policy(model, ScopedPermissionPolicy(model))
