"""Demo expedients of the specialised modules, after the households'
(casework/demo.py): home care (SAD) in every state of its service, a few
women's service (SIAD) expedients with actuacions and training, and
immigration expedients in every state (opened, training under way, past the
two-year term, closed).

Everything is written through the modules' services, as a professional would:
the SSB expedient gets resource 1.1.2.1 pre-assigned, the home-care
expedient is opened from it, events are proposed and decided (the SAD
manager approves; one proposal is denied with its reason), the service is
defined and planned. Generated people only; each step runs once per area
(skipped when the area already has expedients of the module).

Dates: the services date things today or on the dates given; a few stamps
(when an event was proposed) are then moved back, as if recorded then, so
the alerts (waiting over 7 days, suspended over 90 days) have rows.
"""

from datetime import date, timedelta
from decimal import Decimal

from configuration import roles
from configuration.demo_registry import DemoContext, demo_step
from configuration.enums import (
    ExpedientState,
    PersonStatus,
    PromotingEntity,
    ResourceState,
    SadKind,
    Sex,
)
from configuration.models import (
    Area,
    Benefit,
    ClosingReason,
    HomeCareTask,
    SiadChannel,
    SiadConsultationType,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
    User,
)

# The state each demo home-care service is left in, one per person, in order:
# (events after the opening, with how many days ago each one is dated), and
# whether the last one stays proposed or is denied.
SAD_STORIES = (
    ("information", ()),
    ("start pending", (("start", 20),)),
    ("start, modification denied", (("start", 200), ("modification", 15))),
    ("modified", (("start", 300), ("modification", 60))),
    ("suspended", (("start", 330), ("suspension", 120))),
    ("resumed", (("start", 360), ("suspension", 90), ("resumption", 30))),
    ("ended", (("start", 380), ("end", 25))),
)
SAD_OPENED_DAYS_AGO = 390
DENIAL_REASON = (
    "Les hores demanades superen el màxim de la dependència reconeguda: "
    "cal revisar el PIA abans de modificar el servei."
)


