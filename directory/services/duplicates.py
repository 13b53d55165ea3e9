"""Likely duplicates: the check before a record is created, and the worklist.

Two records of one area are likely the same person when they carry the same
normalised document, or when they share the birth date and their names look
alike: the given name close (typo, shortened) and at least one surname close.
Twins with different given names are not proposed; a typo, a missing accent or a
missing second surname is. A pair a professional confirmed as different people
(`DistinctPersons`) is never proposed again.
"""

from itertools import combinations

from django.db import transaction

from ..models import (
    DistinctPersons,
    DuplicateCandidate,
    DuplicateReason,
    Person,
    ordered_pair,
)
from ..normalise import normalise_name
from ..search import edit_distance

BIRTH_DATE_PEERS_LIMIT = 500  # a date shared by more records is not a signal


def words_close(a: str, b: str) -> bool:
    """One word typed two ways: equal, one a prefix of the other, or a typo."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    limit = max(1, min(len(a), len(b)) // 4)
    return edit_distance(a, b, limit) <= limit


def names_similar(given_a: str, surnames_a: str, given_b: str, surnames_b: str):
    """Compare normalised given names and surnames of two records."""
    if not (given_a and given_b and words_close(given_a, given_b)):
        return False
    return any(
        words_close(a, b) for a in surnames_a.split() for b in surnames_b.split()
    )


def _name_parts(person: Person) -> tuple[str, str]:
    return (
        normalise_name(person.first_name),
        normalise_name(person.surname1, person.surname2),
    )


def likely_duplicates(*, person: Person) -> list[tuple[Person, str]]:
    """Return (record, reason) pairs of the person's area that may be this person.

    Works on what was typed, before the record exists (no pk needed).
    """
    others = Person.objects.current().filter(area_id=person.area_id)
    if person.pk:
        others = others.exclude(pk=person.pk).exclude(pk__in=_confirmed(person.pk))
    found: dict[int, tuple[Person, str]] = {}
    if person.document_norm:
        for twin in others.filter(document_norm=person.document_norm):
            found[twin.pk] = (twin, DuplicateReason.DOCUMENT)
    if person.birth_date:
        given, surnames = _name_parts(person)
        peers = others.filter(birth_date=person.birth_date)
        for peer in peers[:BIRTH_DATE_PEERS_LIMIT]:
            if peer.pk not in found and names_similar(
                given, surnames, *_name_parts(peer)
            ):
                found[peer.pk] = (peer, DuplicateReason.NAME_BIRTH)
    return list(found.values())


def _confirmed(pk: int):
    pairs = DistinctPersons.objects.involving(pk).values_list("person_id", "other_id")
    return {a if b == pk else b for a, b in pairs}


@transaction.atomic
def duplicates_refresh(*, person: Person) -> int:
    """Re-check one record against its area; store the pairs found. Returns how
    many candidates the record has now."""
    DuplicateCandidate.objects.involving(person).delete()
    if person.merged_into_id:
        return 0
    rows = []
    for other, reason in likely_duplicates(person=person):
        low, high = ordered_pair(person, other)
        rows.append(
            DuplicateCandidate(
                area_id=person.area_id, person_id=low, other_id=high, reason=reason
            )
        )
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def distinct_persons_confirm(*, person: Person, others, acting_user) -> None:
    """Record that `person` is not any of `others` (the "different person" answer)."""
    for other in others:
        low, high = ordered_pair(person, other)
        DistinctPersons.objects.get_or_create(
            person_id=low, other_id=high, defaults={"confirmed_by": acting_user}
        )
        DuplicateCandidate.objects.filter(person_id=low, other_id=high).delete()


def duplicates_scan(*, area=None) -> int:
    """Scan whole areas for name-and-birth-date pairs (after a bulk load).

    Streams the records ordered by area and birth date and compares only records
    sharing both; returns the number of similar pairs found (stored once).
    """
    records = Person.objects.current().filter(birth_date__isnull=False)
    if area is not None:
        records = records.filter(area=area)
    rows = records.order_by("area_id", "birth_date").values_list(
        "pk", "area_id", "birth_date", "first_name", "surname1", "surname2"
    )
    confirmed = set(DistinctPersons.objects.values_list("person_id", "other_id"))
    found = 0
    for group in _groups(rows.iterator(chunk_size=5000)):
        pairs = [p for p in _similar_pairs(group) if p[1:3] not in confirmed]
        new = DuplicateCandidate.objects.bulk_create(
            [
                DuplicateCandidate(
                    area_id=area_id,
                    person_id=low,
                    other_id=high,
                    reason=DuplicateReason.NAME_BIRTH,
                )
                for area_id, low, high in pairs
            ],
            ignore_conflicts=True,
        )
        found += len(new)
    return found


def _groups(rows):
    """Yield lists of rows sharing (area, birth date) with more than one record."""
    group, key = [], None
    for row in rows:
        if (row[1], row[2]) != key:
            if len(group) > 1:
                yield group
            group, key = [], (row[1], row[2])
        group.append(row)
    if len(group) > 1:
        yield group


def _similar_pairs(group):
    parts = [
        (pk, area_id, normalise_name(first), normalise_name(s1, s2))
        for pk, area_id, _, first, s1, s2 in group[:BIRTH_DATE_PEERS_LIMIT]
    ]
    for a, b in combinations(parts, 2):
        if names_similar(a[2], a[3], b[2], b[3]):
            yield (a[1], *ordered_pair(a[0], b[0]))
