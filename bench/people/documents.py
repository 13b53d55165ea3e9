"""Identity documents of generated people: valid letters, typed in varied ways.

Every DNI and NIE carries its right check letter (`identity.expected_letter`), so
generated records pass the validation the desk applies. Numbers are stored as a
professional would have typed them ("12.345.678-Z", "12345678 Z"); the search
keys are derived from them as `Person.save` does. No normalised document repeats,
which keeps the one-document-per-area constraint true across areas too.
"""

import random
from collections.abc import Callable

from directory.identity import NIE_PREFIX, expected_letter, normalise_document
from directory.normalise import normalise_name

DNI_FORMATS: tuple[tuple[Callable[[str, str], str], float], ...] = (
    (lambda digits, letter: f"{digits}{letter}", 0.5),
    (lambda d, letter: f"{d[:2]}.{d[2:5]}.{d[5:]}-{letter}", 0.2),
    (lambda digits, letter: f"{digits}-{letter}", 0.2),
    (lambda digits, letter: f"{digits} {letter}", 0.1),
)
NIE_FORMATS: tuple[tuple[Callable[[str, str, str], str], float], ...] = (
    (lambda prefix, digits, letter: f"{prefix}{digits}{letter}", 0.6),
    (lambda prefix, digits, letter: f"{prefix}-{digits}-{letter}", 0.2),
    (lambda prefix, digits, letter: f"{prefix}{digits}-{letter}", 0.2),
)


def _pick_format(rng: random.Random, formats):
    draw = rng.random()
    for render, share in formats:
        draw -= share
        if draw < 0:
            return render
    return formats[0][0]


class DocumentMaker:
    """Draw documents never drawn before (nor present in `taken`)."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = taken

    def dni(self) -> str:
        while True:
            digits = f"{self.rng.randrange(10_000_000, 80_000_000):08d}"
            letter = expected_letter(digits)
            if self._claim(digits + letter):
                return _pick_format(self.rng, DNI_FORMATS)(digits, letter)

    def nie(self) -> str:
        while True:
            prefix = "Y" if self.rng.random() < 0.55 else "X"
            digits = f"{self.rng.randrange(10**7):07d}"
            letter = expected_letter(NIE_PREFIX[prefix] + digits)
            if self._claim(prefix + digits + letter):
                return _pick_format(self.rng, NIE_FORMATS)(prefix, digits, letter)

    def passport(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        while True:
            number = "".join(self.rng.choice(letters) for _ in range(3))
            number += f"{self.rng.randrange(10**6):06d}"
            if self._claim(number):
                return number

    def _claim(self, norm: str) -> bool:
        if norm in self.taken:
            return False
        self.taken.add(norm)
        return True


def health_card(rng: random.Random, surname1, surname2, sex, birth_date) -> str:
    """Return a CIP-like code: surname letters, sex, birth date, a sequence.

    Shaped like the Catalan health card (CatSalut CIP); the codes are invented.
    """
    letters = (_letters(surname1) + _letters(surname2 or "XX"))[:4].ljust(4, "X")
    born = birth_date.strftime("%y%m%d") if birth_date else "000000"
    sex_digit = "1" if sex == "D" else "0"
    return normalise_document(f"{letters}{sex_digit}{born}{rng.randrange(1000):03d}")


def _letters(name: str) -> str:
    return normalise_name(name).replace(" ", "")[:2].upper()
