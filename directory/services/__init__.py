"""Write-side rules of the directory (style.md G9), one module per concern."""

from .duplicates import (
    distinct_persons_confirm,
    duplicates_refresh,
    duplicates_scan,
    likely_duplicates,
)
from .merge import person_merge, person_unmerge
from .records import (
    kinship_add,
    kinship_save,
    person_extended_save,
    person_record_save,
    person_recover,
    person_save,
    person_set_deceased,
)

__all__ = [
    "distinct_persons_confirm",
    "duplicates_refresh",
    "duplicates_scan",
    "kinship_add",
    "kinship_save",
    "likely_duplicates",
    "person_extended_save",
    "person_merge",
    "person_recover",
    "person_save",
    "person_record_save",
    "person_set_deceased",
    "person_unmerge",
]
