"""The publishable version: no hidden value can be worked back from the
published cells and the margins. The attacker here is written independently
of reports.suppression: exact rational elimination (fractions) over every
row and column equation of the table with its totals."""

import random
from fractions import Fraction

from django.test import SimpleTestCase

from reports.breakdowns import Table
from reports.returns import TOTAL, figure_visible, hidden_keys
from reports.suppression import grid_from, suppress


def recoverable(values: list[list[int]], hidden: set) -> dict:
    """The hidden entries an attacker can compute exactly, with their values.

    Unknowns are the hidden entries; each row and column gives an equation
    sum(cells) - total = 0 with the published entries moved to the right. An
    unknown is determined when its unit vector lies in the equations' row
    space: after full reduction it is alone in a row."""
    rows, cols = len(values) - 1, len(values[0]) - 1
    unknowns = sorted(hidden)
    index = {entry: k for k, entry in enumerate(unknowns)}
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    matrix = []
    for line in lines:
        *cells, total = line
        coefficients = [Fraction(0)] * (len(unknowns) + 1)
        for entry, sign in [*((cell, 1) for cell in cells), (total, -1)]:
            if entry in index:
                coefficients[index[entry]] += sign
            else:
                coefficients[-1] -= sign * values[entry[0]][entry[1]]
        matrix.append(coefficients)
    pivot_row = 0
    pivots = []
    for col in range(len(unknowns)):
        found = next(
            (r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None
        )
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [value / lead for value in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [
                    a - factor * b
                    for a, b in zip(matrix[r], matrix[pivot_row], strict=True)
                ]
        pivots.append((pivot_row, col))
        pivot_row += 1
    found = {}
    for r, col in pivots:
        others = [c for c in range(len(unknowns)) if c != col and matrix[r][c] != 0]
        if not others:
            found[unknowns[col]] = matrix[r][-1]
    return found


class SuppressionTests(SimpleTestCase):
    def check(self, cells, threshold=5):
        grid = grid_from(cells)
        hidden = suppress(grid, threshold)
        values = grid.values
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if 0 < value < threshold:
                    self.assertIn((i, j), hidden, f"small value {value} shown")
        self.assertEqual(recoverable(values, hidden), {})
        return grid, hidden

    def test_a_single_small_cell_is_hidden_with_companions(self):
        cells = [[20, 3, 15], [12, 30, 8], [9, 14, 22]]
        grid, hidden = self.check(cells)
        self.assertIn((0, 1), hidden)
        # Without the companions the margins give it away at once.
        self.assertEqual(recoverable(grid.values, {(0, 1)}), {(0, 1): 3})

    def test_line_by_line_is_not_enough_a_bridge_cell_is_caught(self):
        # Two blocks of hidden cells joined by one cell: every row and column
        # holds two hidden entries or more, yet the joining cell is determined.
        cells = [[1, 2, 3, 40], [3, 4, 50, 60], [70, 80, 1, 2], [90, 100, 3, 4]]
        values = grid_from(cells).values
        blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
        self.assertEqual(recoverable(values, blocks | {(0, 2)}), {(0, 2): 3})
        self.check(cells)

    def test_small_totals_are_hidden_too(self):
        grid, hidden = self.check([[2, 1, 0], [10, 12, 9], [7, 6, 8]])
        self.assertIn((0, 3), hidden)  # the row's total, 3

    def test_zeros_are_published_and_a_table_without_small_cells_untouched(self):
        self.assertEqual(suppress(grid_from([[0, 10], [12, 0]])), set())

    def test_a_single_row_or_column_table(self):
        self.check([[3], [10], [12], [7]])
        self.check([[3, 10, 12, 7]])

    def test_random_tables_never_leak(self):
        generator = random.Random(21)  # noqa: S311 - reproducible test tables
        for _round in range(60):
            rows, cols = generator.randint(1, 7), generator.randint(1, 5)
            cells = [
                [generator.choice([0, 1, 2, 3, 4, 5, 8, 13, 40]) for _c in range(cols)]
                for _r in range(rows)
            ]
            self.check(cells)

    def test_a_figure_is_published_only_when_it_reveals_no_hidden_cell(self):
        table = Table(
            key="t",
            title="t",
            row_title="r",
            rows=[("a", "A"), ("b", "B"), ("c", "C")],
            cols=[("x", "X"), ("y", "Y")],
            cells={("a", "x"): 2, ("a", "y"): 20, ("b", "x"): 30, ("b", "y"): 25,
                   ("c", "x"): 11, ("c", "y"): 9},
        )  # fmt: skip
        hidden = hidden_keys(table, 5)
        self.assertIn(("a", "x"), hidden)
        self.assertFalse(figure_visible(table, hidden, "a", "x"))
        self.assertTrue(figure_visible(table, hidden, "", ""))
        self.assertEqual(
            figure_visible(table, hidden, "a", ""), ("a", TOTAL) not in hidden
        )
        # A sum of published cells is published.
        shown = [(r, c) for r, _l in table.rows for c, _m in table.cols
                 if (r, c) not in hidden]  # fmt: skip
        r, c = shown[0]
        self.assertTrue(figure_visible(table, hidden, r, c))
