"""Demo organisation and one professional per role.

Names are generated (Faker, Catalan locale), never real people.
"""

import zlib

from faker import Faker

from . import demo_catalogues as catalogues
from . import roles
from .demo_registry import DemoContext, DemoLogin, demo_step
from .enums import LocalBodyKind, TeamKind
from .models import (
    ActuacioPlace,
    ActuacioType,
    Area,
    AreaSettings,
    Benefit,
    BenefitSubtype,
    BenefitType,
    CaseOrigin,
    ClosingReason,
    Country,
    DemandType,
    DocumentKind,
    DocumentTemplate,
    HomeCareTask,
    ImmigrationCourse,
    ImmigrationProject,
    ImmigrationProvider,
    ImmigrationTeacher,
    LocalBody,
    MotherTongue,
    Municipality,
    Problem,
    ProblemType,
    Province,
    RelationshipType,
    Sector,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
    StreetType,
    Subsector,
    Team,
    TramitType,
    User,
    WorkSchedule,
)
from .models.catalogues import current_year

DEMO_PASSWORD = "llar-demo"

# Real municipalities with their official Hèstia codes; the areas are invented.
DEMO_SECTORS = {
    "NORD": (("49", "Cardedeu"), ("114", "Llinars del Vallès"), ("206", "Sant Celoni")),
    "SUD": (("95", "La Garriga"), ("85", "Figaró-Montmany"), ("276", "Tagamanent")),
}
DEMO_SUBSECTORS = {
    "49": ("Nucli antic", "Eixample"),
    "206": ("Centre", "Urbanitzacions"),
}
# area code, team name, kind, municipality codes of its sectors
DEMO_TEAMS = (
    ("NORD", "Equip territorial Cardedeu-Llinars", TeamKind.TERRITORIAL, ("49", "114")),
    ("NORD", "Equip territorial Baix Montseny", TeamKind.TERRITORIAL, ("206",)),
    ("NORD", "Equip d'infància i família", TeamKind.THEMATIC, ("49", "114", "206")),
    ("NORD", "Equip de suport a domicili", TeamKind.THEMATIC, ("49", "114", "206")),
    ("SUD", "Equip territorial del Congost", TeamKind.TERRITORIAL, ("95", "85", "276")),
)
DEMO_TEAM_MEMBERS = {
    "admin": ("Equip territorial Cardedeu-Llinars",),
    "coordinadora": (
        "Equip territorial Cardedeu-Llinars",
        "Equip territorial Baix Montseny",
        "Equip d'infància i família",
    ),
    "treballadora": ("Equip territorial Cardedeu-Llinars",),
    "educador": ("Equip territorial Cardedeu-Llinars", "Equip d'infància i família"),
    "auxiliar": ("Equip territorial Cardedeu-Llinars",),
    "treballadorafamiliar": ("Equip de suport a domicili",),
    "administratiu": ("Equip territorial Baix Montseny",),
    "gestorsad": ("Equip de suport a domicili",),
    "tecnicsiad": ("Equip d'infància i família",),
    "tecnicimmigracio": ("Equip territorial Baix Montseny",),
    "tecniceaia": ("Equip d'infància i família",),
    "coordinadora2": ("Equip territorial del Congost",),
}
# username, municipality code, weekdays, from, until
DEMO_SCHEDULES = (
    ("treballadora", "49", (0, 1, 3, 4), "08:30", "14:30"),
    ("treballadora", "114", (2,), "09:00", "14:00"),
    ("educador", "49", (0, 2, 4), "09:00", "15:00"),
    ("educador", "114", (1, 3), "15:00", "19:00"),
)

