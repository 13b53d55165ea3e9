"""The rows the permission matrix walks: one of everything, in four placements.

- "own": in the territory of the role users' team (its sector, its reference
  professional a teammate who is none of the role users);
- "team": same area, another team's sector and reference professional;
- "coordinated": same area, another team's sector, but the reference
  professional belongs to the role users' team (a coordinator sees it; other
  roles, not named on it and not working in that sector, do not);
- "area": another area.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import (
    Actuacio,
    Expedient,
    InterventionPlan,
    LinkedPerson,
    PlanObjective,
    Resource,
    Tramit,
)
from casework.services import (
    actuacio_create,
    demand_create,
    document_create,
    objective_add,
    plan_create,
    problem_create,
    resource_create,
    tramit_create,
)
from configuration import roles
from configuration.models import (
    ActuacioPlace,
    ActuacioType,
    DocumentKind,
    DocumentTemplate,
    User,
)
from directory.enums import KinshipKind
from directory.models import Kinship, PersonExtended
from directory.services.records import kinship_add
from tests.factories import (
    BenefitFactory,
    DemandTypeFactory,
    ProblemFactory,
    TramitTypeFactory,
    professional,
)
from tests.factories.casework import Territory, basic_case, resident, territory

PLACEMENTS = ("own", "team", "coordinated", "area")


@dataclass
class Catalogue:
    atype: ActuacioType
    place: ActuacioPlace
    dtype: object
    problem: object
    benefit: object
    ttype: object
    dkind: DocumentKind

    @classmethod
    def build(cls) -> "Catalogue":
        return cls(
            atype=ActuacioType.objects.create(code="m-a1", name="Informació"),
            place=ActuacioPlace.objects.create(code="m-p1", name="Despatx"),
            dtype=DemandTypeFactory(),
            problem=ProblemFactory(),
            benefit=BenefitFactory(),
            ttype=TramitTypeFactory(),
            dkind=DocumentKind.objects.create(code="m-d1", name="Informe"),
        )


@dataclass
class Placement:
    """A person record with its kinship and extended block, and an open
    expedient of theirs with one of every item."""

    person: object
    kinship: Kinship
    extended: PersonExtended
    case: Expedient
    actuacio: Actuacio
    demand: object
    problem: object
    resource: Resource
    tramit: Tramit
    plan: InterventionPlan
    objective: PlanObjective
    document: object
    # The person's immigration expedient (its reference professional an
    # immigration technician of the placement's team) and one actuació of it.
    imm_case: object = None
    imm_actuacio: object = None


def immigration_technician(t: Territory, team) -> User:
    user = professional(roles.TECNIC_IMMIGRACIO, area=t.area)
    user.teams.add(team)
    return user


def add_immigration(placement: "Placement", *, by: User, sector) -> None:
    """Give the placement's person an immigration expedient in `sector`."""
    from casework.modules.immigration.services import (
        immigration_actuacio_create,
        open_immigration_expedient,
    )

    placement.imm_case = open_immigration_expedient(
        by=by, person=placement.person, sector=sector
    )
    placement.imm_actuacio = immigration_actuacio_create(
        by=by, expedient=placement.imm_case, topic="Acollida"
    )


def build_placement(
    t: Territory, c: Catalogue, *, by: User, sector, surname: str = "Serra"
) -> Placement:
    person = resident(t, surname1=surname)
    relative = resident(t, first_name="Jordi", surname1=surname)
    kinship = kinship_add(
        person=person, relative=relative, kind=KinshipKind.SIBLING, acting_user=by
    )
    extended = PersonExtended.objects.create(person=person)
    case = basic_case(t, person, by=by, sector=sector)
    LinkedPerson.objects.create(expedient=case, person=relative)
    items = {"expedient": case, "acting_user": by}
    plan = plan_create(
        plan=InterventionPlan(
            expedient=case, title="Pla", expires_on=date.today() + timedelta(days=30)
        ),
        referents=[by],
        affected_persons=[person],
        acting_user=by,
    )
    # The area's own document template (its editor is swept by area); one per
    # area, however many placements the area gets.
    DocumentTemplate.objects.get_or_create(
        area=t.area,
        code=f"m-t{t.area.pk}",
        defaults={
            "name": "Consentiment",
            "kind": c.dkind,
            "body": "{{ persona.nom_complet }}, {{ avui }}",
        },
    )
    return Placement(
        person=person,
        kinship=kinship,
        extended=extended,
        case=case,
        actuacio=actuacio_create(
            **items, type=c.atype, place=c.place, topic="Entrevista", responsible=by
        ),
        demand=demand_create(**items, beneficiaries=[person], type=c.dtype),
        problem=problem_create(**items, beneficiaries=[person], problem=c.problem),
        resource=resource_create(
            resource=Resource(expedient=case, benefit=c.benefit),
            holder=person,
            acting_user=by,
        )[0],
        tramit=tramit_create(
            tramit=Tramit(expedient=case, type=c.ttype, holder=person), acting_user=by
        ),
        plan=plan,
        objective=objective_add(
            objective=PlanObjective(plan=plan, description="Objectiu"),
            target_persons=[person],
            acting_user=by,
        ),
        document=document_create(
            **items,
            file=SimpleUploadedFile("informe.pdf", b"%PDF-1.4\n%%EOF\n"),
            title="Informe",
            kind=c.dkind,
            persons=[person],
        ),
    )


@dataclass
class World:
    t: Territory
    elsewhere: Territory
    users: dict[str, User]
    places: dict[str, Placement]


def build_world() -> World:
    """One user per role in `t.team`; the four placements of everything."""
    t, elsewhere = territory(), territory()
    catalogue = Catalogue.build()
    users = {}
    for role in roles.ROLES:
        users[role.key] = professional(role, area=t.area)
        users[role.key].teams.add(t.team)
    places = {
        "own": build_placement(t, catalogue, by=t.worker, sector=t.sector),
        "team": build_placement(t, catalogue, by=t.outsider, sector=t.other_sector),
        "coordinated": build_placement(
            t, catalogue, by=t.worker, sector=t.other_sector
        ),
        "area": build_placement(
            elsewhere, catalogue, by=elsewhere.worker, sector=elsewhere.sector
        ),
    }
    # Immigration expedients in the same four placements, opened by immigration
    # technicians who are none of the role users.
    own_imm = immigration_technician(t, t.team)
    for placement, by, sector in (
        ("own", own_imm, t.sector),
        ("team", immigration_technician(t, t.other_team), t.other_sector),
        ("coordinated", own_imm, t.other_sector),
        ("area", immigration_technician(elsewhere, elsewhere.team), elsewhere.sector),
    ):
        add_immigration(places[placement], by=by, sector=sector)
    return World(t=t, elsewhere=elsewhere, users=users, places=places)
