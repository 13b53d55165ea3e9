"""The publishable version of a table: small cells hidden, and enough other
cells hidden that no hidden value can be worked back from the totals.

The table is read with its margins as one grid: R rows and C columns of cells,
a totals column and a totals row. Every row and every column of the grid is a
"line" whose cells add up to its total. A value is recoverable when it is
determined by the published values and the lines' sums:

1. primary suppression: every entry (margins included) with 0 < value < threshold;
2. complementary suppression: a line with exactly one hidden entry gives it away
   (total minus the rest), so a second entry of that line is hidden, the
   smallest non-zero cell first;
3. a line-by-line check is not enough (a hidden cell that is the only link
   between two groups of hidden cells is still determined), so the linear
   system of the lines is reduced and every hidden entry that it determines
   gets one more companion in its row; repeat until nothing is determined.
"""

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5
PRIME = (1 << 61) - 1  # ranks over GF(p) equal the rational ranks for ±1 systems


@dataclass
class Grid:
    """values[i][j] for i < R, j < C; row totals at j == C, column totals at
    i == R, the grand total at (R, C)."""

    values: list[list[int]]

    @property
    def size(self) -> tuple[int, int]:
        return len(self.values) - 1, len(self.values[0]) - 1

    def lines(self) -> list[list[tuple[int, int]]]:
        """Each line as its entries, the total last."""
        rows, cols = self.size
        found = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
        found += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
        return found


def grid_from(cells: list[list[int]]) -> Grid:
    """Add the margins to a table of inner cells."""
    rows = [[*row, sum(row)] for row in cells]
    cols = len(cells[0]) if cells else 0
    totals = [sum(row[j] for row in rows) for j in range(cols + 1)]
    return Grid([*rows, totals])


def determined(grid: Grid, hidden: set) -> set:
    """The hidden entries the published values and the lines' sums determine."""
    if not hidden:
        return set()
    index = {entry: k for k, entry in enumerate(sorted(hidden))}
    equations = []
    for line in grid.lines():
        *cells, total = line
        row = {}
        for entry in cells:
            if entry in index:
                row[index[entry]] = 1
        if total in index:
            row[index[total]] = PRIME - 1
        if row:
            equations.append(row)
    pivots = _reduce(equations)
    return {
        entry for entry, k in index.items() if k in pivots and set(pivots[k]) == {k}
    }


def _reduce(equations: list[dict]) -> dict[int, dict]:
    """Reduced row echelon form over GF(p), sparse: pivot column -> row."""
    pivots: dict[int, dict] = {}
    for equation in equations:
        row = dict(equation)
        for col, pivot_row in pivots.items():
            factor = row.get(col)
            if factor:
                _subtract(row, pivot_row, factor)
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], PRIME - 2, PRIME)
        row = {k: v * inverse % PRIME for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(col)
            if factor:
                _subtract(other, row, factor)
        pivots[col] = row
    return pivots


def _subtract(row: dict, pivot_row: dict, factor: int) -> None:
    for k, v in pivot_row.items():
        value = (row.get(k, 0) - factor * v) % PRIME
        if value:
            row[k] = value
        else:
            row.pop(k, None)


def _companion(grid: Grid, line, hidden: set):
    """The entry of `line` to hide next: the smallest non-zero inner cell, else
    the smallest entry; None when everything is hidden already."""
    *cells, total = line
    open_cells = [e for e in cells if e not in hidden]
    ranked = sorted(
        open_cells,
        key=lambda e: (grid.values[e[0]][e[1]] == 0, grid.values[e[0]][e[1]]),
    )
    if ranked:
        return ranked[0]
    return None if total in hidden else total


def suppress(grid: Grid, threshold: int = DEFAULT_THRESHOLD) -> set:
    """The entries to hide in the publishable version."""
    rows, cols = grid.size
    hidden = {
        (i, j)
        for i in range(rows + 1)
        for j in range(cols + 1)
        if 0 < grid.values[i][j] < threshold
    }
    lines = grid.lines()
    for _round in range(4 * (rows + 1) * (cols + 1)):
        changed = False
        for line in lines:
            if sum(entry in hidden for entry in line) == 1:
                extra = _companion(grid, line, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        leaks = determined(grid, hidden)
        if not leaks:
            return hidden
        entry = min(leaks)
        row_line = lines[entry[0]]
        extra = _companion(grid, row_line, hidden) or _companion(
            grid, lines[rows + 1 + entry[1]], hidden
        )
        if extra is None:  # nothing left to hide with it: hide the whole table
            return {(i, j) for i in range(rows + 1) for j in range(cols + 1)}
        hidden.add(extra)
    return {(i, j) for i in range(rows + 1) for j in range(cols + 1)}
