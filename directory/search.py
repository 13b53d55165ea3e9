"""The search desk's query: names however they are typed, documents, typos.

Design measured at 1,000,000 persons (performance.md §3, h1 + h2):
- a document-looking input is an exact lookup of the normalised document or CIP;
- name words are a prefix full-text search on the normalised `search_name`
  (PostgreSQL tsvector GIN index, SQLite FTS5), every word required, in any order;
- best match first: names that start with what was typed, then alphabetical (no
  ts_rank, which recomputes the vector of every hit);
- when that finds nothing or little, each word is widened with the real name words
  that look like it (the typo dictionary `NameToken`: trigram similarity on
  PostgreSQL, a bounded edit distance on SQLite) and the search runs again, the
  exact hits still first.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .identity import normalise_document
from .models import NameToken
from .normalise import search_words
from .search_index import FTS_TABLE

# Fewer exact hits than this and the typo fallback runs ("nothing or little").
FEW_HITS = 3
SIMILAR_PER_WORD = 6
TRIGRAM_THRESHOLD = 0.3


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    document: str = ""

    def __bool__(self) -> bool:
        return bool(self.words or self.document)


def parse(text: str | None) -> ParsedQuery:
    """Split what was typed into name words and a document (any token with digits).

    "12.345.678-Z" and "12345678 z" are one document: the digits-bearing tokens and
    a lone check letter that follows them are joined before normalising.
    """
    parsed = ParsedQuery()
    document_parts: list[str] = []
    for raw in (text or "").split():
        if any(ch.isdigit() for ch in raw) or (
            document_parts and len(raw) == 1 and raw.isalpha()
        ):
            document_parts.append(raw)
        else:
            parsed.words.extend(search_words(raw))
    parsed.document = normalise_document("".join(document_parts))
    return parsed


def search_persons(queryset: QuerySet, text: str | None) -> QuerySet:
    """Return the persons of `queryset` matching `text`, best match first."""
    parsed = parse(text)
    if parsed.document:
        queryset = queryset.filter(
            Q(document_norm=parsed.document) | Q(health_card=parsed.document)
        )
    if not parsed.words:
        return queryset
    exact = _full_text(queryset, [[w] for w in parsed.words])
    # No ordering: the check needs any three ids, not all matches sorted.
    hits = list(exact.order_by().values_list("pk", flat=True)[:FEW_HITS])
    if len(hits) < FEW_HITS:
        groups = [[w, *similar_words(w)] for w in parsed.words]
        if any(len(group) > 1 for group in groups):
            widened = _full_text(queryset, groups)
            return _best_first(widened, parsed.words, exact_ids=hits)
    return _best_first(exact, parsed.words)


def _best_first(queryset: QuerySet, words: list[str], exact_ids=()) -> QuerySet:
    """Exact hits before typo hits; within each, names starting with what was
    typed (in that order, or with the given name typed first), then the rest."""
    typed = " ".join(words)
    rotated = " ".join(words[1:] + words[:1])  # "jordi garcia" → "garcia jordi"
    start = Case(
        When(search_name__startswith=typed, then=Value(0)),
        When(search_name__startswith=rotated, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ranked = queryset.annotate(start_rank=start)
    if exact_ids:
        exact = Case(
            When(pk__in=list(exact_ids), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        ranked = ranked.annotate(exact_rank=exact)
        return ranked.order_by("exact_rank", "start_rank", "search_name", "pk")
    return ranked.order_by("start_rank", "search_name", "pk")


def _full_text(queryset: QuerySet, groups: list[list[str]]) -> QuerySet:
    """Every group must match; within a group the first word is a prefix and the
    rest (typo alternatives) are whole words. Words are [0-9a-z] only."""
    if connection.vendor == "postgresql":
        expression = " & ".join(
            "(" + " | ".join([f"{g[0]}:*", *g[1:]]) + ")" for g in groups
        )
        return queryset.alias(
            name_vector=SearchVector("search_name", config="simple")
        ).filter(
            name_vector=SearchQuery(expression, search_type="raw", config="simple")
        )
    expression = " AND ".join(
        "(" + " OR ".join([f'"{g[0]}"*', *(f'"{w}"' for w in g[1:])]) + ")"
        for g in groups
    )
    # The table name is a constant and the expression travels as a parameter.
    return queryset.filter(
        pk__in=RawSQL(  # noqa: S611
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [expression],
        )
    )


def similar_words(word: str) -> list[str]:
    """Return real name words that look like `word` (not `word` itself)."""
    if len(word) < 3:
        return []  # too short to tell a typo from another name
    if connection.vendor == "postgresql":
        return list(
            NameToken.objects.filter(token__trigram_similar=word)
            .exclude(token=word)
            .annotate(similarity=TrigramSimilarity("token", word))
            .order_by("-similarity", "token")
            .values_list("token", flat=True)[:SIMILAR_PER_WORD]
        )
    return _similar_by_edit_distance(word)


def _similar_by_edit_distance(word: str) -> list[str]:
    """SQLite has no trigram index: compare with the words sharing the first
    letter (a range scan of the unique index), allowing one edit per four letters."""
    limit = max(1, len(word) // 4)
    candidates = NameToken.objects.filter(
        token__gte=word[0], token__lt=chr(ord(word[0]) + 1)
    ).values_list("token", flat=True)
    scored = []
    for token in candidates.iterator(chunk_size=2000):
        if token != word and abs(len(token) - len(word)) <= limit:
            distance = edit_distance(word, token, limit)
            if distance <= limit:
                scored.append((distance, token))
    return [token for _, token in sorted(scored)[:SIMILAR_PER_WORD]]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or `limit + 1` once it exceeds `limit`."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
