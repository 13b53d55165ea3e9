"""Demo child protection (EAIA) expedients, after the households'
(casework/demo.py): one in every state, written through the module's
services as an EAIA technician would.

- Alta: urgent priority set ten days ago, no period yet, no synthesis (the
  "priority due date passed" alert);
- Obert: three contiguous periods (Risc → Guarda protectora → Tutela), the
  report to DGAIA/SAIA prepared and waiting for its resolution (the "report
  pending" alert), with two other EAIA teams;
- Obert, resolved: one period, the report resolved, the case synthesis
  generated and resolved;
- two siblings (kinship typed as siblings), each with an open expedient, and
  one actuació recorded in both;
- closed: a period and a closing reason.

Generated people only; skipped for an area that already has EAIA expedients.
"""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from configuration import roles
from configuration.demo_registry import DemoContext, demo_step
from configuration.models import ActuacioPlace, ActuacioType, Area, ClosingReason
from directory.enums import KinshipKind

from .enums import EaiaExpedientType as Type
from .enums import EaiaPriority as Priority
from .enums import EaiaTerritoriality as Territoriality
from .enums import EaiaThematicScope as Scope

CHILDREN = 6
PERIODS = (
    (300, Type.RISK, Territoriality.REFERENCE, "Estudi i valoració"),
    (180, Type.PROTECTIVE_GUARDIANSHIP, Territoriality.REFERENCE, "Proposta de mesura"),
    (60, Type.TUTELAGE, Territoriality.CO_REFERENCE, "Seguiment de la mesura"),
)


def _children(area: Area) -> list:
    """Minors of the area in no expedient yet (others when too few)."""
    from directory.models import Person

    free = (
        Person.objects.filter(area=area, merged_into__isnull=True)
        .exclude(expedient_links__isnull=False)
        .filter(residence_municipality__isnull=False)
        .order_by("pk")
    )
    minors = list(free.filter(birth_date__gt=date.today() - relativedelta(years=18)))
    others = [p for p in free[: CHILDREN * 2] if p not in minors]
    return (minors + others)[:CHILDREN]


def _first(model, area):
    return (
        model.objects.filter(area=area, is_active=True).order_by("sort_order", "pk")
    ).first() or model.objects.filter(area=None, is_active=True).order_by(
        "sort_order", "pk"
    ).first()


class _Seeder:
    """One area's demo expedients, written by its EAIA technician."""

    def __init__(self, ctx: DemoContext, technician):
        self.ctx, self.by, self.today = ctx, technician, date.today()

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def opened(self, child, days_ago: int, priority, **cover):
        from .services import open_child_protection_expedient

        case = open_child_protection_expedient(
            by=self.by,
            person=child,
            on=self.ago(days_ago),
            priority=priority,
            priority_since=self.ago(days_ago),
            **cover,
        )
        self.ctx.counts["created"] += 1
        return case

    def period(self, case, days_ago, kind, territoriality, situation, **teams):
        from .services import eaia_evolution_add

        eaia_evolution_add(
            by=self.by,
            expedient=case,
            starts_on=self.ago(days_ago),
            expedient_type=kind,
            territoriality=territoriality,
            administrative_situation=situation,
            **teams,
        )

    def alta(self, child) -> None:
        self.opened(
            child,
            10,
            Priority.URGENT,
            case_origin="Serveis socials bàsics del municipi",
        )

    def open_with_periods(self, child) -> None:
        case = self.opened(
            child,
            320,
            Priority.PREFERENTIAL,
            answer_within_six_months=True,
            case_origin="Derivació de l'escola",
            report_prepared_on=self.ago(40),
            synthesis_generated_on=self.ago(250),
            synthesis_author=self.by,
        )
        for days_ago, kind, territoriality, situation in PERIODS:
            self.period(
                case,
                days_ago,
                kind,
                territoriality,
                situation,
                other_team_1="EAIA Garraf",
                other_team_1_role=Territoriality.COLLABORATION,
                other_team_2="EAIA Anoia",
                other_team_2_role=Territoriality.CO_REFERENCE,
            )

    def resolved(self, child) -> None:
        from .models import ChildProtectionCase
        from .services import child_protection_cover_update

        case = self.opened(child, 200, Priority.PRIORITY, case_origin="DGAIA")
        self.period(
            case, 190, Type.ASSISTANCE_MEASURES, Territoriality.REFERENCE, "Seguiment"
        )
        child_protection_cover_update(
            by=self.by,
            case=ChildProtectionCase.objects.get(pk=case.pk),
            report_prepared_on=self.ago(185),
            report_resolved_on=self.ago(150),
            synthesis_generated_on=self.ago(195),
            synthesis_resolved_on=self.ago(160),
            synthesis_author=self.by,
        )

    def siblings(self, area, sister, brother) -> None:
        from directory.models import Kinship
        from directory.services.records import kinship_add

        from .services import eaia_actuacio_create

        between = Kinship.objects.filter(
            Q(person=sister, relative=brother) | Q(person=brother, relative=sister)
        )
        if not between.exists():  # (an area short of minors may pair relatives)
            kinship_add(
                person=sister,
                relative=brother,
                kind=KinshipKind.SIBLING,
                acting_user=self.by,
            )
        origin = "Fiscalia de menors"
        first = self.opened(sister, 90, Priority.ORDINARY, case_origin=origin)
        second = self.opened(brother, 90, Priority.ORDINARY, case_origin=origin)
        for case in (first, second):
            self.period(case, 80, Type.RISK, Territoriality.REFERENCE, "Estudi")
        place, kind = _first(ActuacioPlace, area), _first(ActuacioType, area)
        if place is None or kind is None:
            return
        eaia_actuacio_create(
            by=self.by,
            expedient=first,
            topic="Entrevista amb els progenitors",
            place=place,
            type=kind,
            thematic_scope=Scope.FAMILY,
            date=self.ago(5),
            hours=Decimal("1.50"),
            text="Notes de l'entrevista (dades de demostració).",
            to_siblings=True,
        )

    def closed(self, area, child) -> None:
        from ...services.expedients import expedient_close

        case = self.opened(child, 400, Priority.ORDINARY, case_origin="Altres EAIA")
        self.period(case, 390, Type.RISK, Territoriality.COLLABORATION, "Tancament")
        reason = _first(ClosingReason, area)
        if reason is not None:
            expedient_close(
                case=case, reason=reason, acting_user=self.by, on=self.ago(30)
            )


@demo_step(order=47)
def seed_child_protection(ctx: DemoContext) -> None:
    from ...demo_modules import _with_role
    from .models import ChildProtectionCase

    for area in Area.objects.order_by("code"):
        if ChildProtectionCase.objects.filter(area=area).exists():
            ctx.counts["unchanged"] += 1
            continue
        technician = _with_role(area, roles.TECNIC_EAIA, roles.COORDINADOR)
        children = _children(area)
        if technician is None or len(children) < CHILDREN:
            continue
        alta, open_, resolved, sister, brother, closed = children
        seeder = _Seeder(ctx, technician)
        seeder.alta(alta)
        seeder.open_with_periods(open_)
        seeder.resolved(resolved)
        seeder.siblings(area, sister, brother)
        seeder.closed(area, closed)
