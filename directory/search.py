"""The search desk's query: names however they are typed, documents, typos.

Design measured at 1,000,000 persons (performance.md §3, h1 + h2; issue #4):
- a document-looking input is an exact lookup of the normalised document or CIP,
  also when typed in pieces ("12 345 678 Z", "X 1234567 L");
- name words are a prefix full-text search on the normalised `search_name`
  (PostgreSQL: a GIN index of every word prefix, SQLite: FTS5 with prefix
  indexes; see search_index.py), every word required, in any order;
- best match first: names that start with what was typed, then alphabetical (no
  ts_rank, which recomputes the vector of every hit);
- the first pages of a common name come straight from a btree range of the names
  starting with what was typed (`SearchResultsIterable`): "Martinez" reads 25
  index entries instead of sorting 11,000 hits. The rows are those the full
  query would give for that page, and the full query serves every other page;
- when the exact words find less than a page, each word is widened with the
  real name words that look like it (the typo dictionary `NameToken`): one slip
  away first (a letter missing, extra, changed, or two letters swapped), the
  most common first; a word that is two names run together ("elamrani" →
  "el amrani"); failing those, trigram similarity on PostgreSQL or a bounded
  edit distance on SQLite. The exact hits stay first, then names starting with
  the likeliest correction, then the rest.
"""

import json
import string
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Collate
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThan
from django.db.models.query import ModelIterable
from django.db.models.sql.where import AND, WhereNode

from .identity import normalise_document, read_document
from .models import NameToken
from .normalise import search_words
from .search_index import FTS_TABLE, PREFIX_FUNCTION

# The desk's page. Fewer exact hits than a page and the typo fallback runs
# ("nothing or little"): with a full page of exact hits it could only add rows
# after them.
PAGE = 25
FEW_HITS = PAGE
# Up to this many exact hits, their ids are read once and the results are those
# rows: a multi-word name runs its full-text query once, not again for the page
# and for the count.
KNOWN_HITS = 200
SIMILAR_PER_WORD = 6
# A typed word that is a real name but this many times rarer than a look-alike
# one slip away is taken for a slip too.
TRUSTED_RATIO = 10
# Pages ending beyond this row are always read with the full query.
FAST_PAGE_LIMIT = 500
# The first letter of a NIE, which people often type apart: "X 1234567 L".
NIE_LETTERS = frozenset("XYZ")
# After every character a normalised name holds ([0-9a-z ]), in byte order.
AFTER_NAME_CHARACTERS = "~"


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    document: str = ""

    def __bool__(self) -> bool:
        return bool(self.words or self.document)


def parse(text: str | None) -> ParsedQuery:
    """Split what was typed into name words and a document (any token with digits).

    A document may be typed in pieces: "12.345.678-Z", "12345678 z" and
    "12 345 678 Z" are one DNI, "X 1234567 L" one NIE. The digits-bearing tokens
    are joined with a lone letter right after them (the check letter) and a lone
    X, Y or Z right before them (the NIE's first letter); any other word is a name
    word, and punctuation typed on its own ("12345678 - Z") is skipped.
    """
    parsed = ParsedQuery()
    tokens = [raw for raw in (text or "").split() if search_words(raw)]
    digits = [any(ch.isdigit() for ch in raw) for raw in tokens]
    document_parts: list[str] = []
    for i, raw in enumerate(tokens):
        letter = len(raw) == 1 and raw.isalpha()
        check_letter = letter and i > 0 and digits[i - 1]
        nie_letter = (
            letter
            and raw.upper() in NIE_LETTERS
            and i + 1 < len(tokens)
            and digits[i + 1]
        )
        if digits[i] or check_letter or nie_letter:
            document_parts.append(raw)
        else:
            parsed.words.extend(search_words(raw))
    parsed.document = normalise_document("".join(document_parts))
    return parsed


