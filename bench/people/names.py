"""Name frequencies for the generated population (`manage.py generate_load`).

The weights are rounded approximations of public statistics: the frequency tables
of first surnames and given names of the population of Catalonia published by the
statistical institutes (Idescat, INE), and the most frequent surnames of the main
foreign-born communities. They are written here by hand, as facts (García about
3.9% of people, then Martínez, López...); no table is copied. What matters for the
benchmark is the shape: a few very common surnames, a long tail of rare ones, given
names with accents and compound forms, and foreign names with one surname.

The long tail of rare surnames is synthetic: Catalan-looking names built from
syllables, deterministically (the same list on every machine), so that 1,000,000
people carry about 17,000 distinct first surnames, as a region does.
"""

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate, product

from directory.normalise import normalise_name

# First surnames, people per 1,000 inhabitants of Catalonia (rounded).
SURNAMES = {
    "García": 38.6, "Martínez": 22.7, "López": 20.5, "Sánchez": 18.0,
    "Rodríguez": 17.3, "Fernández": 16.4, "Pérez": 14.6, "González": 12.9,
    "Gómez": 11.3, "Ruiz": 10.4, "Martín": 10.1, "Jiménez": 9.1,
    "Hernández": 8.8, "Moreno": 8.6, "Muñoz": 7.8, "Álvarez": 6.6,
    "Romero": 6.5, "Navarro": 6.0, "Torres": 5.8, "Díaz": 5.6, "Vidal": 5.3,
    "Gutiérrez": 5.0, "Martí": 4.7, "Ferrer": 4.6, "Gil": 4.3, "Molina": 4.3,
    "Soler": 4.3, "Alonso": 4.2, "Ramos": 4.1, "Serrano": 4.0, "Puig": 4.0,
    "Serra": 3.9, "Ortega": 3.8, "Rubio": 3.6, "Morales": 3.6, "Marín": 3.6,
    "Cortés": 3.4, "Roca": 3.4, "Sanz": 3.3, "Ortiz": 3.3, "Garrido": 3.3,
    "Delgado": 3.2, "Castillo": 3.2, "Sala": 3.2, "Font": 3.2, "Giménez": 3.1,
    "Mas": 3.1, "Blanco": 3.0, "Castro": 3.0, "Medina": 3.0, "Duran": 3.0,
    "Solé": 3.0, "Guerrero": 2.9, "Pons": 2.9, "Cano": 2.8, "Lozano": 2.8,
    "Pascual": 2.8, "Vila": 2.8, "Iglesias": 2.6, "Herrera": 2.6,
    "Gallego": 2.6, "Costa": 2.6, "Márquez": 2.5, "Mora": 2.5,
    "Vázquez": 2.5, "Riera": 2.5, "Rovira": 2.5, "Suárez": 2.4, "Bosch": 2.4,
    "León": 2.3, "Vega": 2.3, "Aguilar": 2.3, "Casas": 2.3, "Roig": 2.3,
    "Pujol": 2.3, "Santos": 2.2, "Prieto": 2.2, "Calvo": 2.2, "Campos": 2.2,
    "Segura": 2.2, "Flores": 2.1, "Cabrera": 2.1, "Fuentes": 2.1,
    "Carrasco": 2.1, "Valls": 2.1, "Cruz": 2.0, "Peña": 2.0, "Reyes": 2.0,
    "Caballero": 2.0, "Montero": 2.0, "Ibáñez": 2.0, "Coll": 2.0,
    "Méndez": 1.9, "Hidalgo": 1.9, "Lorenzo": 1.9, "Ribas": 1.9,
    "Vicente": 1.8, "Carmona": 1.8, "Pastor": 1.8, "Parra": 1.8,
    "Planas": 1.8, "Prat": 1.8, "Santiago": 1.7, "Moya": 1.7, "Gallardo": 1.7,
    "Camps": 1.7, "Domènech": 1.7, "Esteve": 1.7, "Nieto": 1.6,
    "Benítez": 1.6, "Crespo": 1.6, "Román": 1.6, "Soto": 1.6, "Franco": 1.6,
    "Espinosa": 1.6, "Mir": 1.6, "Vives": 1.6, "Ros": 1.6, "Herrero": 1.5,
    "Velasco": 1.5, "Bravo": 1.5, "Rojas": 1.5, "Badia": 1.5, "Oliveras": 1.5,
    "Casals": 1.5, "Grau": 1.5, "Solà": 1.5, "Esteban": 1.4, "Lara": 1.4,
    "Silva": 1.4, "Camacho": 1.4, "Soriano": 1.4, "Carbonell": 1.4,
    "Cardona": 1.4, "Arias": 1.3, "Vargas": 1.3, "Sáez": 1.3, "Pardo": 1.3,
    "Rivas": 1.3, "Rivera": 1.3, "Arroyo": 1.3, "Miró": 1.3, "Torrent": 1.3,
    "Canals": 1.3, "Comas": 1.3, "Rius": 1.3, "Tomàs": 1.3, "Bonet": 1.3,
    "Casanovas": 1.3, "Valero": 1.3, "Pla": 1.3, "Merino": 1.2, "Vera": 1.2,
    "Montes": 1.2, "Sierra": 1.2, "Carrillo": 1.2, "Robles": 1.2, "Díez": 1.2,
    "Busquets": 1.2, "Bertran": 1.2, "Estrada": 1.2, "Farré": 1.2,
    "Ventura": 1.2, "Pagès": 1.2, "Borràs": 1.2, "Nadal": 1.2,
    "Salvador": 1.2, "Prats": 1.2, "Izquierdo": 1.1, "Redondo": 1.1,
    "Luque": 1.1, "Galán": 1.1, "Ríos": 1.1, "Bernal": 1.1, "Pou": 1.1,
    "Sabaté": 1.1, "Batlle": 1.1, "Figueras": 1.1, "Codina": 1.1,
    "Fàbregas": 1.1, "Casado": 1.0, "Rey": 1.0, "Mendoza": 1.0, "Palau": 1.0,
    "Ferran": 1.0, "Rosell": 1.0, "Quintana": 1.0, "Mateu": 1.0, "Sans": 1.0,
    "Colomer": 1.0, "Cuadrado": 1.0, "Aranda": 1.0, "Otero": 0.9,
    "Marcos": 0.9, "Folch": 0.9, "Fabregat": 0.9, "Segarra": 0.9,
    "Roura": 0.9, "Dalmau": 0.9, "Castells": 0.9, "Miquel": 0.9, "Arnau": 0.9,
    "Vilà": 0.9, "Ribera": 0.9, "Vallès": 0.9, "Sunyer": 0.8, "Llobet": 0.8,
    "Pi": 0.8, "Vilalta": 0.8, "Sanchis": 0.8, "Montserrat": 0.8,
    "Vilaró": 0.7, "Guitart": 0.7, "Jordà": 0.7, "Galí": 0.6, "Masip": 0.6,
    "Soldevila": 0.6, "Parés": 0.6, "Tarrés": 0.5, "Estruch": 0.5, "Tort": 0.5,
    "Bou": 0.5, "Clotet": 0.4, "Gasull": 0.4, "Puigdomènech": 0.4,
    "Planella": 0.4, "Rigol": 0.4, "Masana": 0.3, "Puigventós": 0.05,
}  # fmt: skip

