"""What the search benchmark types into the search desk, and what it should find.

Three kinds, about twenty queries each (performance.md §3.1): documents typed in
varied formats (taken from the generated people of the bench user's area), names
(common, rare, accents missing, word order swapped, a given name first, short
Chinese surnames, one query with no match) and misspellings that are not real
words. `expect` is a run of words some row of the first page must contain (the
planted person, or at least the name meant); `None` leaves a query unjudged.
"""

import random
from dataclasses import dataclass

from directory.models import Person
from directory.normalise import normalise_name

from .names import synthetic_surnames


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    expect: str | None = None
    expect_empty: bool = False

    def found(self, search_names: list[str]) -> bool:
        """Tell whether the first page holds what the query should find."""
        if self.expect_empty:
            return not search_names
        needle = f" {self.expect} "
        return any(needle in f" {name} " for name in search_names)


def _q(kind: str, text: str, expect: str | None = None) -> BenchQuery:
    return BenchQuery(kind, text, expect)


NAMES = (
    _q("name", "Garcia Marti", "garcia marti"),
    _q("name", "Martinez", "martinez"),
    _q("name", "Lopez Sanchez Maria", "lopez sanchez maria"),
    _q("name", "Jordi Garcia Marti", "garcia marti jordi"),
    _q("name", "Marti Garcia Jordi", "garcia marti jordi"),
    _q("name", "GARCÍA MARTÍ, Jordi", "garcia marti jordi"),
    _q("name", "Nuria Puigventos", "puigventos ferrer nuria"),
    _q("name", "Fatima El Amrani", "el amrani fatima"),
    _q("name", "Fernandez Lopez Marta", "fernandez lopez marta"),
    _q("name", "Rodriguez Soler Maria Carmen", "rodriguez soler maria del carmen"),
    _q("name", "Maria del Carmen Rodriguez"),
    _q("name", "Josep Maria Vidal"),
    _q("name", "Soldevila", "soldevila"),
    _q("name", "Li", "li"),
    _q("name", "Wang", "wang"),
    _q("name", "Puig", "puig"),
    _q("name", "Ferrer Serra", "ferrer serra"),
    _q("name", "Hernandez Moreno", "hernandez moreno"),
    BenchQuery("name", "Zzyzx Qwerty", expect_empty=True),
)

MISSPELLINGS = (
    _q("misspelling", "Puigventos Ferer", "puigventos ferrer"),
    _q("misspelling", "Fernandes Lopez", "fernandez lopez"),
    _q("misspelling", "Gacria Marti Jordi", "garcia marti jordi"),
    _q("misspelling", "Soldevilla", "soldevila"),
    _q("misspelling", "Elamrani Fatima", "el amrani fatima"),
    _q("misspelling", "Puigvemtos Nuria", "puigventos ferrer nuria"),
    _q("misspelling", "Fernandez Lopes Marta", "fernandez lopez marta"),
    _q("misspelling", "Rodrigez Soler", "rodriguez soler"),
    _q("misspelling", "Hernandes", "hernandez"),
    _q("misspelling", "Gonzales", "gonzalez"),
    _q("misspelling", "Jimenes", "jimenez"),
    _q("misspelling", "Garsia Marti", "garcia marti"),
    _q("misspelling", "Marrtinez", "martinez"),
    _q("misspelling", "Vidall Puig", "vidal puig"),
    _q("misspelling", "Popesku", "popescu"),
    _q("misspelling", "Fernadez", "fernandez"),
    _q("misspelling", "Lopez Sanchex", "lopez sanchez"),
    _q("misspelling", "Soldevila Riuss", "soldevila rius"),
    _q("misspelling", "Rovira Puigg", "rovira puig"),
    _q("misspelling", "Nuria Puijventos", "puigventos ferrer nuria"),
)

# A rare surname of the synthetic tail: about ten people at 1,000,000.
RARE_SURNAME = synthetic_surnames()[8000]

DNI_TYPINGS = (
    lambda n: f"{n[:2]}.{n[2:5]}.{n[5:8]}-{n[8:].lower()}",
    lambda n: f"{n[:8]} {n[8:].lower()}",
    lambda n: f"{n[:8]}-{n[8:]}",
    lambda n: f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}",
    lambda n: n.lower(),
)
NIE_TYPINGS = (
    lambda n: f"{n[0].lower()}-{n[1:8]}-{n[8:].lower()}",
    lambda n: f"{n[:8]} {n[8:]}",
    lambda n: n,
)


def name_queries() -> list[BenchQuery]:
    rare = normalise_name(RARE_SURNAME)
    return [*NAMES[:12], _q("name", RARE_SURNAME, rare), *NAMES[12:]]


def misspelling_queries() -> list[BenchQuery]:
    return list(MISSPELLINGS)


def document_queries(area_id: int, seed: int, count: int = 20) -> list[BenchQuery]:
    """Pick documents of the area's people at random places; retype them.

    Two of them are health cards (CIP), looked up the same way.
    """
    rng = random.Random(f"llar-bench:{seed}")  # noqa: S311
    people = Person.objects.filter(area_id=area_id)
    bounds = people.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None:
        return []
    picked: dict[int, BenchQuery] = {}
    for attempt in range(count * 3):
        if len(picked) == count:
            break
        field = "health_card" if attempt % 10 == 9 else "document_norm"
        row = (
            people.filter(pk__gte=rng.randint(first, last))
            .exclude(**{field: ""})
            .order_by("pk")
            .values_list("pk", field, "search_name")
            .first()
        )
        if row and row[0] not in picked:
            pk, number, search_name = row
            picked[pk] = _q("document", _retype(number, len(picked)), search_name)
    return list(picked.values())


def _retype(norm: str, index: int) -> str:
    """Type a normalised document as people do: dots, dashes, spaces, lower case."""
    if len(norm) == 9 and norm[:8].isdigit():
        return DNI_TYPINGS[index % len(DNI_TYPINGS)](norm)
    if len(norm) == 9 and norm[0] in "XYZ":
        return NIE_TYPINGS[index % len(NIE_TYPINGS)](norm)
    return norm.lower()
