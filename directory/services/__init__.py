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
    kinship_save_form,
    person_extended_save_form,
    person_recover,
    person_save,
    person_save_form,
    person_set_deceased,
)

__all__ = [
    "distinct_persons_confirm",
    "duplicates_refresh",
    "duplicates_scan",
    "kinship_add",
    "kinship_save",
    "kinship_save_form",
    "likely_duplicates",
    "person_extended_save_form",
    "person_merge",
    "person_recover",
    "person_save",
    "person_save_form",
    "person_set_deceased",
    "person_unmerge",
]
