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

    from .models import Person
    from .services import duplicates_scan

    for code, count in PERSONS_PER_AREA.items():
        area = Area.objects.get(code=code)
        faker = Faker("es_CA")
        faker.seed_instance(f"llar-persons-{code}")
        rng = random.Random(f"llar-persons-{code}")  # noqa: S311 - demo data
        drafts = [_draft(area, faker, rng, n) for n in range(count)]
        family_names = Faker("es_CA")
        family_names.seed_instance(f"llar-families-{code}")
        _families(drafts, random.Random(f"llar-families-{code}"), family_names)  # noqa: S311
        people = [ctx.upsert(Person, *draft) for draft in drafts]
        _households(ctx, people)
        _deceased(ctx, people[-1])
        _typed_twice(ctx, people[2])
        duplicates_scan(area=area)


def _draft(area, faker, rng, n) -> tuple[dict, dict]:
    """One generated person: (lookup, other fields) for `ctx.upsert`."""
    feminine = rng.random() < 0.52
    first = faker.first_name_female() if feminine else faker.first_name_male()
    surname1, surname2 = faker.last_name(), faker.last_name()
    sectors = list(Sector.objects.filter(area=area).select_related("municipality"))
    referents = User.objects.filter(username__in=REFERENTS[area.code])
    digits = f"{rng.randrange(10_000_000, 99_999_999):08d}"
    street_type = StreetType.objects.filter(name="CARRER").first()
    return (
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


# Who the households of `_households` are: every fourth record heads one, with a
# partner and a child among the next ones.
HOUSEHOLD = {"head": 0, "partner": 1, "child": 3}


def _families(drafts, rng, faker) -> None:
    """Make each household believable before it is written: partners of about
    the same age, the child born to them in their twenties or thirties (and
    not before 1975, so most households are working-age families), and the
    child named as Catalan naming does, the father's first surname and then
    the mother's."""
    for i in range(0, len(drafts) - 3, 4):
        head, partner, child = (drafts[i + at] for at in HOUSEHOLD.values())
        born = child[1]["birth_date"]
        if born.year < 1975:
            born = date(1975, 1, 1) + timedelta(
                days=(born - date(1940, 1, 1)).days % 16_000
            )
        child[1]["birth_date"] = born
        head[1]["birth_date"] = born - timedelta(days=rng.randrange(22 * 365, 40 * 365))
        partner[1]["birth_date"] = head[1]["birth_date"] + timedelta(
            days=rng.randrange(-5 * 365, 5 * 365)
        )
        if partner[1]["sex"] == head[1]["sex"] and rng.random() < 0.8:
            # Most demo couples are a man and a woman; some are not.
            woman = head[1]["sex"] == Sex.MAN
            partner[1]["sex"] = Sex.WOMAN if woman else Sex.MAN
            partner[0]["first_name"] = (
                faker.first_name_female() if woman else faker.first_name_male()
            )
        by_sex = {draft[1]["sex"]: draft[0] for draft in (head, partner)}
        if len(by_sex) == 2:  # a father and a mother
            child[0]["surname1"] = by_sex[Sex.MAN]["surname1"]
            child[0]["surname2"] = by_sex[Sex.WOMAN]["surname1"]


def _households(ctx, people) -> None:
    """Every fourth record heads a household: a partner and a child among the next."""
    from .models import Kinship

    for i in range(0, len(people) - 3, 4):
        head, partner, child = (people[i + at] for at in HOUSEHOLD.values())
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
