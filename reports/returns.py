"""A return produced: its tables (one query each) and its variables' figures,
and the publishable version of both (reports.suppression)."""

from dataclasses import dataclass, field

from .breakdowns import SPECS, Criteria, Table, count, matches
from .custom_breakdowns import choice_count
from .enums import Breakdown
from .models import ReturnDefinition
from .suppression import DEFAULT_THRESHOLD, Grid, suppress


@dataclass
class Figure:
    code: str
    label: str
    help_text: str
    breakdown: str
    row: str
    column: str
    value: int | None  # None: hidden in the publishable version


@dataclass
class Produced:
    definition: ReturnDefinition
    criteria: Criteria
    tables: list[Table]
    figures: list[Figure]
    publishable: bool = False
    hidden: dict = field(default_factory=dict)  # table key -> {(row, col)} keys


def grid_of(table: Table) -> Grid:
    """The table as a grid with its margins, for the suppression."""
    values = [[table.value(r, c) for c, _l in table.cols] for r, _l in table.rows]
    values = [[*row, sum(row)] for row in values]
    totals = [sum(row[j] for row in values) for j in range(len(table.cols) + 1)]
    return Grid([*values, totals])


TOTAL = "__total__"


def hidden_keys(table: Table, threshold: int) -> set:
    """The hidden cells as (row key, column key); margins use TOTAL."""
    rows = [key for key, _l in table.rows] + [TOTAL]
    cols = [key for key, _l in table.cols] + [TOTAL]
    return {(rows[i], cols[j]) for i, j in suppress(grid_of(table), threshold)}


def figure_visible(table: Table, hidden: set, row: str, column: str) -> bool:
    """A figure is published when it is a published margin (or the grand
    total), or when every cell it adds up is published (then it tells nothing
    the published cells do not)."""
    rows = [key for key, _l in table.rows if matches(key, row)]
    cols = [key for key, _l in table.cols if matches(key, column)]
    whole_rows = len(rows) == len(table.rows)
    whole_cols = len(cols) == len(table.cols)
    if whole_rows and whole_cols:
        return (TOTAL, TOTAL) not in hidden
    if whole_cols and len(rows) == 1:
        return (rows[0], TOTAL) not in hidden
    if whole_rows and len(cols) == 1:
        return (TOTAL, cols[0]) not in hidden
    return not any((r, c) in hidden for r in rows for c in cols)


def produce(
    definition: ReturnDefinition,
    criteria: Criteria,
    *,
    publishable: bool = False,
    threshold: int = DEFAULT_THRESHOLD,
    count_by: tuple[str, str] | None = None,
    progress=None,
) -> Produced:
    """The return's tables and figures; with `count_by` (form, key), one more
    table counting that form's rows by that choice field (`choice_count`).
    `progress(done, total)` is told after each table (a background export)."""
    variables = list(definition.variables.all())
    used = {variable.breakdown for variable in variables}
    keys = [key for key in Breakdown.values if key in used and key in SPECS]
    total = len(keys) + (1 if count_by else 0)
    tables = []
    for key in keys:
        tables.append(count(key, criteria))
        if progress is not None:
            progress(len(tables), total)
    if count_by is not None:
        form, key = count_by
        tables.append(choice_count(criteria, form=form, key=key))
        if progress is not None:
            progress(len(tables), total)
    by_key = {table.key: table for table in tables}
    hidden = (
        {table.key: hidden_keys(table, threshold) for table in tables}
        if publishable
        else {}
    )
    figures = []
    for variable in variables:
        table = by_key[variable.breakdown]
        value = table.matching(variable.row, variable.column)
        if publishable and not figure_visible(
            table, hidden[table.key], variable.row, variable.column
        ):
            value = None
        figures.append(
            Figure(
                code=variable.code,
                label=variable.label,
                help_text=variable.help_text,
                breakdown=variable.breakdown,
                row=variable.row,
                column=variable.column,
                value=value,
            )
        )
    return Produced(
        definition=definition,
        criteria=criteria,
        tables=tables,
        figures=figures,
        publishable=publishable,
        hidden=hidden,
    )
