"""Catalogue imports: CSV or XLSX files into catalogues, all or nothing.

`service` runs an import (dry run or for real) and reports every row; `files`
reads uploads; `resources`, `portfolio` and `widgets` map columns to fields.
"""

from .files import FORMATS, UnreadableFile, read_dataset
from .service import (
    IMPORTS,
    IMPORTS_BY_KEY,
    IMPORTS_BY_MODEL,
    RESOURCES_BY_MODEL,
    CatalogueImport,
    ImportIssue,
    ImportOutcome,
    RowChange,
    catalogue_import,
    catalogue_imported,
)

__all__ = [
    "FORMATS",
    "IMPORTS",
    "IMPORTS_BY_KEY",
    "IMPORTS_BY_MODEL",
    "RESOURCES_BY_MODEL",
    "CatalogueImport",
    "ImportIssue",
    "ImportOutcome",
    "RowChange",
    "UnreadableFile",
    "catalogue_import",
    "catalogue_imported",
    "read_dataset",
]
