"""What the search desk and the duplicate checks keep beside the person records.

`NameToken` is the typo dictionary: every distinct word of every normalised name,
so a misspelt word ("fernandes") can be expanded to the real words that look like
it ("fernandez") before the full-text search runs (performance.md §3.1, h2).
`DuplicateCandidate` is the coordinators' worklist of likely duplicate pairs and
`DistinctPersons` records that a professional confirmed two similar records are
different people, so they are never proposed again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from configuration.models import Area
from configuration.scope import AreaScopedQuerySet

from .person import Person


class NameToken(models.Model):
    token = models.CharField(max_length=100, unique=True)
    # How many persons carry the word, as last counted (`count_persons`; a word
    # first seen by `register` counts one). Only ranks typo corrections: of the
    # real words one slip away from "vidall", "vidal" is far more common than
    # "vidala", so it is the likelier meaning.
    persons = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")

    def __str__(self) -> str:
        return self.token

    @classmethod
    def register(cls, tokens) -> None:
        """Add words not yet in the dictionary, in one statement."""
        words = {token for token in tokens if token}
        if words:
            cls.objects.bulk_create(
                [cls(token=word) for word in sorted(words)], ignore_conflicts=True
            )

    @classmethod
    def count_persons(cls) -> int:
        """Count again how many persons carry each word (after bulk loads)."""
        return count_name_words(Person, cls)


def count_name_words(person_model, token_model, batch: int = 2000) -> int:
    """Set each dictionary word's count of persons; return how many changed.

    Takes the models so that a migration can run it on its historical ones.
    """
    counts: dict[str, int] = {}
    names = person_model.objects.values_list("search_name", flat=True)
    for name in names.iterator(chunk_size=batch):
        for word in set(name.split()):
            counts[word] = counts.get(word, 0) + 1
    changed = []
    tokens = token_model.objects.only("pk", "token", "persons")
    for token in tokens.iterator(chunk_size=batch):
        persons = counts.get(token.token, 0)
        if token.persons != persons:
            token.persons = persons
            changed.append(token)
    token_model.objects.bulk_update(changed, ["persons"], batch_size=batch)
    return len(changed)


class PairQuerySet(AreaScopedQuerySet):
    def involving(self, *persons):
        ids = [getattr(person, "pk", person) for person in persons]
        return self.filter(Q(person_id__in=ids) | Q(other_id__in=ids))


def ordered_pair(a, b) -> tuple[int, int]:
    """Return the two ids low first: a pair is stored once, whatever the order."""
    a, b = getattr(a, "pk", a), getattr(b, "pk", b)
    return (a, b) if a < b else (b, a)


class DuplicateReason(models.TextChoices):
    DOCUMENT = "document", _("same identity document")
    NAME_BIRTH = "name_birth", _("similar name and same birth date")


class DuplicateCandidate(models.Model):
    """Two records of one area that may be the same person (person < other)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(
        _("reason"), max_length=20, choices=DuplicateReason.choices
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        ordering = ["-found_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other"], name="directory_candidate_once"
            ),
            models.CheckConstraint(
                condition=Q(person__lt=F("other")),
                name="directory_candidate_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.other_id}"


class DistinctPersons(models.Model):
    """A professional confirmed that two similar records are different people."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    area_lookup = "person__area"

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("confirmed different persons")
        verbose_name_plural = _("confirmed different persons")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other"], name="directory_distinct_once"
            ),
            models.CheckConstraint(
                condition=Q(person__lt=F("other")),
                name="directory_distinct_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ≠ {self.other_id}"
