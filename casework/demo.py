"""Demo expedients: households of the generated demo persons, with every kind of
item, in every state, some of them old, so that screens, alerts and reports have
something to show. Generated people only; runs once per area (skipped when the
area already has expedients, so `seed_demo` stays re-runnable).

Old items are written through the services with today's date and then moved
back in time, as if they had been recorded then: the services refuse to record
an actuació outside its edit window, which is the rule, not the demo's concern.
"""

from datetime import date, timedelta
from decimal import Decimal

from configuration.demo_registry import DemoContext, demo_step
from configuration.enums import ExpedientStage, ResourceState, RiskGrade, TramitState
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    Area,
    Benefit,
    CaseOrigin,
    ClosingReason,
    DemandType,
    Problem,
    RelationshipType,
    Sector,
    TramitType,
    User,
)
from directory.models import Kinship, Person

from .enums import ObjectiveResult, ObjectiveType

# (area code, referent username) per household, in the order households appear.
REFERENTS = {
    "NORD": ("treballadora", "educador", "treballadora", "coordinadora"),
    "SUD": ("coordinadora2",),
}
TOPICS = (
    ("3", "Primera entrevista: situació familiar i ingressos"),
    ("6", "Valoració de la situació d'habitatge"),
    ("1", "Coordinació amb l'escola dels infants"),
    ("4", "Orientació sobre la renda garantida"),
    ("2", "Derivació al servei d'ocupació"),
)


@demo_step(order=40)
def seed_expedients(ctx: DemoContext) -> None:
    from .models import Expedient

    for code, referents in REFERENTS.items():
        area = Area.objects.get(code=code)
        if Expedient.objects.filter(area=area).exists():
            ctx.counts["unchanged"] += 1
            continue
        households = _households(area)
        cases = []
        for n, members in enumerate(households):
            referent = User.objects.get(username=referents[n % len(referents)])
            # The last-but-one household was attended years ago.
            long_ago = len(households) >= 6 and n == len(households) - 2
            days = 1200 if long_ago else max(400 - 45 * n, 40)
            opened_on = date.today() - timedelta(days=days)
            cases.append(_household_case(ctx, area, members, referent, n, opened_on))
        if len(cases) >= 6:
            _close(cases[-1], days_ago=20, reason_code="5")
            _close(cases[-2], days_ago=900, reason_code="2")


def _households(area: Area) -> list[list[Person]]:
    """Heads of the demo households with the relatives recorded in kinship."""
    heads = (
        Kinship.objects.filter(person__area=area, kind="partner")
        .select_related("person", "relative")
        .order_by("person__pk")
    )
    households = []
    for kinship in heads:
        head, partner = kinship.person, kinship.relative
        children = [
            k.relative
            for k in Kinship.objects.filter(person=head, kind="parent").select_related(
                "relative"
            )
        ]
        members = [head, partner, *children]
        if all(p.merged_into_id is None and not p.is_deceased for p in members):
            households.append(members)
    return households


def _household_case(ctx, area, members, referent, n, opened_on):
    from .models import BasicCase
    from .services import expedient_open
    from .services.household import person_link

    head = members[0]
    sector = (
        Sector.objects.filter(
            area=area, municipality=head.residence_municipality
        ).first()
        or Sector.objects.filter(area=area).first()
    )
    case = BasicCase(
        area=area,
        sector=sector,
        reference_professional=referent,
        family_name=f"{head.surname1} {members[1].surname1}",
        case_origin=CaseOrigin.objects.filter(code=str(1 + n % 7)).first(),
        risk_grade=(RiskGrade.VULNERABLE, RiskGrade.RISK, RiskGrade.HIGH_RISK)[n % 3],
        stage=ExpedientStage.FOLLOW_UP if n % 2 else ExpedientStage.RECEPTION,
        confidential=(n == 2),
    )
    case = expedient_open(
        case=case, main_person=head, acting_user=referent, on=opened_on
    )
    ctx.counts["created"] += 1
    partner_type = RelationshipType.objects.filter(code="10").first()
    child_type = RelationshipType.objects.filter(code="3").first()
    for person in members[1:]:
        relationship = partner_type if person == members[1] else child_type
        person_link(
            expedient=case,
            person=person,
            relationship=relationship,
            acting_user=referent,
        )
    _items(case, members, referent, n)
    _backdate(case, opened_on)
    return case