# Given names within each sex, people per 1,000 (rounded); compound names count as one.
WOMEN = {
    "Maria": 38, "Montserrat": 30, "Maria del Carmen": 24, "Núria": 22,
    "Laura": 22, "Marta": 21, "Anna": 20, "Cristina": 18, "Josefa": 16,
    "Isabel": 16, "Carmen": 16, "Rosa": 15, "Dolors": 14, "Maria Dolors": 12,
    "Francisca": 12, "Teresa": 12, "Mercè": 12, "Ana María": 11,
    "Maria Teresa": 11, "Sílvia": 11, "Elena": 11, "Pilar": 10, "Antonia": 10,
    "Rosa Maria": 10, "Sara": 10, "Paula": 10, "Júlia": 10, "Laia": 10,
    "Carla": 9, "Martina": 9, "Maria Àngels": 8, "Àngels": 8, "Mònica": 8,
    "Raquel": 8, "Lucía": 8, "Marina": 8, "Judit": 7, "Gemma": 7, "Eva": 7,
    "Ester": 7, "Sandra": 7, "Patricia": 7, "Rocío": 6, "Alba": 6, "Clara": 6,
    "Aina": 6, "Ona": 5, "Emma": 5, "Irene": 5, "Noelia": 5, "Jessica": 5,
    "Yolanda": 5, "Encarnación": 5, "Concepció": 5, "Manuela": 5, "Joana": 5,
    "Meritxell": 5, "Roser": 5, "Glòria": 5, "Imma": 4, "Inés": 4,
    "Maria José": 4, "Mireia": 4, "Berta": 4, "Neus": 4, "Assumpta": 4,
    "Remei": 3, "Eulàlia": 3, "Aïda": 3, "Lídia": 3, "Noemí": 3, "Ariadna": 3,
    "Queralt": 2, "Mariona": 2, "Estefania": 2, "Yaiza": 2,
}  # fmt: skip
MEN = {
    "Jordi": 30, "Josep": 30, "Antonio": 28, "Joan": 26, "Manuel": 24,
    "Francisco": 22, "David": 20, "Xavier": 18, "Carles": 16, "Daniel": 16,
    "José": 15, "Juan": 14, "Josep Maria": 13, "Francesc": 13, "Pere": 12,
    "Marc": 12, "Albert": 12, "Miquel": 11, "Javier": 11, "Sergi": 11,
    "Alejandro": 10, "Jaume": 10, "Ramon": 10, "Enric": 9, "Àlex": 9, "Pau": 9,
    "Martí": 9, "Pol": 8, "Arnau": 8, "Oriol": 8, "Lluís": 8, "Jesús": 8,
    "Rafael": 8, "Pedro": 7, "Àngel": 7, "Ángel": 6, "Miguel": 7, "Luis": 7,
    "Carlos": 7, "Alberto": 6, "Raül": 6, "Òscar": 6, "Eduard": 6, "Ricard": 5,
    "Joan Carles": 5, "José Antonio": 5, "Juan Carlos": 5, "José Luis": 5,
    "Francesc Xavier": 4, "Josep Lluís": 4, "Gerard": 5, "Adrià": 5, "Hugo": 5,
    "Biel": 4, "Nil": 4, "Èric": 4, "Iker": 3, "Víctor": 4, "Rubén": 4,
    "Iván": 3, "Toni": 3, "Agustí": 3, "Salvador": 3, "Andreu": 3, "Jofre": 2,
    "Roger": 4, "Guillem": 4, "Ferran": 3, "Bernat": 2, "Quim": 2, "Isaac": 2,
}  # fmt: skip