# username, role, area code (None: outside any area), feminine name?
DEMO_PROFESSIONALS = (
    ("admin", roles.ADMINISTRADOR, "NORD", True),
    ("coordinadora", roles.COORDINADOR, "NORD", True),
    ("treballadora", roles.TECNIC, "NORD", True),
    ("educador", roles.TECNIC, "NORD", False),
    ("auxiliar", roles.AUXILIAR, "NORD", True),
    ("treballadorafamiliar", roles.TREBALLADOR_FAMILIAR, "NORD", True),
    ("administratiu", roles.ADMINISTRATIU, "NORD", False),
    ("gestorsad", roles.GESTOR_SAD, "NORD", True),
    ("tecnicsiad", roles.TECNIC_SIAD, "NORD", True),
    ("tecnicimmigracio", roles.TECNIC_IMMIGRACIO, "NORD", False),
    ("tecniceaia", roles.TECNIC_EAIA, "NORD", False),
    ("suport", roles.SUPORT, None, False),
    ("alumne", roles.ALUMNE, "NORD", True),
    ("coordinadora2", roles.COORDINADOR, "SUD", True),
)

# The support desk's superuser: the only login that imports the shared official
# lists (municipalities, countries, provinces, the shared catalogue entries).
DEMO_SUPERUSER = "superusuari"


def _generated_name(username: str, feminine: bool) -> tuple[str, str]:
    """Return a stable generated (first name, surnames) for a demo username."""
    fake = Faker("es_CA")
    fake.seed_instance(zlib.crc32(username.encode()))
    first = fake.first_name_female() if feminine else fake.first_name_male()
    return first, f"{fake.last_name()} {fake.last_name()}"


@demo_step(order=10)
def seed_organisation(ctx: DemoContext) -> None:
    body = ctx.upsert(
        LocalBody,
        {"name": "Consell Comarcal de la Vall Demo"},
        {"kind": LocalBodyKind.COUNTY_COUNCIL},
    )
    ctx.upsert(Area, {"code": "NORD"}, {"name": "ABSS Vall Nord", "local_body": body})
    ctx.upsert(Area, {"code": "SUD"}, {"name": "ABSS Vall Sud", "local_body": body})


@demo_step(order=18)
def seed_territory(ctx: DemoContext) -> None:
    """Sectors, subsectors, teams and settings of the two demo areas."""
    for code, sectors in DEMO_SECTORS.items():
        area = Area.objects.get(code=code)
        ctx.upsert(
            AreaSettings, {"area": area}, {"population": 30000 + 10000 * len(code)}
        )
        for muni_code, muni_name in sectors:
            municipality = ctx.upsert(
                Municipality, {"code": muni_code}, {"name": muni_name}
            )
            sector = ctx.upsert(
                Sector, {"area": area, "municipality": municipality}, {}
            )
            for name in DEMO_SUBSECTORS.get(muni_code, ()):
                ctx.upsert(Subsector, {"sector": sector, "name": name}, {})
    for area_code, name, kind, muni_codes in DEMO_TEAMS:
        area = Area.objects.get(code=area_code)
        team = ctx.upsert(Team, {"area": area, "name": name}, {"kind": kind})
        team.sectors.set(
            Sector.objects.filter(area=area, municipality__code__in=muni_codes)
        )


@demo_step(order=20)
def seed_professionals(ctx: DemoContext) -> None:
    from django.contrib.auth.models import Group

    areas = {area.code: area for area in Area.objects.all()}
    for username, role, area_code, feminine in DEMO_PROFESSIONALS:
        first, last = _generated_name(username, feminine)
        created = not User.objects.filter(username=username).exists()
        user = ctx.upsert(
            User,
            {"username": username},
            {
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.llar.invalid",
                "area": areas.get(area_code),
                "is_active": True,
                "funding_category": "B" if role == roles.TECNIC_IMMIGRACIO else "",
            },
        )
        if created:  # a demo password set once; re-running keeps the same hash
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role.name)])
        user.teams.set(
            Team.objects.filter(name__in=DEMO_TEAM_MEMBERS.get(username, ()))
        )
        area_name = areas[area_code].name if area_code else "—"
        ctx.logins.append(DemoLogin(username=username, role=role.name, area=area_name))
    _seed_superuser(ctx)
    _seed_schedules(ctx)