def _close(case, *, days_ago: int, reason_code: str) -> None:
    """Close a household's case: one lately, one long ago (reopening it should
    suggest a new expedient instead)."""
    from .models import Actuacio, Expedient
    from .services.expedients import expedient_close

    case.refresh_from_db()
    expedient_close(
        case=case,
        reason=ClosingReason.objects.get(code=reason_code, area__isnull=True),
        acting_user=case.reference_professional,
        close_open_plans=True,
        end_open_problems=True,
    )
    closed_on = date.today() - timedelta(days=days_ago)
    Expedient.objects.filter(pk=case.pk).update(state_date=closed_on)
    Actuacio.objects.filter(expedient=case, event="closed").update(date=closed_on)
    # Everything else it holds happened between its opening and its closing.
    _spread(case, until=closed_on)


def _items(case, members, referent, n) -> None:
    from .models import InterventionPlan, PlanObjective, Resource, Tramit
    from .services import (
        actuacio_create,
        demand_create,
        objective_add,
        plan_create,
        problem_create,
        resource_create,
        tramit_create,
        tramit_set_state,
    )

    head = members[0]
    today = date.today()
    for i, (type_code, topic) in enumerate(TOPICS[: 2 + n % 3]):
        actuacio_create(
            expedient=case,
            acting_user=referent,
            type=ActuacioType.objects.get(code=type_code, area__isnull=True),
            place=ActuacioPlace.objects.get(
                code="1" if i % 2 == 0 else "5", area__isnull=True
            ),
            topic=topic,
            text="Notes de l'entrevista (dades de demostració).",
            responsible=referent,
            hours=Decimal("1.00"),
            related_persons=members[: 1 + i % 2],
            attendee_persons=[head],
        )
    demand_create(
        expedient=case,
        acting_user=referent,
        beneficiaries=[head] if n % 2 else members,
        type=DemandType.objects.get(code=str(1 + n % 5), area__isnull=True),
    )
    problem = Problem.objects.filter(area__isnull=True, year=today.year).order_by(
        "code"
    )
    if problem.exists():
        problem_create(
            expedient=case,
            acting_user=referent,
            beneficiaries=members,
            problem=problem[n % problem.count()],
        )
    tramit_types = list(
        TramitType.objects.filter(pre_assigns__isnull=False, is_active=True).filter(
            area__isnull=True
        )
        | TramitType.objects.filter(pre_assigns__isnull=False, area=case.area)
    )
    if tramit_types:
        tramit = tramit_create(
            tramit=Tramit(
                expedient=case,
                type=tramit_types[n % len(tramit_types)],
                scope=tramit_types[n % len(tramit_types)].scope,
                holder=head,
            ),
            acting_user=referent,
        )
        if n % 3 == 1:
            tramit_set_state(
                tramit=tramit, state=TramitState.GRANTED, acting_user=referent
            )
    energy = Benefit.objects.filter(is_energy_supply=True, area__isnull=True).first()
    other = Benefit.objects.filter(is_energy_supply=False, area__isnull=True).order_by(
        "code"
    )
    benefit = energy if (n % 2 == 0 and energy) else other[n % other.count()]
    resource_create(
        resource=Resource(
            expedient=case,
            benefit=benefit,
            state=ResourceState.GRANTED,
            amount=Decimal("150.00") + 25 * n,
            starts_on=today - timedelta(days=120),
            ends_on=today - timedelta(days=10) if n % 2 else today + timedelta(days=90),
            promoting_entity=1,
        ),
        holder=head,
        beneficiaries=members[1:],
        acting_user=referent,
    )
    if n % 3 != 2:
        plan = plan_create(
            plan=InterventionPlan(
                expedient=case,
                title="Pla de millora de la situació econòmica i d'habitatge",
                starts_on=today - timedelta(days=200),
                review_on=today - timedelta(days=20),
                expires_on=today - timedelta(days=5)
                if n % 2
                else today + timedelta(days=12),
                agreements="La família es compromet a assistir a les entrevistes "
                "i a presentar la documentació; l'equip tramitarà els ajuts.",
            ),
            referents=[referent],
            affected_persons=members[:2],
            acting_user=referent,
        )
        for kind, text, result in (
            (
                ObjectiveType.ECONOMIC,
                "Estabilitzar els ingressos de la unitat familiar",
                ObjectiveResult.PARTLY,
            ),
            (
                ObjectiveType.HOUSING,
                "Evitar la pèrdua de l'habitatge",
                ObjectiveResult.PENDING,
            ),
        ):
            objective_add(
                objective=PlanObjective(
                    plan=plan, description=text, type=kind, result=result
                ),
                target_persons=members[:1],
                acting_user=referent,
            )


