"""Demo organisation and one professional per role.

Names are generated (Faker, Catalan locale), never real people.
"""

import zlib

from faker import Faker

from . import roles
from .demo_registry import DemoContext, DemoLogin, demo_step
from .enums import LocalBodyKind
from .models import Area, LocalBody, User

DEMO_PASSWORD = "llar-demo"

# username, role, area code (None: outside any area), feminine name?
DEMO_PROFESSIONALS = (
    ("admin", roles.ADMINISTRADOR, "NORD", True),
    ("coordinadora", roles.COORDINADOR, "NORD", True),
    ("treballadora", roles.TECNIC, "NORD", True),
    ("educador", roles.TECNIC, "NORD", False),
    ("auxiliar", roles.AUXILIAR, "NORD", True),
    ("administratiu", roles.ADMINISTRATIU, "NORD", False),
    ("gestorsad", roles.GESTOR_SAD, "NORD", True),
    ("tecnicsiad", roles.TECNIC_SIAD, "NORD", True),
    ("tecnicimmigracio", roles.TECNIC_IMMIGRACIO, "NORD", False),
    ("tecniceaia", roles.TECNIC_EAIA, "NORD", False),
    ("suport", roles.SUPORT, None, False),
    ("alumne", roles.ALUMNE, None, True),
    ("coordinadora2", roles.COORDINADOR, "SUD", True),
)


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
            },
        )
        if created:  # a demo password set once; re-running keeps the same hash
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role.name)])
        area_name = areas[area_code].name if area_code else "—"
        ctx.logins.append(DemoLogin(username=username, role=role.name, area=area_name))
