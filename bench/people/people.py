"""Generated people, as rows ready for a bulk insert.

Each row is a dict of `Person` column values (attnames). Bulk inserts bypass
`Person.save`, so the rows carry the search keys it would derive: `document_norm`
and `health_card` normalised with `identity.normalise_document`, `search_name`
with `normalise.normalise_name`. About 2% of rows are near-duplicates of an
earlier row of the same area (a typo, a lost accent or a missing second surname,
same birth date, no document or another one), the dirt real directories carry.
Everything is drawn from one `random.Random`, so a seed gives the same people.
"""

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from directory.enums import DocumentType, PersonStatus, Sex
from directory.identity import normalise_document
from directory.normalise import normalise_name

from .documents import DocumentMaker, health_card
from .names import MEN, ORIGINS, WOMEN, Weighted, local_surname_weights

# Ages are counted at a fixed date, never today: the same seed, the same people.
REFERENCE_DATE = date(2025, 1, 1)
DUPLICATE_SHARE = 0.02
STREET_TYPES = Weighted({"CARRER": 70, "AVINGUDA": 10, "PLAÇA": 8, "PASSEIG": 7})
STREETS = (
    "Major", "Nou", "de la Riera", "de Sant Josep", "de Catalunya", "de l'Església",
    "del Mercat", "de Girona", "de Barcelona", "del Sol", "de la Font", "del Pla",
    "de Montserrat", "de Sant Jordi", "de la Pau", "del Rec", "de les Escoles",
    "de Verdaguer", "de Prat de la Riba", "de l'Estació", "del Doctor Trueta",
)  # fmt: skip


@dataclass
class AreaPlan:
    """Where generated people of one area live and who follows them."""

    area_id: int
    professional_ids: list[int]
    # (municipality id, province id or None, postcode)
    municipalities: list[tuple[int, int | None, str]]


@dataclass(frozen=True)
class Planted:
    """A known person the benchmark looks for (search quality)."""

    first_name: str
    surname1: str
    surname2: str
    sex: str
    birth_date: date
    document_number: str


PLANTED = (
    Planted("Jordi", "García", "Martí", Sex.MAN, date(1975, 3, 14), "12345678Z"),
    Planted("Núria", "Puigventós", "Ferrer", Sex.WOMAN, date(1982, 11, 2), "39876543V"),
    Planted("Fàtima", "El Amrani", "", Sex.WOMAN, date(1990, 6, 21), "X1234567L"),
    Planted("Marta", "Fernández", "López", Sex.WOMAN, date(1968, 1, 30), "46123987V"),
    Planted(
        "Maria del Carmen", "Rodríguez", "Soler", Sex.WOMAN, date(1951, 8, 9),
        "37001122X",
    ),
    Planted("Pere", "Soldevila", "Rius", Sex.MAN, date(1944, 4, 5), "40555666L"),
)  # fmt: skip


def _age_weights() -> Weighted:
    """Ages 0-104: flat to 65, then fewer each year (a regional pyramid, roughly)."""
    return Weighted(
        {
            str(age): 1.0 if age < 65 else max(0.03, 1 - (age - 65) / 40)
            for age in range(105)
        }
    )