@dataclass(frozen=True)
class Origin:
    """A foreign-born community: its share of people, surnames and given names.

    `second_surname` is how often a second surname is recorded: people from
    countries with one surname usually have none.
    """

    name: str
    share: float
    surnames: dict[str, float]
    women: dict[str, float]
    men: dict[str, float]
    second_surname: float


ORIGINS = (
    Origin(
        "maghreb",
        0.040,
        {
            "El Amrani": 12, "Benali": 10, "El Idrissi": 9, "Bouzid": 7,
            "El Khattabi": 6, "Ait Ouali": 5, "Haddou": 5, "Belhaj": 5,
            "Ziani": 4, "Azzouzi": 4, "El Mansouri": 4, "Boukhari": 3,
        },
        {
            "Fatima": 20, "Khadija": 12, "Aicha": 10, "Naima": 8, "Malika": 7,
            "Samira": 7, "Meryem": 6, "Salma": 6, "Hafsa": 4, "Nadia": 6,
        },
        {
            "Mohamed": 25, "Ahmed": 12, "Youssef": 10, "Mustapha": 8, "Rachid": 8,
            "Hassan": 7, "Said": 7, "Abdelkader": 5, "Omar": 6, "Karim": 5,
            "Bilal": 4, "Adam": 4,
        },
        0.2,
    ),
    Origin(
        "romania",
        0.015,
        {
            "Popescu": 10, "Ionescu": 7, "Popa": 7, "Stan": 5, "Dumitru": 5,
            "Stoica": 4, "Munteanu": 4, "Constantin": 4, "Gheorghe": 4, "Rusu": 3,
        },
        {
            "Maria": 10, "Elena": 9, "Ioana": 8, "Andreea": 7, "Mihaela": 6,
            "Gabriela": 5, "Alexandra": 5, "Daniela": 5,
        },
        {
            "Ion": 9, "Constantin": 7, "Andrei": 7, "Alexandru": 7, "Mihai": 6,
            "Gheorghe": 5, "Florin": 5, "Ionut": 5, "Marian": 4, "Adrian": 4,
        },
        0.05,
    ),
    Origin(
        "china",
        0.010,
        {
            "Wang": 20, "Li": 16, "Zhang": 14, "Chen": 12, "Liu": 10, "Yang": 7,
            "Huang": 6, "Zhou": 5, "Wu": 5, "Lin": 5,
        },
        {"Mei": 8, "Li": 6, "Xiaoyan": 5, "Jing": 7, "Ying": 6, "Yan": 6, "Hui": 5},
        {"Wei": 10, "Jun": 7, "Hao": 6, "Lei": 6, "Jian": 6, "Ming": 6, "Tao": 5},
        0.0,
    ),
    Origin(
        "pakistan",
        0.008,
        {
            "Khan": 14, "Ahmed": 10, "Ali": 10, "Hussain": 8, "Akhtar": 5,
            "Iqbal": 5, "Butt": 4, "Shah": 4,
        },
        {"Ayesha": 6, "Fatima": 6, "Amina": 5, "Saima": 4, "Nazia": 4},
        {
            "Muhammad": 20, "Ali": 8, "Imran": 6, "Bilal": 5, "Usman": 5,
            "Asif": 5, "Tariq": 5,
        },
        0.1,
    ),
    Origin(
        "west_africa",
        0.008,
        {
            "Diallo": 10, "Ndiaye": 8, "Sow": 6, "Ba": 5, "Diop": 6, "Camara": 7,
            "Cissé": 5, "Touré": 5, "Sylla": 4, "Jallow": 4, "Fofana": 4,
        },
        {"Aminata": 8, "Fatou": 8, "Mariama": 7, "Awa": 6, "Binta": 5, "Khady": 4},
        {
            "Mamadou": 10, "Ousmane": 8, "Moussa": 8, "Abdoulaye": 7,
            "Ibrahima": 7, "Lamine": 5, "Modou": 5,
        },
        0.0,
    ),
    Origin(
        "ukraine",
        0.004,
        {"Kovalenko": 6, "Shevchenko": 6, "Bondarenko": 5, "Melnyk": 5, "Boyko": 4},
        {"Olena": 8, "Oksana": 7, "Natalia": 7, "Iryna": 6, "Tetiana": 5},
        {"Oleksandr": 8, "Andriy": 7, "Serhiy": 6, "Volodymyr": 5, "Dmytro": 5},
        0.0,
    ),
)  # fmt: skip

