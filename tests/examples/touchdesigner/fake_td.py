"""Just enough of TouchDesigner to run a WebSocket DAT callbacks script outside it.

FakeTable implements exactly the Table DAT calls the Crowdstick script makes
(appendRow, appendCol, deleteRow, clear, row, numRows, numCols, [row, col]
and Cell.val), with TouchDesigner's semantics: cells hold strings, a string
names a row by its first cell and a column by its first-row cell, an int is an
index. Anything else the script tried would fail here with AttributeError.
"""

import pathlib
import re


class Cell:
    def __init__(self, table, row, col):
        self._table, self._row, self._col = table, row, col

    @property
    def val(self):
        return self._table._cells[self._row][self._col]

    @val.setter
    def val(self, value):
        self._table._cells[self._row][self._col] = str(value)

    def __str__(self):
        return self.val


class FakeTable:
    def __init__(self, rows=()):
        self._cells = [[str(v) for v in row] for row in rows]

    @property
    def numRows(self):
        return len(self._cells)

    @property
    def numCols(self):
        return max((len(row) for row in self._cells), default=0)

    def clear(self):
        self._cells = []

    def appendRow(self, vals=()):
        width = max(self.numCols, len(vals))
        self._widen(width)
        self._cells.append([str(v) for v in vals] + [''] * (width - len(vals)))
        return self.numRows - 1

    def appendCol(self, vals=()):
        self._cells.extend([] for _ in range(len(vals) - self.numRows))
        width = self.numCols
        for index, row in enumerate(self._cells):
            row.extend([''] * (width - len(row)))
            row.append(str(vals[index]) if index < len(vals) else '')
        return self.numCols - 1

    def deleteRow(self, nameOrIndex):
        index = self._row_index(nameOrIndex)
        if index is None:
            raise IndexError(f'deleteRow: no row {nameOrIndex!r}')
        del self._cells[index]

    def row(self, nameOrIndex, val=False):
        index = self._row_index(nameOrIndex)
        if index is None:
            return None
        if val:
            return list(self._cells[index])
        return [Cell(self, index, col) for col in range(len(self._cells[index]))]

    def __getitem__(self, key):
        found = self._find(*key)
        return Cell(self, *found) if found else None

    def __setitem__(self, key, value):
        found = self._find(*key)
        if not found:
            raise IndexError(f'no cell {key!r} in the table')
        self._cells[found[0]][found[1]] = str(value)

    def snapshot(self):
        """Every row as a list of strings, for assertions."""
        return [list(row) for row in self._cells]

    def _widen(self, width):
        for row in self._cells:
            row.extend([''] * (width - len(row)))

    def _row_index(self, nameOrIndex):
        if isinstance(nameOrIndex, int):
            return nameOrIndex if 0 <= nameOrIndex < self.numRows else None
        for index, row in enumerate(self._cells):
            if row and row[0] == nameOrIndex:
                return index
        return None

    def _col_index(self, nameOrIndex):
        if isinstance(nameOrIndex, int):
            return nameOrIndex if 0 <= nameOrIndex < self.numCols else None
        header = self._cells[0] if self._cells else []
        return header.index(nameOrIndex) if nameOrIndex in header else None

    def _find(self, row, col):
        r, c = self._row_index(row), self._col_index(col)
        return None if r is None or c is None else (r, c)


def load_callbacks(path, operators, settings=None):
    """Runs a callbacks script as TouchDesigner would, with op() finding `operators` by name.

    `settings` ({'BATCH': 30}) edits the script's own `NAME = value` lines first,
    as a user does in the Text DAT; a name with no such line fails the test.
    """
    source = pathlib.Path(path).read_text(encoding='utf-8')
    for name, value in (settings or {}).items():
        source, found = re.subn(rf'^{name} = .*$', f'{name} = {value!r}', source, flags=re.M)
        if found != 1:
            raise AssertionError(f'{path} has {found} lines setting {name}, not one')
    namespace = {'__name__': pathlib.Path(path).stem, 'op': operators.get}
    exec(compile(source, str(path), 'exec'), namespace)
    return namespace