class PopulationGenerator:
    """Draw people for the given areas; `taken` holds documents already in use."""

    # The TipusVia catalogue's ids by name, when it is loaded (else no street type).
    street_type_ids: dict[str, int] = {}

    def __init__(self, seed: int, areas: list[AreaPlan], taken: set[str], start=0):
        # The start (people already loaded) joins the seed: loading more later
        # draws new people instead of repeating the first ones.
        self.rng = random.Random(f"llar-load:{seed}:{start}")  # noqa: S311
        self.areas = areas
        # Recent people of each area: the originals near-duplicates copy.
        self.recent: dict[int, list[dict]] = {area.area_id: [] for area in areas}
        self.documents = DocumentMaker(self.rng, taken)
        self.surnames = Weighted(local_surname_weights())
        self.women, self.men = Weighted(WOMEN), Weighted(MEN)
        self.ages = _age_weights()
        self.origins = [
            (o, Weighted(o.surnames), Weighted(o.women), Weighted(o.men))
            for o in ORIGINS
        ]

    def rows(self, count: int, planted=()) -> Iterator[dict]:
        """Yield `count` rows: the planted people first, then generated ones."""
        planted = list(planted)[:count]
        yield from (self.planted_row(p) for p in planted)
        generated = count - len(planted)
        duplicates = set(
            self.rng.sample(range(1, generated), round(generated * DUPLICATE_SHARE))
            if generated > 1
            else ()
        )
        for index in range(generated):
            area = self.rng.choice(self.areas)
            recent = self.recent[area.area_id]
            if index in duplicates and recent:
                yield self.near_duplicate(area, self.rng.choice(recent))
            else:
                row = self.person(area)
                recent.append(row)
                if len(recent) > 2000:
                    del recent[:1000]
                yield row

    def planted_row(self, known: Planted) -> dict:
        area = self.areas[0]
        self.documents.taken.add(normalise_document(known.document_number))
        row = self._base(area, known.sex, known.birth_date)
        row.update(
            first_name=known.first_name,
            surname1=known.surname1,
            surname2=known.surname2,
            document_type=DocumentType.NIF_NIE,
            document_number=known.document_number,
        )
        return finish(row)

    def person(self, area: AreaPlan) -> dict:
        rng = self.rng
        sex = Sex.WOMAN if rng.random() < 0.52 else Sex.MAN
        age = int(self.ages.pick(rng))
        born = REFERENCE_DATE - timedelta(days=age * 365 + rng.randrange(365))
        row = self._base(area, sex, born if rng.random() > 0.01 else None)
        row.update(self._names(sex))
        row.update(self._document(row["foreign"], age))
        if row["birth_date"] and rng.random() < 0.7:
            row["health_card"] = health_card(
                rng, row["surname1"], row["surname2"], sex, row["birth_date"]
            )
        if age >= 70 and rng.random() < 0.06:
            row["status"] = PersonStatus.DECEASED
            row["death_date"] = REFERENCE_DATE - timedelta(days=rng.randrange(1, 1500))
        return finish(row)

    def _base(self, area: AreaPlan, sex: str, born: date | None) -> dict:
        rng = self.rng
        municipality, province, postcode = rng.choice(area.municipalities)
        professional = rng.choice(area.professional_ids)
        return {
            "area_id": area.area_id,
            "sex": sex,
            "birth_date": born,
            "foreign": False,
            "health_card": "",
            "residence_municipality_id": municipality,
            "residence_province_id": province,
            "postcode": postcode,
            "street_type_id": self.street_type_ids.get(STREET_TYPES.pick(rng)),
            "street_name": rng.choice(STREETS),
            "street_number": str(rng.randrange(1, 200)),
            "phone1": _phone(rng) if rng.random() < 0.65 else "",
            "reference_professional_id": professional,
            "created_by_id": professional,
        }

    def _names(self, sex: str) -> dict:
        rng = self.rng
        draw = rng.random()
        for origin, surnames, women, men in self.origins:
            draw -= origin.share
            if draw < 0:
                with_second = rng.random() < origin.second_surname
                return {
                    "surname1": surnames.pick(rng),
                    "surname2": surnames.pick(rng) if with_second else "",
                    "first_name": (women if sex == Sex.WOMAN else men).pick(rng),
                    "foreign": True,
                }
        return {
            "surname1": self.surnames.pick(rng),
            "surname2": self.surnames.pick(rng) if rng.random() < 0.99 else "",
            "first_name": (self.women if sex == Sex.WOMAN else self.men).pick(rng),
        }

    def _document(self, foreign: bool, age: int) -> dict:
        draw = self.rng.random()
        if foreign:
            if draw < 0.8:
                return _typed(DocumentType.NIF_NIE, self.documents.nie())
            if draw < 0.9:
                return _typed(DocumentType.PASSPORT, self.documents.passport())
        elif draw < (0.5 if age < 14 else 0.99):
            return _typed(DocumentType.NIF_NIE, self.documents.dni())
        return _typed(DocumentType.NONE, "")

    def near_duplicate(self, area: AreaPlan, original: dict) -> dict:
        """Return the same person recorded again, slightly differently."""
        rng = self.rng
        row = {**original, "health_card": ""}
        row["reference_professional_id"] = rng.choice(area.professional_ids)
        row.update(vary_name(rng, row))
        if rng.random() < 0.7:
            row.update(_typed(DocumentType.NONE, ""))
        elif original["document_number"].startswith(("X", "Y")):
            row.update(_typed(DocumentType.NIF_NIE, self.documents.nie()))
        else:
            row.update(_typed(DocumentType.NIF_NIE, self.documents.dni()))
        row["near_duplicate"] = True
        return finish(row)


def _typed(document_type: int, number: str) -> dict:
    return {"document_type": document_type, "document_number": number}


def _phone(rng: random.Random) -> str:
    number = f"6{rng.randrange(10**8):08d}"
    if rng.random() < 0.3:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


def finish(row: dict) -> dict:
    """Derive the search keys exactly as `Person.save` does."""
    row["document_norm"] = normalise_document(row["document_number"])
    row["health_card"] = normalise_document(row["health_card"])
    row["search_name"] = normalise_name(
        row["surname1"], row["surname2"], row["first_name"]
    )
    return row


def vary_name(rng: random.Random, row: dict) -> dict:
    """Return the name fields changed as a hurried second record would have them."""
    kind = rng.random()
    names = {key: row[key] for key in ("first_name", "surname1", "surname2")}
    if kind < 0.3 and any(_strip_accents(v) != v for v in names.values()):
        return {key: _strip_accents(value) for key, value in names.items()}
    if kind < 0.5 and names["surname2"]:
        return {"surname2": ""}
    key = "surname2" if names["surname2"] and rng.random() < 0.3 else "surname1"
    return {key: typo(rng, names[key])}


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(rng: random.Random, word: str) -> str:
    """Return `word` with one slip of the keyboard (never the first letter)."""
    if len(word) < 3:
        return word + word[-1]
    for _ in range(10):
        i = rng.randrange(1, len(word) - 1)
        slip = rng.randrange(4)
        if slip == 0:
            changed = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif slip == 1:
            changed = word[:i] + word[i + 1 :]
        elif slip == 2:
            changed = word[:i] + word[i] + word[i:]
        else:
            changed = word[:i] + rng.choice("aeiou") + word[i + 1 :]
        if normalise_name(changed) != normalise_name(word):
            return changed
    return word + word[-1]