# Share of local first surnames that fall in the synthetic rare tail, and its shape
# (Zipf weights 1 / (rank + TAIL_OFFSET) ** TAIL_EXPONENT).
# At 1,000,000 people this gives García 3.9%, about 17,700 distinct first surnames,
# a median of 12 people per surname and a 90th percentile of 33.
TAIL_SHARE = 0.30
TAIL_SIZE = 17_500
TAIL_OFFSET = 500
TAIL_EXPONENT = 0.7

_ROOTS = (
    "Puig", "Mont", "Vall", "Font", "Coll", "Pla", "Riu", "Sant", "Bosc", "Roc",
    "Castell", "Torr", "Mas", "Vil", "Camp", "Serr", "Prat", "Pou", "Bell", "Grau",
    "Oliv", "Rovir", "Figu", "Carb", "Cerd", "Gal", "Mir", "Barn", "Cal", "Can",
    "Ferr", "Gual", "Llor", "Marg", "Pag", "Rib", "Sal", "Tor", "Vent", "Arb",
    "Bonv", "Cas", "Cod", "Esp", "Fab", "Gir", "Llu", "Mol", "Nav", "Orr", "Pal",
    "Quer", "Solan", "Tarr", "Vid", "Xic", "Aym", "Balc", "Cub", "Dalm",
)  # fmt: skip
_LINKS = ("", "a", "e", "i", "o", "ol", "ar", "er", "an", "en", "al", "as")
_ENDINGS = (
    "ell", "ella", "ells", "et", "eta", "ets", "ol", "ola", "ols", "às", "és", "ós",
    "à", "é", "ó", "í", "ers", "era", "eres", "ada", "ades", "ench", "ach", "ís",
    "ull", "ulla", "ot", "ota", "ver", "vent", "ventós", "dellívol", "llonga",
    "nou", "vell", "dó", "ric", "rich", "mar", "tell", "nyà", "ny", "rt", "ró",
    "ssa", "rà", "t", "s",
)  # fmt: skip
_VOWELS = set("aeiouàéèíïòóúü")


def synthetic_surnames(count: int = TAIL_SIZE) -> list[str]:
    """Return `count` distinct Catalan-looking surnames, always the same ones.

    Built from a root, a linking syllable and an ending; combinations that read
    badly (two vowels or three equal letters in a row) or that are real surnames
    above are left out.
    """
    taken = {normalise_name(name) for name in SURNAMES}
    names = []
    for root, link, ending in product(_ROOTS, _LINKS, _ENDINGS):
        name = root + link + ending
        key = normalise_name(name)
        if _reads_well(root + link, ending) and key not in taken:
            taken.add(key)
            names.append(name)
    random.Random("llar-surname-tail").shuffle(names)  # noqa: S311
    return names[:count]


def _reads_well(start: str, ending: str) -> bool:
    if start[-1] in _VOWELS and ending[0] in _VOWELS:
        return False
    word = start + ending
    return not any(word[i] == word[i + 1] == word[i + 2] for i in range(len(word) - 2))


class Weighted:
    """A weighted choice prepared once, so drawing a million times stays cheap."""

    def __init__(self, weights: dict[str, float]):
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        index = bisect(self.cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


def local_surname_weights() -> dict[str, float]:
    """Return the real surnames plus the synthetic tail, weighted to TAIL_SHARE."""
    tail = synthetic_surnames()
    zipf = [1 / (rank + TAIL_OFFSET) ** TAIL_EXPONENT for rank in range(len(tail))]
    real_total = sum(SURNAMES.values())
    scale = real_total * TAIL_SHARE / (1 - TAIL_SHARE) / sum(zipf)
    return {**SURNAMES, **{name: w * scale for name, w in zip(tail, zipf, strict=True)}}