def _seed_superuser(ctx: DemoContext) -> None:
    first, last = _generated_name(DEMO_SUPERUSER, False)
    created = not User.objects.filter(username=DEMO_SUPERUSER).exists()
    values = {"first_name": first, "last_name": last, "area": None}
    values |= {"is_active": True, "is_superuser": True, "is_staff": False}
    values["email"] = f"{DEMO_SUPERUSER}@demo.llar.invalid"
    user = ctx.upsert(User, {"username": DEMO_SUPERUSER}, values)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    ctx.logins.append(
        DemoLogin(username=DEMO_SUPERUSER, role="Superusuari/ària", area="—")
    )


def _seed_schedules(ctx: DemoContext) -> None:
    for username, muni_code, weekdays, starts, ends in DEMO_SCHEDULES:
        professional = User.objects.get(username=username)
        sector = Sector.objects.get(
            area=professional.area, municipality__code=muni_code
        )
        for weekday in weekdays:
            ctx.upsert(
                WorkSchedule,
                {"professional": professional, "sector": sector, "weekday": weekday},
                {"starts_at": _time(starts), "ends_at": _time(ends)},
            )


def _time(text: str):
    from datetime import time

    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# --- catalogues (data in demo_catalogues.py) ---------------------------------------


@demo_step(order=15)
def seed_catalogues(ctx: DemoContext) -> None:
    """Shared catalogue entries and the official reference tables."""
    _seed_reference_tables(ctx)
    _seed_portfolio(ctx)
    _seed_problems(ctx)
    closed_lists = (
        (DemandType, catalogues.DEMAND_TYPES),
        (ActuacioType, catalogues.ACTUACIO_TYPES),
        (ActuacioPlace, catalogues.ACTUACIO_PLACES),
        (CaseOrigin, catalogues.CASE_ORIGINS),
        (ClosingReason, catalogues.CLOSING_REASONS),
        (DocumentKind, catalogues.DOCUMENT_KINDS),
        (RelationshipType, catalogues.RELATIONSHIP_TYPES),
        (HomeCareTask, catalogues.HOME_CARE_TASKS),
        (SiadChannel, catalogues.SIAD_CHANNELS),
        (SiadViolenceSituation, catalogues.SIAD_VIOLENCE_SITUATIONS),
        (SiadService, catalogues.SIAD_SERVICES),
        (SiadReferralSource, catalogues.SIAD_REFERRAL_SOURCES),
    )
    for model, entries in closed_lists:
        for order, (code, name) in enumerate(entries, start=1):
            _entry(ctx, model, code, name=name, sort_order=order)
    _seed_tramit_types(ctx, catalogues.SHARED_TRAMIT_TYPES, area=None)
    _seed_siad_consultations(ctx)


@demo_step(order=25)
def seed_area_catalogues(ctx: DemoContext) -> None:
    """The NORD area's own entries: tràmits, SIAD training, immigration courses."""
    area = Area.objects.get(code="NORD")
    _seed_tramit_types(ctx, catalogues.LOCAL_TRAMIT_TYPES, area=area)
    for order, (code, name) in enumerate(catalogues.SIAD_TRAINING_RESOURCES, 1):
        _entry(ctx, SiadTrainingResource, code, area=area, name=name, sort_order=order)
    for order, (code, name, level, hours) in enumerate(
        catalogues.IMMIGRATION_COURSES, start=1
    ):
        values = {"name": name, "level": level, "hours": hours, "sort_order": order}
        _entry(ctx, ImmigrationCourse, code, area=area, **values)
    _seed_immigration_configuration(ctx, area)


@demo_step(order=26)
def seed_document_templates(ctx: DemoContext) -> None:
    """Each demo area's own document templates (consent, reminder, report)."""
    for area_code, templates in catalogues.DOCUMENT_TEMPLATES.items():
        area = Area.objects.get(code=area_code)
        for order, (code, name, kind, to_complete, body) in enumerate(templates, 1):
            values = {
                "name": name,
                "kind": DocumentKind.objects.get(code=kind, area__isnull=True),
                "to_complete": to_complete,
                "body": body,
                "sort_order": order,
            }
            _entry(ctx, DocumentTemplate, code, area=area, **values)