def _backdate(case, opened_on) -> None:
    """Move the household's history back in time, as if recorded since `opened_on`."""
    from .models import Resource

    _spread(case, until=date.today())
    # Some resources waiting for an answer for months (the later alert).
    Resource.objects.filter(expedient=case, state=ResourceState.PRE_ASSIGNED).update(
        state_changed_on=date.today() - timedelta(days=75)
    )


def _spread(case, *, until: date) -> None:
    from .models import Actuacio

    opened_on = Actuacio.objects.get(expedient=case, event="opened").date
    actuacions = (
        Actuacio.objects.filter(expedient=case)
        .exclude(event__in=("opened", "closed"))
        .order_by("pk")
    )
    span = max((until - opened_on).days, 1)
    count = actuacions.count()
    for i, actuacio in enumerate(actuacions):
        Actuacio.objects.filter(pk=actuacio.pk).update(
            date=opened_on + timedelta(days=span * (i + 1) // max(count, 1))
        )


# (document kind code, title, what the page says) of the demo documents.
DEMO_DOCUMENTS = (
    (
        "1",
        "Consentiment per a l'ús de dades signat",
        "Document de demostració: consentiment signat per la persona atesa.",
    ),
    (
        "2",
        "Informe de l'escola dels infants",
        "Document de demostració: informe d'un altre servei sobre els infants.",
    ),
)


def demo_pdf(title: str, text: str, number: str) -> bytes:
    """A one-page generated PDF (no real content) for the demo documents."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.ln(4)
    for line in (f"Expedient {number}", text, "Llar - dades de demostració"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@demo_step(order=47)
def seed_documents(ctx: DemoContext) -> None:
    """Two generated PDFs filed in each of the first two open, not confidential
    expedients of the first area (the consent concerns the main person)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from configuration.models import DocumentKind

    from .models import Document, Expedient
    from .services import document_create

    area = Area.objects.get(code="NORD")
    cases = Expedient.objects.filter(
        area=area, state=1, confidential=False, module="ssb"
    ).order_by("pk")[:2]
    for case in cases:
        if Document.all_objects.filter(expedient=case).exists():
            ctx.counts["unchanged"] += 1
            continue
        main = case.links.filter(is_main=True).select_related("person").first()
        for code, title, text in DEMO_DOCUMENTS:
            kind = DocumentKind.objects.get(code=code, area__isnull=True)
            content = demo_pdf(title, text, case.number)
            document_create(
                expedient=case,
                acting_user=case.reference_professional,
                file=SimpleUploadedFile(f"document-{code}.pdf", content),
                title=title,
                kind=kind,
                persons=[main.person] if main and code == "1" else [],
                actuacio=case.actuacions.filter(siad__isnull=True)
                .order_by("pk")
                .first()
                if code == "2"
                else None,
            )
            ctx.counts["created"] += 1


from . import demo_modules  # noqa: E402, F401 - the modules' demo steps
