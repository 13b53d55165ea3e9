"""Who may open a home-care expedient, propose its events, decide them and
plan the service (domain.md §2.4, §3.4).

Scope first, then the right (style.md G13): each check needs the expedient
visible to the user (`visible_to`), then a role right.
- Opening: the right to add home-care expedients and the person's SSB
  expedient visible (TS/ES, the SAD manager, coordinators).
- Proposing an event: any SSB professional who may change the person's SSB
  expedient (the right to change basic social services expedients and that
  expedient visible to them), or whoever may decide; plus the right to add
  home-care events.
- Deciding (approve or deny): the SAD manager and coordinators
  (`casework.decide_homecareevent`), of the expedient's area.
- Work plans and the cover: the SAD manager and coordinators.
"""

from ...models import Expedient
from .models import HomeCareCase

OPEN_RIGHT = "casework.add_homecarecase"
CHANGE_RIGHT = "casework.change_homecarecase"
PROPOSE_RIGHT = "casework.add_homecareevent"
DECIDE_RIGHT = "casework.decide_homecareevent"
PLAN_RIGHT = "casework.add_homecareworkplan"
SSB_CHANGE_RIGHT = "casework.change_basiccase"


def _sees(user, expedient_id: int | None) -> bool:
    if expedient_id is None:
        return False
    return Expedient.objects.visible_to(user).filter(pk=expedient_id).exists()


def _active(user) -> bool:
    return bool(getattr(user, "is_active", False))


def user_can_open_home_care(user, ssb_expedient: Expedient) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.has_perm(OPEN_RIGHT) and _sees(user, ssb_expedient.pk)


def _holds_in_area(user, case: HomeCareCase, right: str) -> bool:
    """`user` holds `right`, works in the expedient's area and sees it."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return (
        user.has_perm(right) and user.area_id == case.area_id and _sees(user, case.pk)
    )


def user_can_decide(user, case: HomeCareCase) -> bool:
    """The SAD manager or a coordinator of the expedient's area who sees it."""
    return _holds_in_area(user, case, DECIDE_RIGHT)


def user_can_propose(user, case: HomeCareCase) -> bool:
    """Whoever may change the person's SSB expedient, or decide."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not (user.has_perm(PROPOSE_RIGHT) and _sees(user, case.pk)):
        return False
    if user.has_perm(DECIDE_RIGHT) and user.area_id == case.area_id:
        return True
    return user.has_perm(SSB_CHANGE_RIGHT) and _sees(user, case.origin_id)


def user_can_plan(user, case: HomeCareCase) -> bool:
    """Work plans are the SAD manager's and the coordinators'."""
    return _holds_in_area(user, case, PLAN_RIGHT)


def user_can_change_cover(user, case: HomeCareCase) -> bool:
    """The cover is the SAD manager's and the coordinators' (the right to
    change home-care expedients), of the expedient's area, who see it."""
    return _holds_in_area(user, case, CHANGE_RIGHT)
