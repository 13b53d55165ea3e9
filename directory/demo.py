"""Demo person records: generated people, never real ones.

Names come from Faker's es_CA locale with a fixed seed, documents are random
numbers with a correct check letter, so every run produces the same people.
Each area gets a few households (with kinship), one deceased person and one
record typed twice with a slip, so the duplicates worklist has work to show.
"""

import random
from datetime import date, timedelta

from configuration.demo_registry import DemoContext, demo_step
from configuration.models import Area, Sector, StreetType, User

from .enums import KinshipKind, PersonStatus, Sex
from .identity import expected_letter

PERSONS_PER_AREA = {"NORD": 36, "SUD": 12}
REFERENTS = {"NORD": ("treballadora", "educador"), "SUD": ("coordinadora2",)}


@demo_step(order=30)
def seed_persons(ctx: DemoContext) -> None:
    from faker import Faker

    from .services import duplicates_scan

    for code, count in PERSONS_PER_AREA.items():
        area = Area.objects.get(code=code)
        faker = Faker("es_CA")
        faker.seed_instance(f"llar-persons-{code}")
        rng = random.Random(f"llar-persons-{code}")  # noqa: S311 - demo data
        people = [_person(ctx, area, faker, rng, n) for n in range(count)]
        _households(ctx, people)
        _deceased(ctx, people[-1])
        _typed_twice(ctx, people[2])
        duplicates_scan(area=area)


def _person(ctx, area, faker, rng, n):
    from .models import Person

    feminine = rng.random() < 0.52
    first = faker.first_name_female() if feminine else faker.first_name_male()
    surname1, surname2 = faker.last_name(), faker.last_name()
    sectors = list(Sector.objects.filter(area=area).select_related("municipality"))
    referents = User.objects.filter(username__in=REFERENTS[area.code])
    digits = f"{rng.randrange(10_000_000, 99_999_999):08d}"
    street_type = StreetType.objects.filter(name="CARRER").first()
    return ctx.upsert(
        Person,
        {"area": area, "first_name": first, "surname1": surname1, "surname2": surname2},
        {
            "sex": Sex.WOMAN if feminine else Sex.MAN,
            "birth_date": date(1940, 1, 1) + timedelta(days=rng.randrange(0, 30_000)),
            "document_number": f"{digits}{expected_letter(digits)}" if n % 5 else "",
            "phone1": f"6{rng.randrange(10_000_000, 99_999_999)}",
            "residence_municipality": rng.choice(sectors).municipality,
            "street_type": street_type,
            "street_name": faker.street_name(),
            "street_number": str(rng.randrange(1, 120)),
            "reference_professional": rng.choice(list(referents)),
        },
    )


def _households(ctx, people) -> None:
    """Every fourth record heads a household: a partner and a child among the next."""
    from .models import Kinship

    for i in range(0, len(people) - 3, 4):
        head, partner, child = people[i], people[i + 1], people[i + 3]
        for person, relative, kind in (
            (head, partner, KinshipKind.PARTNER),
            (head, child, KinshipKind.PARENT),
            (partner, child, KinshipKind.PARENT),
        ):
            ctx.upsert(
                Kinship,
                {"person": person, "relative": relative, "kind": kind},
                {},
            )


def _deceased(ctx, person) -> None:
    from .models import Person

    ctx.upsert(
        Person,
        {"pk": person.pk},
        {"status": PersonStatus.DECEASED, "death_date": date(2025, 11, 3)},
    )


def _typed_twice(ctx, person) -> None:
    """The same person recorded again with a slip in the first surname."""
    from .models import Person

    slip = person.surname1[:-1] + ("a" if person.surname1[-1] != "a" else "o")
    ctx.upsert(
        Person,
        {
            "area": person.area,
            "first_name": person.first_name,
            "surname1": slip,
            "surname2": person.surname2,
        },
        {
            "sex": person.sex,
            "birth_date": person.birth_date,
            "residence_municipality": person.residence_municipality,
            "reference_professional": person.reference_professional,
        },
    )