def _with_role(area: Area, *role_list) -> User | None:
    """The area's first active professional holding the first of the roles
    anyone holds (the SAD manager, else a coordinator)."""
    for role in role_list:
        found = (
            User.objects.filter(area=area, is_active=True, groups__name=role.name)
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    return None


def _sad_people(area: Area) -> list[tuple]:
    """(person, SSB expedient) pairs: the main person, then the second member,
    of each open, non-confidential household expedient of the area."""
    from .enums import Module
    from .models import Expedient

    cases = (
        Expedient.objects.filter(
            area=area,
            module=Module.SSB,
            state=ExpedientState.OPEN,
            confidential=False,
        )
        .select_related("reference_professional")
        .order_by("pk")
    )
    heads, partners = [], []
    for case in cases:
        links = list(case.links.select_related("person").order_by("-is_main", "pk"))
        persons = [link.person for link in links if link.person.merged_into_id is None]
        if persons:
            heads.append((persons[0], case))
        if len(persons) > 1:
            partners.append((persons[1], case))
    return heads + partners


def _pre_assign(case, person) -> None:
    from .models import Resource
    from .modules.sad.services import HOME_CARE_BENEFIT_CODE
    from .services import resource_create

    benefit = (
        Benefit.objects.filter(code=HOME_CARE_BENEFIT_CODE, area=case.area).first()
        or Benefit.objects.filter(code=HOME_CARE_BENEFIT_CODE, area=None).first()
    )
    if benefit is None:
        return
    held = Resource.objects.filter(
        expedient=case, benefit=benefit, state=ResourceState.PRE_ASSIGNED
    )
    if held.exists():
        return
    resource_create(
        resource=Resource(expedient=case, benefit=benefit),
        holder=person,
        acting_user=case.reference_professional,
    )


def _characteristics(n: int, *, modified: bool = False):
    from .modules.sad.services import Characteristics

    tasks = list(HomeCareTask.objects.filter(area=None).order_by("code"))
    chosen = tasks[n % len(tasks) :][:2] or tasks[:2]
    hours = Decimal(4 + 2 * (n % 3)) + (Decimal(2) if modified else 0)
    return Characteristics(
        service_type=SadKind.DEPENDENCY if n % 2 else SadKind.SOCIAL,
        tasks=chosen,
        weekly_hours=hours,
        funding=PromotingEntity.LOCAL if n % 3 else PromotingEntity.REGIONAL,
        copayment=Decimal("12.50") * (n % 4),
    )


def _plan(case, *, manager, starts_on: date, n: int, hours: Decimal) -> None:
    from .modules.sad.enums import WorkPlanPeriodicity
    from .modules.sad.services import add_work_plan

    days = [[0, 2, 4], [1, 3], [0, 1, 2, 3, 4]][n % 3]
    add_work_plan(
        by=manager,
        case=case,
        starts_on=starts_on,
        weekdays=days,
        hours=min(hours / len(days), Decimal(8)).quantize(Decimal("0.25")),
        periodicity=WorkPlanPeriodicity.WEEKLY,
        notes="Higiene personal i suport a les tasques de la llar.",
    )


def _story(n: int, person, ssb, manager, steps) -> None:
    from .modules.sad.enums import DEFINING_KINDS, HomeCareEventKind
    from .modules.sad.models import HomeCareEvent
    from .modules.sad.services import (
        approve_home_care_event,
        deny_home_care_event,
        open_home_care_expedient,
        propose_home_care_event,
    )

    today = date.today()
    worker = ssb.reference_professional
    case = open_home_care_expedient(
        by=worker,
        person=person,
        ssb_expedient=ssb,
        on=today - timedelta(days=SAD_OPENED_DAYS_AGO - n),
    )
    for i, (kind, days_ago) in enumerate(steps):
        last = i == len(steps) - 1
        on = today - timedelta(days=days_ago)
        extra = {}
        if kind in DEFINING_KINDS:
            extra["characteristics"] = _characteristics(
                n, modified=kind == HomeCareEventKind.MODIFICATION
            )
        if kind == HomeCareEventKind.END:
            extra["closing_reason"] = ClosingReason.objects.get(
                code="1", area__isnull=True
            )
        event = propose_home_care_event(
            by=worker,
            case=case,
            kind=kind,
            on=on,
            notes="Proposta de l'equip bàsic (dades de demostració).",
            **extra,
        )
        if last and kind == HomeCareEventKind.START and len(steps) == 1:
            # Waiting for the manager for more than a week (the later alert).
            HomeCareEvent.objects.filter(pk=event.pk).update(
                proposed_at=event.proposed_at - timedelta(days=12)
            )
            continue
        if last and kind == HomeCareEventKind.MODIFICATION and n == 2:
            deny_home_care_event(by=manager, event=event, reason=DENIAL_REASON)
            continue
        approve_home_care_event(by=manager, event=event)
        if kind in DEFINING_KINDS and case.is_open:
            case.refresh_from_db()
            _plan(
                case,
                manager=manager,
                starts_on=on,
                n=n + i,
                hours=event.definition.weekly_hours,
            )


@demo_step(order=45)
def seed_home_care(ctx: DemoContext) -> None:
    from .modules.sad.models import HomeCareCase

    for area in Area.objects.order_by("code"):
        if HomeCareCase.objects.filter(area=area).exists():
            ctx.counts["unchanged"] += 1
            continue
        manager = _with_role(area, roles.GESTOR_SAD, roles.COORDINADOR)
        people = _sad_people(area)
        if manager is None or not people:
            continue
        stories = SAD_STORIES if len(people) >= len(SAD_STORIES) else SAD_STORIES[3:4]
        for n, ((person, ssb), (_name, steps)) in enumerate(
            zip(people, stories, strict=False)
        ):
            _pre_assign(ssb, person)
            _story(n, person, ssb, manager, steps)
            ctx.counts["created"] += 1


# --- women's service (SIAD) ---------------------------------------------------------

SIAD_TOPICS = (
    ("Primera acollida i valoració de la situació", False),
    ("Assessorament jurídic sobre la separació", False),
    ("Atenció psicològica urgent després d'una agressió", True),
)


def _siad_women(area: Area, count: int) -> list:
    """Women of the area not yet in an expedient of the households."""
    from directory.models import Person

    return list(
        Person.objects.filter(area=area, sex=Sex.WOMAN, merged_into__isnull=True)
        .exclude(expedient_links__isnull=False)
        .filter(residence_municipality__isnull=False)
        .order_by("pk")[:count]
    )


def _first(model, area):
    return (
        model.objects.filter(area=area).order_by("sort_order", "pk").first()
        or model.objects.filter(area=None).order_by("sort_order", "pk").first()
    )


@demo_step(order=46)
def seed_womens_service(ctx: DemoContext) -> None:
    from .modules.siad.models import WomensServiceCase
    from .modules.siad.services.actuacions import siad_actuacio_create
    from .modules.siad.services.opening import open_womens_service_expedient
    from .modules.siad.services.training import (
        siad_session_record,
        siad_training_assign,
    )

    today = date.today()
    for area in Area.objects.order_by("code"):
        if WomensServiceCase.objects.filter(area=area).exists():
            ctx.counts["unchanged"] += 1
            continue
        technician = _with_role(area, roles.TECNIC_SIAD)
        if technician is None:
            continue
        consultation = SiadConsultationType.objects.order_by("sort_order", "pk")
        training = SiadTrainingResource.objects.filter(area=area).order_by("pk")
        for n, woman in enumerate(_siad_women(area, 3)):
            case = open_womens_service_expedient(
                by=technician, person=woman, on=today - timedelta(days=150 - 40 * n)
            )
            ctx.counts["created"] += 1
            for i, (topic, urgent) in enumerate(SIAD_TOPICS[: 1 + n]):
                siad_actuacio_create(
                    by=technician,
                    expedient=case,
                    topic=topic,
                    date=today - timedelta(days=25 - 8 * n - 3 * i),
                    urgent=urgent,
                    hours=Decimal("1.50"),
                    channel=_first(SiadChannel, area),
                    attending_service=_first(SiadService, area),
                    violence_situation=_first(SiadViolenceSituation, area)
                    if urgent
                    else None,
                    consultation_type=consultation[(n + i) % consultation.count()]
                    if consultation.exists()
                    else None,
                    text="Notes de l'atenció (dades de demostració).",
                )
            if not training.exists():
                continue
            assignment = siad_training_assign(
                by=technician,
                expedient=case,
                resource=training[n % training.count()],
                on=today - timedelta(days=60),
                notes="Grup d'apoderament dels dijous.",
            )
            for week in range(1 + n):
                siad_session_record(
                    by=technician,
                    assignment=assignment,
                    on=today - timedelta(days=50 - 7 * week),
                    attended=week != 1,
                )


# --- immigration and citizenship (domain.md §3.6) -----------------------------------

IMMIGRATION_TOPICS = (
    "Primera acollida i informació del servei",
    "Inscripció als cursos d'acollida",
    "Seguiment de l'itinerari",
)


def _demo_pdf(title: str):
    from django.core.files.base import ContentFile

    body = f"%PDF-1.4\n% {title} (document de demostració)\n%%EOF\n"
    return ContentFile(body.encode(), name=f"{title}.pdf")


def _immigration_people(area: Area, count: int) -> list:
    """Residents of the area not yet in any expedient."""
    from directory.models import Person

    return list(
        Person.objects.filter(
            area=area, merged_into__isnull=True, status=PersonStatus.ACTIVE
        )
        .exclude(expedient_links__isnull=False)
        .filter(residence_municipality__isnull=False)
        .order_by("-pk")[:count]
    )


def _classes(technician, course, days_ago: tuple[int, ...], hours: Decimal) -> list:
    from .modules.immigration.models import ImmigrationCourseClass
    from .modules.immigration.services import immigration_class_record

    today = date.today()
    found = []
    for n in days_ago:
        on = today - timedelta(days=n)
        existing = ImmigrationCourseClass.objects.filter(course=course, date=on).first()
        found.append(
            existing
            or immigration_class_record(
                by=technician, course=course, on=on, hours=hours
            )
        )
    return found


def _attend(technician, classes, module, pattern: str) -> None:
    from .modules.immigration.services import immigration_attendance_register

    for course_class, mark in zip(classes, pattern, strict=False):
        immigration_attendance_register(
            by=technician, course_class=course_class, attended={module.pk: mark == "x"}
        )


@demo_step(order=47)
def seed_immigration(ctx: DemoContext) -> None:
    """Immigration expedients in every state: just opened; training under way
    (one module completed at 75%, one in progress) with actuacions and a
    tràmit; past the two-year term with an accredited module, the certificate
    and the signed application; closed."""
    from configuration.models import (
        ImmigrationCourse,
        ImmigrationProject,
        TramitType,
    )

    from .models import ImmigrationCase, Tramit
    from .modules.immigration.services import (
        immigration_accredit,
        immigration_actuacio_create,
        immigration_enrol,
        immigration_reception_update,
        open_immigration_expedient,
    )
    from .services import tramit_create
    from .services.expedients import expedient_close

    today = date.today()
    for area in Area.objects.order_by("code"):
        if ImmigrationCase.objects.filter(area=area).exists():
            ctx.counts["unchanged"] += 1
            continue
        technician = _with_role(area, roles.TECNIC_IMMIGRACIO)
        people = _immigration_people(area, 4)
        if technician is None or len(people) < 4:
            continue
        courses = {c.code: c for c in ImmigrationCourse.objects.filter(area=area)}
        project = ImmigrationProject.objects.filter(area=area).order_by("pk").first()
        starts = (today, today - timedelta(days=120), today - timedelta(days=800))
        cases = [
            open_immigration_expedient(
                by=technician, person=person, on=start, process_start=start
            )
            for person, start in zip(
                people, (*starts, today - timedelta(days=400)), strict=True
            )
        ]
        ctx.counts["created"] += len(cases)
        _, under_way, expired, closed = cases
        for i, topic in enumerate(IMMIGRATION_TOPICS):
            immigration_actuacio_create(
                by=technician,
                expedient=under_way,
                topic=topic,
                date=today - timedelta(days=12 - 4 * i),
                hours=Decimal("1.00"),
                project=project,
                course=courses.get("C-SOC") if i == 1 else None,
                itinerary_informed=i == 0,
                referral_source=2,
                text="Notes de l'atenció (dades de demostració).",
            )
        if "C-SOC" in courses and "A3-ALF" in courses:
            society = immigration_enrol(
                by=technician,
                expedient=under_way,
                course=courses["C-SOC"],
                on=today - timedelta(days=60),
            )
            classes = _classes(
                technician, courses["C-SOC"], (50, 43, 36, 29), Decimal(4)
            )
            _attend(technician, classes, society, "xx-x")  # 12 of 15 h: completed
            literacy = immigration_enrol(
                by=technician,
                expedient=under_way,
                course=courses["A3-ALF"],
                on=today - timedelta(days=40),
            )
            classes = _classes(
                technician, courses["A3-ALF"], (35, 28, 21, 14, 7), Decimal(3)
            )
            _attend(technician, classes, literacy, "xxx-x")  # 12 of 60 h
        tramit_type = (
            TramitType.objects.filter(area=area, is_active=True).order_by("pk").first()
            or TramitType.objects.filter(area=None, is_active=True)
            .filter(pre_assigns__isnull=True)
            .order_by("pk")
            .first()
        )
        if tramit_type is not None:
            tramit_create(
                tramit=Tramit(
                    expedient=under_way,
                    type=tramit_type,
                    holder=people[1],
                    scope=7,
                    processed_on=today - timedelta(days=5),
                ),
                acting_user=technician,
            )
        immigration_accredit(
            by=technician,
            expedient=expired,
            level="A1",
            on=today - timedelta(days=500),
            evidence=_demo_pdf("acreditacio-A1"),
            notes="Certificat de català A1 del CPNL.",
        )
        immigration_reception_update(
            by=technician,
            case=expired,
            reception_certificate_on=today - timedelta(days=300),
            signed_application=_demo_pdf("sollicitud-signada"),
        )
        reason = ClosingReason.objects.filter(is_active=True).order_by("pk").first()
        if reason is not None:
            expedient_close(case=closed, reason=reason, acting_user=technician)


from .modules.eaia import demo as eaia_demo  # noqa: E402, F401 - its demo step
