"""Who sees which expedient (architecture.md, "Tenancy and scope").

An expedient is visible to a professional when all of these hold:
- it is of their area;
- their roles give them its module (its declaration's `view_permission`,
  casework.modules) and the module's own scope lets them (`visible_filter`);
- it is in their territory: its sector is one their teams work in, its
  reference team is one of theirs, they are its reference or co-reference
  professional, or (coordinators) its reference professional is in one of
  their teams;
- it is not confidential, or they are named on it (reference or co-reference
  professional) or they coordinate a team its reference professional belongs to,
  or they opened it by break-glass and the grant still runs (models.access).

Items (actuacions, demandes…) are visible when their expedient is. Superusers
(the support desk) see every row, as everywhere else.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from configuration.scope import AreaScopedQuerySet

from .modules import modules_readable_by
from .permissions import user_coordinates, user_sector_ids, user_team_ids


def _modules_q(user) -> Q | None:
    """The expedients of the modules `user` works: each module's key and its
    own scope (ModuleSpec.visible_filter), or None when they work none."""
    condition = None
    plain = []
    for module in modules_readable_by(user):
        extra = module.visible_filter(user)
        if extra == Q():
            plain.append(module.key)
            continue
        mine = Q(module=module.key) & extra
        condition = mine if condition is None else condition | mine
    if plain:
        mine = Q(module__in=plain)
        condition = mine if condition is None else condition | mine
    return condition


def _reach(user) -> tuple[Q, Q] | None:
    """(where the user works, which confidential rows they may see) as two
    conditions, or None when the user sees no expedient at all. Superusers are
    handled by the callers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    modules = _modules_q(user) if user.area_id is not None else None
    if modules is None:
        return None
    User = apps.get_model("configuration", "User")
    team_ids = user_team_ids(user)
    named = Q(reference_professional=user) | Q(co_reference_professional=user)
    territory = (
        named
        | Q(sector_id__in=user_sector_ids(user))
        | Q(reference_team_id__in=team_ids)
    )
    confidential_ok = Q(confidential=False) | named
    if user_coordinates(user) and team_ids:
        # A coordinator sees the expedients of every professional of their
        # teams, confidential ones included, wherever they are in the area.
        coordinated = Exists(
            User.objects.filter(
                pk=OuterRef("reference_professional_id"), teams__in=team_ids
            )
        )
        territory |= coordinated
        confidential_ok |= coordinated
    area_and_module = Q(area_id=user.area_id) & modules
    return area_and_module & territory, confidential_ok


def _granted(user) -> Q:
    """The expedients `user` opened by break-glass and whose grant still runs."""
    BreakGlassAccess = apps.get_model("casework", "BreakGlassAccess")
    grants = BreakGlassAccess.objects.running().filter(user=user)
    return Q(pk__in=grants.values("expedient_id"))


class ExpedientQuerySet(AreaScopedQuerySet):
    """The area rule of configuration's scope kit, with the expedient's own
    levels: module, territory and confidentiality (`_reach`)."""

    def visible_to(self, user) -> models.QuerySet:
        if getattr(user, "is_active", False) and user.is_superuser:
            return self
        reach = _reach(user)
        if reach is None:
            return self.none()
        territory, confidential_ok = reach
        return self.filter(territory, confidential_ok | _granted(user))

    def break_glass_for(self, user) -> models.QuerySet:
        """The confidential expedients `user` would see were they not
        confidential: the only ones break-glass may open (same area, module
        and territory, not named on them, not their coordinator, no running
        grant). Superusers never need it."""
        reach = _reach(user)
        if reach is None or user.is_superuser:
            return self.none()
        territory, confidential_ok = reach
        return self.filter(territory).exclude(confidential_ok | _granted(user))

    def disclosable_to(self, user) -> models.QuerySet:
        """Every expedient but the confidential ones `user` may not see: for
        the places that name or count expedients beyond the user's territory
        (the warning about other open expedients, the desk's counts)."""
        return self.exclude(pk__in=self.model.objects.hidden_from(user).values("pk"))

    def hidden_from(self, user) -> models.QuerySet:
        """The confidential expedients `user` may not see. Few, and found
        through their partial index: "not one of these" is how a count of a
        person's expedients leaves them out, where "one of the disclosable"
        read every expedient of the table for each chunk of an export
        (54 of its 90 ms at 100,000 expedients, `make bench`)."""
        visible = self.model.objects.visible_to(user).filter(confidential=True)
        return self.filter(confidential=True).exclude(pk__in=visible.values("pk"))

    def open(self) -> models.QuerySet:
        return self.filter(state=1)


def countable_links(user) -> Q:
    """The linked-person rows `user` may count as a person's expedients (the
    search desk's counts): all but those of the confidential expedients they
    may not see."""
    Expedient = apps.get_model("casework", "Expedient")
    return ~Q(expedient__in=Expedient.objects.hidden_from(user).values("pk"))


class ExpedientRowQuerySet(AreaScopedQuerySet):
    """Rows that hang off an expedient: visible when the expedient is."""

    def visible_to(self, user) -> models.QuerySet:
        if getattr(user, "is_active", False) and user.is_superuser:
            return self
        Expedient = apps.get_model("casework", "Expedient")
        lookup = getattr(self.model, "expedient_lookup", "expedient")
        visible = Expedient.objects.visible_to(user)
        return self.filter(**{f"{lookup}__in": visible.values("pk")})