def _seed_immigration_configuration(ctx: DemoContext, area: Area) -> None:
    """The rest of the immigration module's configuration (domain.md §3.6)."""
    for code, name, hours in catalogues.IMMIGRATION_UNFUNDED_COURSES:
        values = {"name": name, "hours": hours, "european_funding": False}
        _entry(ctx, ImmigrationCourse, code, area=area, **values)
    for order, (code, name) in enumerate(catalogues.IMMIGRATION_PROJECTS, 1):
        _entry(ctx, ImmigrationProject, code, area=area, name=name, sort_order=order)
    for code, name, internal in catalogues.IMMIGRATION_TEACHERS:
        _entry(ctx, ImmigrationTeacher, code, area=area, name=name, internal=internal)
    for code, name in catalogues.IMMIGRATION_PROVIDERS:
        _entry(ctx, ImmigrationProvider, code, area=area, name=name)


def _entry(ctx: DemoContext, model, code: str, *, area=None, **values):
    return ctx.upsert(model, {"code": code, "area": area}, values)


def _seed_reference_tables(ctx: DemoContext) -> None:
    for model, entries in (
        (StreetType, catalogues.STREET_TYPES),
        (MotherTongue, catalogues.MOTHER_TONGUES),
    ):
        for code, name in entries:
            ctx.upsert(model, {"code": code}, {"name": name})
    for order, (code, name) in enumerate(catalogues.COUNTRIES, start=1):
        ctx.upsert(Country, {"code": code}, {"name": name, "sort_order": order})
    provinces = {
        code: ctx.upsert(Province, {"code": code}, {"name": name})
        for code, name in catalogues.PROVINCES
    }
    for code, name, province_code in catalogues.MUNICIPALITIES:
        values = {"name": name, "province": provinces[province_code]}
        ctx.upsert(Municipality, {"code": code}, values)


def _seed_portfolio(ctx: DemoContext) -> None:
    types = {
        code: _entry(ctx, BenefitType, code, name=name, sort_order=order)
        for order, (code, name) in enumerate(catalogues.BENEFIT_TYPES, start=1)
    }
    subtypes = {
        code: _entry(
            ctx, BenefitSubtype, code, name=name, type=types[type_code], sort_order=n
        )
        for n, (code, name, type_code) in enumerate(catalogues.BENEFIT_SUBTYPES, 1)
    }
    for order, (code, name, subtype_code) in enumerate(catalogues.BENEFITS, start=1):
        ctx.upsert(
            Benefit,
            {"code": code, "name": name, "area": None},
            {
                "subtype": subtypes[subtype_code],
                "is_energy_supply": code.startswith("2.3.7"),
                "sort_order": order,
            },
        )


def _seed_problems(ctx: DemoContext) -> None:
    year = current_year()
    for order, ((code, name), problems) in enumerate(catalogues.PROBLEMS.items(), 1):
        problem_type = ctx.upsert(
            ProblemType,
            {"year": year, "code": code, "area": None},
            {"name": name, "sort_order": order},
        )
        for position, (problem_code, problem_name) in enumerate(problems, start=1):
            ctx.upsert(
                Problem,
                {"year": year, "code": problem_code, "area": None},
                {"name": problem_name, "type": problem_type, "sort_order": position},
            )


def _seed_siad_consultations(ctx: DemoContext) -> None:
    for order, ((code, name), types) in enumerate(
        catalogues.SIAD_CONSULTATIONS.items(), start=1
    ):
        area = _entry(ctx, SiadConsultationArea, code, name=name, sort_order=order)
        for position, (type_code, type_name) in enumerate(types, start=1):
            values = {"name": type_name, "consultation_area": area}
            _entry(ctx, SiadConsultationType, type_code, sort_order=position, **values)


def _seed_tramit_types(ctx: DemoContext, entries, *, area) -> None:
    for order, (code, name, kind, scope, benefit_code) in enumerate(entries, 1):
        benefit = Benefit.objects.get(code=benefit_code, area=None)
        values = {
            "name": name,
            "kind": kind,
            "scope": scope,
            "pre_assigns": benefit,
            "sort_order": order,
        }
        _entry(ctx, TramitType, code, area=area, **values)
