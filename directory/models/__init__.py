"""The directory's models: the person record and what is kept around it."""

from .kinship import Kinship
from .merge import PersonMerge
from .person import Person, PersonExtended, PersonQuerySet
from .search import (
    DistinctPersons,
    DuplicateCandidate,
    DuplicateReason,
    NameToken,
    ordered_pair,
)

__all__ = [
    "DistinctPersons",
    "DuplicateCandidate",
    "DuplicateReason",
    "Kinship",
    "NameToken",
    "Person",
    "PersonExtended",
    "PersonMerge",
    "PersonQuerySet",
    "ordered_pair",
]
