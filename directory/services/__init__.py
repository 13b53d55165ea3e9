"""Write-side rules of the directory (style.md G9), one module per concern."""

from .records import (
    kinship_add,
    likely_duplicates,
    person_extended_save_form,
    person_recover,
    person_save,
    person_save_form,
    person_set_deceased,
)

__all__ = [
    "kinship_add",
    "likely_duplicates",
    "person_extended_save_form",
    "person_recover",
    "person_save",
    "person_save_form",
    "person_set_deceased",
]