@dataclass(frozen=True)
class Term:
    """Words a name must hold: whole words, or word prefixes."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Correction:
    """A real name word (or two run together) that a typed word may have meant."""

    text: str  # "garcia", or "el amrani" for two words run together

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())


def search_persons(queryset: QuerySet, text: str | None) -> QuerySet:
    """Return the persons of `queryset` matching `text`, best match first."""
    parsed = parse(text)
    if parsed.document:
        # A DNI without its letter, or with a wrong one, finds the record too.
        documents = read_document(parsed.document).candidates
        queryset = queryset.filter(
            Q(document_norm__in=documents) | Q(health_card=parsed.document)
        )
    if not parsed.words:
        return queryset
    words = parsed.words
    starts = _starts(words)
    exact = _full_text(queryset, [[Term((w,), prefix=True)] for w in words])
    if _starts_fill_a_page(queryset, starts[0]):
        return _best_first(exact, starts)  # the words are no typo
    # No ordering: the check needs any hits, not all matches sorted.
    hits = list(exact.order_by().values_list("pk", flat=True)[: KNOWN_HITS + 1])
    if len(hits) < FEW_HITS:
        typos = _typo_search(queryset, words, hits)
        if typos is not None:
            return typos
    if len(hits) <= KNOWN_HITS:
        # Every hit is known: rank them without running the full text again.
        return _best_first(queryset.filter(pk__in=hits), starts, tiers=False)
    return _best_first(exact, starts)


def _typo_search(queryset: QuerySet, words: list[str], exact_ids: list):
    """Widen each word with what it may have meant; None if nothing looks
    like a slip. The exact hits (all of them, fewer than a page) stay first."""
    corrections = corrections_for(words)
    if not any(corrections):
        return None
    pairs = list(zip(words, corrections, strict=True))
    groups = [_widened(word, found) for word, found in pairs]
    guess = _starts([found[0].text if found else word for word, found in pairs])
    widened = _full_text(queryset, groups)
    return _best_first(widened, _starts(words), exact_ids=exact_ids, guesses=guess)


def _widened(word: str, corrections: list[Correction]) -> list[Term]:
    """The word as typed (a prefix), or any correction (whole words); the
    likeliest correction also as a prefix, so that every name starting with
    the corrected words is among the hits."""
    if not corrections:
        return [Term((word,), prefix=True)]
    likeliest = Term(corrections[0].words, prefix=True)
    return [
        Term((word,), prefix=True),
        likeliest,
        *(Term(c.words) for c in corrections),
    ]


def _starts(words: list[str]) -> list[str]:
    """What a best match starts with: the words as typed, or with the first one
    moved last (a given name typed first: "jordi garcia" → "garcia jordi")."""
    typed = " ".join(words)
    rotated = " ".join(words[1:] + words[:1])
    return [typed] if rotated == typed else [typed, rotated]


def _starts_fill_a_page(queryset: QuerySet, prefix: str) -> bool:
    """Whether a page of names start with `prefix`: a cheap range of the (area,
    name) btree that spares counting hits in the full-text index (whose bitmap
    PostgreSQL also intersects with half a million rows of the area)."""
    if not _scoped_to_an_area(queryset.query.where):
        return False  # no index serves the range without the area
    names = queryset.filter(_starts_with(prefix)).order_by().values_list("pk")
    return len(names[:FEW_HITS]) == FEW_HITS


def _name_key():
    """`search_name` in byte order (see search_index.py), for ranges and order."""
    if connection.vendor == "postgresql":
        return Collate(F("search_name"), "C")
    return F("search_name")


def _starts_with(prefix: str) -> Q:
    """Names starting with `prefix`, as a range the btree index can read."""
    key = _name_key()
    return Q(GreaterThanOrEqual(key, prefix)) & Q(
        LessThan(key, prefix + AFTER_NAME_CHARACTERS)
    )


def _best_first(
    queryset: QuerySet, starts: list[str], exact_ids=(), guesses=(), tiers=True
) -> QuerySet:
    """Exact hits before typo hits; within each, names starting with what was
    typed, then with its likeliest correction; alphabetical after that.

    `exact_ids`, with a typo search, are all the exact hits (fewer than a page).
    `tiers`: let the first pages be read from the names starting with those
    words (see `SearchResultsIterable`).
    """
    guesses = [g for g in dict.fromkeys(guesses) if g not in starts]
    ranks = [*starts, *guesses]
    start = Case(
        *(When(_starts_with(p), then=Value(i)) for i, p in enumerate(ranks)),
        default=Value(len(ranks)),
        output_field=IntegerField(),
    )
    ranked = queryset.annotate(start_rank=start)
    ordering = ["start_rank", _name_key().asc(), "pk"]
    exact = Q(pk__in=list(exact_ids)) if exact_ids else None
    if exact is not None:
        rank = Case(When(exact, then=Value(0)), default=Value(1))
        ranked = ranked.annotate(exact_rank=rank)
        ordering.insert(0, "exact_rank")
    ranked = ranked.order_by(*ordering)
    if tiers:
        plan = _tiers(starts, guesses, exact)
        ranked.query.llar_tiers = Tiers(tuple(ranked.query.order_by), plan)
        ranked._iterable_class = SearchResultsIterable
    return ranked


def _tiers(starts: list[str], guesses: list[str], exact: Q | None) -> tuple:
    """With a typo search, the exact hits, then the names starting with a
    correction (those starting with what was typed are all exact hits);
    otherwise the names starting with what was typed."""
    tiers, seen = [], Q()
    if exact is not None:
        tiers.append(Tier(exact, keep_order=True))
        seen = exact
    for prefix in guesses if exact is not None or guesses else starts:
        names = _starts_with(prefix)
        tiers.append(Tier(names & ~seen if seen else names))
        seen = seen | names if seen else names
    return tuple(tiers)


def _full_text(queryset: QuerySet, groups: list[list[Term]]) -> QuerySet:
    """Every group must match, through any of its terms. Words are [0-9a-z]."""
    if connection.vendor == "postgresql":
        # Prefix keys are the words themselves, whole words carry a "=".
        def lexemes(term: Term) -> str:
            keys = [f"'{w}'" if term.prefix else f"'={w}'" for w in term.words]
            return keys[0] if len(keys) == 1 else "(" + " & ".join(keys) + ")"

        expression = " & ".join(
            "(" + " | ".join(lexemes(t) for t in group) + ")" for group in groups
        )
    else:

        def lexemes(term: Term) -> str:
            keys = [f'"{w}"*' if term.prefix else f'"{w}"' for w in term.words]
            return keys[0] if len(keys) == 1 else "(" + " AND ".join(keys) + ")"

        expression = " AND ".join(
            "(" + " OR ".join(lexemes(t) for t in group) + ")" for group in groups
        )
    return queryset.filter(NameMatch(expression))


class NameMatch(Func):
    """The person's name matches a full-text expression (its own node, so that
    the fast first page can leave it out: a range of names that start with the
    typed words holds only matching names)."""

    output_field = BooleanField()

    def __init__(self, expression: str):
        super().__init__(F("search_name"), F("pk"))
        self.match = expression

    def as_postgresql(self, compiler, connection, **extra):
        name, params = compiler.compile(self.source_expressions[0])
        return f"{PREFIX_FUNCTION}({name}) @@ %s::tsquery", [*params, self.match]

    def as_sql(self, compiler, connection, **extra):  # SQLite: the FTS5 table
        pk, params = compiler.compile(self.source_expressions[1])
        # The table name is a constant and the expression travels as a parameter.
        sql = f"{pk} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        return sql, [*params, self.match]


# --- the first pages, from the names that start with what was typed --------------


@dataclass(frozen=True)
class Tier:
    """Rows that come together in the results, in order: the next tier's rows
    only after all of these. Read in name order unless `keep_order`."""

    condition: Q
    keep_order: bool = False


@dataclass(frozen=True)
class Tiers:
    ordering: tuple  # the results' ordering the tiers reproduce
    tiers: tuple[Tier, ...]


class SearchResultsIterable(ModelIterable):
    """Rows of a page of search results, read tier by tier when that is cheaper.

    A page that lies within the first tiers (the exact hits of a typo search, the
    names starting with the typed words, …) is read from them: each tier in name
    order with a limit, which the (area, name) btree serves in a few index
    entries. Otherwise, or once the results were ordered otherwise, filtered in
    a way the tiers cannot follow, or read whole, the query runs as it is.
    """

    def __iter__(self):
        rows = _rows_from_tiers(self.queryset)
        if rows is None:
            yield from super().__iter__()
        else:
            yield from rows


def _rows_from_tiers(queryset: QuerySet):
    query = queryset.query
    plan = getattr(query, "llar_tiers", None)
    low, high = query.low_mark, query.high_mark
    if (
        plan is None
        or high is None
        or high > FAST_PAGE_LIMIT
        or tuple(query.order_by) != plan.ordering
    ):
        return None
    base = _tier_base(queryset, ordered=True)
    if base is None:
        return None
    rows = []
    for tier in plan.tiers:
        tier_query = base.chain()
        tier_query.add_q(tier.condition)
        if not tier.keep_order:
            tier_query.clear_ordering(force=True)
            tier_query.add_ordering(_name_key().asc(), "pk")
        tier_query.set_limits(0, high - len(rows))
        page = queryset._chain()
        page.query = tier_query
        page._iterable_class = ModelIterable
        page._prefetch_related_lookups = ()  # the outer queryset prefetches
        rows.extend(page)
        if len(rows) >= high:
            return rows[low:high]
    return None


def _scoped_to_an_area(where: WhereNode) -> bool:
    """Whether the rows are those of one area (the btree starts with the area)."""
    return (
        where.connector == AND
        and not where.negated
        and any(
            _scoped_to_an_area(child)
            if isinstance(child, WhereNode)
            else isinstance(child, Exact)
            and getattr(getattr(child.lhs, "target", None), "column", None) == "area_id"
            for child in where.children
        )
    )


def _drop_name_match(where: WhereNode) -> bool:
    """Remove the full-text condition from an AND of conditions; tell whether it
    was there (then every row of a tier is a hit without it)."""
    if where.connector != AND or where.negated:
        return False
    dropped = False
    for child in list(where.children):
        if isinstance(child, Exact) and isinstance(child.lhs, NameMatch):
            where.children.remove(child)
            dropped = True
        elif isinstance(child, WhereNode) and _drop_name_match(child):
            dropped = True
    return dropped


def capped_count(queryset: QuerySet, limit: int) -> int:
    """Count the results, stopping at `limit` (the desk says "more than ...").

    A LIMIT does not stop PostgreSQL's full-text match, which builds the bitmap
    of every hit ("Puig": 20,000 of them, about 100 ms at 1,000,000 persons).
    The first tiers (the names starting with what was typed) are btree ranges
    whose rows are all hits: counted first, a common name reaches the limit
    after a thousand index entries and the full-text match never runs.
    """
    base = _tier_base(queryset, ordered=False)
    counted = 0
    for tier in getattr(queryset.query, "llar_tiers", Tiers((), ())).tiers:
        if base is None:
            break
        tier_query = base.chain()
        tier_query.add_q(tier.condition)
        rows = queryset.model._default_manager.none()
        rows.query = tier_query
        counted += rows.values("pk")[: limit - counted].count()
        if counted >= limit:
            return counted
    return queryset.order_by().values("pk")[:limit].count()


def _tier_base(queryset: QuerySet, *, ordered: bool):
    """The results' query without its limits and its full-text match, when the
    tiers can stand for it: the rows of one area, matched by the name words.
    `ordered=False` drops the ordering too (a count needs none)."""
    query = queryset.query.chain()
    query.clear_limits()
    if not ordered:
        query.clear_ordering(force=True)
    if query.distinct or query.combinator or not _scoped_to_an_area(query.where):
        return None
    return query if _drop_name_match(query.where) else None


# --- the typo dictionary ----------------------------------------------------------


def corrections_for(words: list[str]) -> list[list[Correction]]:
    """Return, for each typed word, the real name words it may have meant,
    likeliest first (none when the word looks right), in one lookup.

    One slip away (a letter deleted, inserted, changed, or two swapped: "gacria"
    → "garcia") or two real words run together ("elamrani" → "el amrani"), the
    most common first; for a word that is no name at all and has neither, words
    that merely look alike. A real word is trusted, and not corrected, unless a
    look-alike is far more common ("marrtinez", a slip kept in a few records,
    against "martinez").
    """
    candidates = {
        word: (_one_slip_away(word), _two_words(word))
        for word in words
        if len(word) >= 3  # shorter: too short to tell a typo from another name
    }
    looked_up = {
        text
        for word, (slips, splits) in candidates.items()
        for text in (word, *slips, *(part for pair in splits.values() for part in pair))
    }
    persons = _persons_carrying(looked_up) if looked_up else {}
    return [_corrections(word, candidates.get(word), persons) for word in words]


def _persons_carrying(texts: set[str]) -> dict[str, int]:
    """Look up which of `texts` are words of the dictionary, and how common.

    The texts (a thousand or more) travel as one parameter, an array on
    PostgreSQL and JSON on SQLite: as an `IN` list of parameters, building and
    planning the statement cost more than the lookup.
    """
    table = connection.ops.quote_name(NameToken._meta.db_table)
    words = sorted(texts)
    if connection.vendor == "postgresql":
        condition, parameter = "token = ANY(%s)", words
    else:
        condition = "token IN (SELECT value FROM json_each(%s))"
        parameter = json.dumps(words)
    sql = f"SELECT token, persons FROM {table} WHERE {condition}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [parameter])
        return dict(cursor.fetchall())


def _corrections(word: str, candidates, persons: dict[str, int]) -> list[Correction]:
    if candidates is None:
        return []
    slips, splits = candidates
    found = sorted(
        [(-persons[text], text) for text in slips if text in persons]
        + [
            (-min(persons[a], persons[b]), text)
            for text, (a, b) in splits.items()
            if a in persons and b in persons
        ]
    )
    typed = persons.get(word, 0)
    if not found:
        return [] if typed else [Correction(w) for w in similar_words(word)]
    if typed * TRUSTED_RATIO >= -found[0][0]:
        return []
    return [Correction(text) for _, text in found[:SIMILAR_PER_WORD]]


def _two_words(word: str) -> dict[str, tuple[str, str]]:
    """Every cut of `word` in two words of two letters or more."""
    return {
        f"{word[:i]} {word[i:]}": (word[:i], word[i:]) for i in range(2, len(word) - 1)
    }


def _one_slip_away(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    letters = string.ascii_lowercase
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in cuts if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    changes = {a + c + b[1:] for a, b in cuts if b for c in letters}
    inserts = {a + c + b for a, b in cuts for c in letters}
    return (deletes | swaps | changes | inserts) - {word}


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
