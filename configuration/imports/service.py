"""Catalogue imports: a CSV or XLSX file into one catalogue, all or nothing.

Built on django-import-export Resources (wagtail-notes §2e). Every import runs in
one transaction with `rollback_on_validation_errors`, so a file with one bad row
writes nothing; a dry run reports what would change and writes nothing either.
Errors name the row as a spreadsheet numbers it (the heading row is row 1), the
column and the reason. Screens: configuration/views.py; command: import_catalogue.
"""

from collections import Counter
from dataclasses import dataclass, field

import tablib
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    CATALOGUE_MODELS,
    ActuacioPlace,
    ActuacioType,
    Area,
    Benefit,
    BenefitSubtype,
    BenefitType,
    CaseOrigin,
    ClosingReason,
    Country,
    DemandType,
    DocumentKind,
    HomeCareTask,
    ImmigrationCourse,
    MotherTongue,
    Municipality,
    Problem,
    ProblemType,
    Province,
    RelationshipType,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadReferralSource,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
    StreetType,
    Subsector,
    Team,
    TramitType,
)
from .files import prepare_rows
from .organisation import SubsectorResource, TeamResource
from .portfolio import BenefitPortfolioResource
from .repeats import repeated_entries, without_lines
from .resources import (
    BASE_FIELDS,
    BenefitSubtypeResource,
    CatalogueResource,
    ImmigrationCourseResource,
    MunicipalityResource,
    ProblemResource,
    ProblemTypeResource,
    SiadConsultationTypeResource,
    TramitTypeResource,
)

# Sent (sender: the catalogue's model) after an import wrote rows; apps that
# keep values of a catalogue elsewhere (directory's typed street types) connect.
catalogue_imported = Signal()


def simple_resource(model) -> type[CatalogueResource]:
    meta = type("Meta", (), {"model": model, "fields": BASE_FIELDS})
    attrs = {"Meta": meta, "__module__": __name__}
    return type(f"{model.__name__}Resource", (CatalogueResource,), attrs)


_SPECIFIC = {
    Benefit: BenefitPortfolioResource,
    Municipality: MunicipalityResource,
    BenefitSubtype: BenefitSubtypeResource,
    ProblemType: ProblemTypeResource,
    Problem: ProblemResource,
    TramitType: TramitTypeResource,
    ImmigrationCourse: ImmigrationCourseResource,
    SiadConsultationType: SiadConsultationTypeResource,
}
RESOURCES_BY_MODEL: dict = {
    model: _SPECIFIC.get(model) or simple_resource(model)
    for model in (
        Benefit,
        Municipality,
        Country,
        Province,
        MotherTongue,
        StreetType,
        *CATALOGUE_MODELS,
    )
}
RESOURCES_BY_MODEL.update({Subsector: SubsectorResource, Team: TeamResource})


@dataclass(frozen=True)
class ImportIssue:
    row: int | None  # as a spreadsheet numbers it; None: the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}"
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class RowChange:
    row: int
    action: str  # "created", "updated" or "unchanged"
    entry: str
    changes: tuple[str, ...] = ()


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    parents: Counter | None = None  # the portfolio's types and subtypes
    # Rows an area's import left alone because their code is a shared entry's.
    shared: list[RowChange] = field(default_factory=list)
    # Rows that named an entry an earlier row of the file had named with other
    # values: left out, the first row stands (configuration/imports/repeats.py).
    left_out: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def changes_anything(self) -> bool:
        parents = self.parents or Counter()
        return bool(
            self.created or self.updated or parents["created"] or parents["updated"]
        )

    @property
    def shared_codes(self) -> list[str]:
        """The codes of the shared entries left alone, once each, in file order."""
        return list(dict.fromkeys(row.entry for row in self.shared))

    @property
    def shared_note(self) -> str:
        """One line: which shared entries the import left alone, and why."""
        codes = self.shared_codes
        if not codes:
            return ""
        return ngettext(
            "%(count)s row left alone: its code %(codes)s is a shared entry, which "
            "only the support desk changes (it imports the whole file into the "
            "shared entries).",
            "%(count)s rows left alone: their codes %(codes)s are shared entries, "
            "which only the support desk changes (it imports the whole file into "
            "the shared entries).",
            len(self.shared),
        ) % {"count": len(self.shared), "codes": ", ".join(codes)}

    @property
    def repeat_note(self) -> str:
        """One line per row left out because an earlier row named its entry."""
        return " ".join(
            _("Row %(row)s left out: %(message)s")
            % {"row": issue.row, "message": issue.message}
            for issue in self.left_out
        )

    @property
    def summary(self) -> str:
        summary = (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}"
        )
        return (
            f"{summary}, shared left alone {len(self.shared)}"
            if self.shared
            else summary
        )


