"""Expedients on the search desk: by number, family name or a linked person's
document (registered in directory.desk_sections from CaseworkConfig.ready).

- "2026/42" or "2026/00042" finds that number;
- a word with digits is taken as an identity document (normalised as the person
  record does) and finds the expedients of the person who has it;
- words find expedients whose title (the family name, casework.modules) has
  words starting with each of them, in any order ("serra vila", "vila").
Only expedients the user may see (Expedient.objects.visible_to) are listed;
an exact number the user could open only by break-glass (casework.services.
break_glass) is offered as its number and the break-glass link, nothing more.
"""

import re

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from directory.identity import normalise_document
from directory.normalise import search_words

from .models import Expedient, LinkedPerson
from .modules import expedient_title, title_matches, title_related

MAX_ROWS = 10
BREAK_GLASS_URL = "casework_expedient_break_glass"
NUMBER = re.compile(r"^(\d{4})/(\d{1,7})$")


def expedient_number(text: str) -> str | None:
    """The full expedient number `text` means ("2026/42" is 2026/00042), or
    None when it is not a number."""
    if match := NUMBER.match(text.replace(" ", "")):
        year, sequence = match.groups()
        return f"{year}/{int(sequence):05d}"
    return None


def find_expedients(*, user, query: str) -> list[Expedient]:
    text = query.strip()
    if not text:
        return []
    visible = Expedient.objects.visible_to(user)
    if number := expedient_number(text):
        found = visible.filter(number=number)
        if not found.exists():
            return break_glass_rows(user=user, number=number)
    elif any(ch.isdigit() for ch in text):
        document = normalise_document(text)
        if not document:
            return []
        found = visible.filter(
            pk__in=LinkedPerson.objects.filter(
                person__document_norm=document, person__area_id=user.area_id
            ).values("expedient_id")
        )
    else:
        words = search_words(text)
        if not words:
            return []
        condition = Q()
        for word in words:
            condition &= title_matches(word)
        found = visible.filter(condition)
    main = LinkedPerson.objects.filter(expedient=OuterRef("pk"), is_main=True)
    rows = list(
        found.select_related(*title_related(), "reference_professional")
        .annotate(
            main_first_name=Subquery(main.values("person__first_name")[:1]),
            main_surname1=Subquery(main.values("person__surname1")[:1]),
            main_surname2=Subquery(main.values("person__surname2")[:1]),
        )
        .order_by("state", "-state_date", "-pk")[:MAX_ROWS]
    )
    for row in rows:
        row.title = expedient_title(row)
    return rows


def break_glass_rows(*, user, number: str) -> list[Expedient]:
    """The confidential expedient with this exact number, if `user` could open
    it by break-glass: only its number and the link, never its content."""
    rows = list(
        Expedient.objects.break_glass_for(user)
        .filter(number=number)
        .only("pk", "number")
    )
    for row in rows:
        row.break_glass_url = reverse(BREAK_GLASS_URL, args=[row.pk])
    return rows