@dataclass(frozen=True)
class CatalogueImport:
    """One importable catalogue: its command-line key, model and resource."""

    key: str
    model: type[models.Model]

    @property
    def resource_class(self) -> type[CatalogueResource]:
        return RESOURCES_BY_MODEL[self.model]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


IMPORTS = tuple(
    CatalogueImport(key=key, model=model)
    for key, model in (
        ("benefits", Benefit),
        ("municipalities", Municipality),
        ("countries", Country),
        ("provinces", Province),
        ("mother-tongues", MotherTongue),
        ("street-types", StreetType),
        ("benefit-types", BenefitType),
        ("benefit-subtypes", BenefitSubtype),
        ("problem-types", ProblemType),
        ("problems", Problem),
        ("demand-types", DemandType),
        ("actuacio-types", ActuacioType),
        ("actuacio-places", ActuacioPlace),
        ("case-origins", CaseOrigin),
        ("closing-reasons", ClosingReason),
        ("document-kinds", DocumentKind),
        ("relationship-types", RelationshipType),
        ("tramit-types", TramitType),
        ("siad-training-resources", SiadTrainingResource),
        ("immigration-courses", ImmigrationCourse),
        ("home-care-tasks", HomeCareTask),
        ("siad-channels", SiadChannel),
        ("siad-violence-situations", SiadViolenceSituation),
        ("siad-services", SiadService),
        ("siad-referral-sources", SiadReferralSource),
        ("siad-consultation-areas", SiadConsultationArea),
        ("siad-consultation-types", SiadConsultationType),
        ("subsectors", Subsector),
        ("teams", Team),
    )
)
IMPORTS_BY_KEY = {spec.key: spec for spec in IMPORTS}
IMPORTS_BY_MODEL = {spec.model: spec for spec in IMPORTS}


def catalogue_import(
    *,
    spec: CatalogueImport,
    raw: tablib.Dataset,
    area: Area | None,
    dry_run: bool,
) -> ImportOutcome:
    """Import `raw` into the catalogue, all or nothing; report every row.

    `area` is where new entries go and which entries rows may update: None for
    the shared official entries (support desk), an area for that area's own.
    """
    resource_class = spec.resource_class
    missing = resource_class.missing_columns(raw.headers or [])
    if missing:
        message = _("This column is missing.")
        return ImportOutcome(issues=[ImportIssue(None, c, message) for c in missing])
    prepared = prepare_rows(raw, resource_class)
    resource = resource_class(area=area)
    repeats, repeated_lines = repeated_entries(prepared, resource)
    prepared = without_lines(prepared, repeated_lines)
    result = resource.import_data(
        prepared.dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    outcome = _outcome(result, resource, prepared.line_numbers)
    outcome.left_out = [ImportIssue(*repeat) for repeat in repeats]
    if not dry_run and outcome.ok and outcome.changes_anything:
        catalogue_imported.send(sender=spec.model)  # import_data has committed
    return outcome


def _outcome(result, resource, line_numbers: list[int]) -> ImportOutcome:
    outcome = ImportOutcome(parents=getattr(resource, "parent_counts", None))
    for error in result.base_errors:
        outcome.issues.append(ImportIssue(None, "—", str(error.error)))
    columns = resource.columns_by_attribute()
    for index, row_result in enumerate(result.rows):
        line = line_numbers[index]
        outcome.issues.extend(_row_issues(row_result, line, columns))
        change = _row_change(row_result, line, resource)
        if change is not None and getattr(row_result.instance, "left_to_shared", 0):
            outcome.shared.append(RowChange(line, "shared", row_result.instance.code))
        elif change is not None:
            outcome.rows.append(change)
            setattr(outcome, change.action, getattr(outcome, change.action) + 1)
    outcome.issues = list(dict.fromkeys(outcome.issues))  # one cell, one message
    return outcome


def _row_issues(row_result, line: int, columns: dict[str, str]) -> list[ImportIssue]:
    issues = [ImportIssue(line, "—", str(error.error)) for error in row_result.errors]
    if row_result.validation_error is not None:
        error = row_result.validation_error
        error_dict = getattr(error, "error_dict", None) and error.message_dict
        for name, messages in (error_dict or {"__all__": error.messages}).items():
            column = columns.get(name, "—" if name == "__all__" else name)
            issues.extend(ImportIssue(line, column, message) for message in messages)
    return issues


ACTIONS = {"new": "created", "update": "updated", "skip": "unchanged"}


def _row_change(row_result, line: int, resource) -> RowChange | None:
    action = ACTIONS.get(row_result.import_type)
    if action is None:
        return None
    changes = ()
    if action == "updated" and row_result.original is not None:
        changes = resource.describe_changes(row_result.original, row_result.instance)
    return RowChange(line, action, row_result.object_repr or "", changes)
