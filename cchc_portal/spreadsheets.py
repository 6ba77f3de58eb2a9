"""Every workbook and CSV the portal writes: no text a user typed is ever a live formula.

A spreadsheet takes a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) for a formula, at once or as soon as the reader edits the cell or opens a CSV
("formula injection": a task title `=HYPERLINK("http://x","y")` becomes a link to anywhere).
So each text cell that begins so is written as a text cell with the quote prefix, which
Excel and LibreOffice both keep as literal text, even after an edit; the reader sees the text
as typed. Numbers are left alone (-2 stays a number). The only formulas in a workbook are
those the code writes through `formula` (a template's sums).

Exports create their workbook with `workbook()` and CSV writers with `csv_writer`;
tests/core/test_spreadsheets.py fails when a module builds one otherwise.
"""

import csv
import io

import openpyxl
from openpyxl.cell.cell import MergedCell

# What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value):
    """Whether a value is text a spreadsheet could evaluate."""
    return isinstance(value, str) and value.startswith(TRIGGERS)


class Workbook(openpyxl.Workbook):
    """An openpyxl workbook that makes every text cell literal text when it is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trusted_formulas = {}  # id(cell) -> (cell, the formula the code wrote)

    def save(self, filename):
        neutralise(self)
        super().save(filename)


def workbook():
    """A new workbook for an export or a template."""
    return Workbook()


def formula(cell, text):
    """Write a formula the code composed (never one holding user text) and return the cell."""
    cell.value = text
    cell.parent.parent.trusted_formulas[id(cell)] = (cell, text)
    return cell


def neutralise(book):
    """Make each cell of `book` that a spreadsheet could evaluate literal text, as shown."""
    trusted = getattr(book, "trusted_formulas", {})
    for sheet in book.worksheets:
        # The cells written (iter_rows would create every empty cell of the used rectangle).
        for cell in list(sheet._cells.values()):
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            if cell.data_type == "f":
                known = trusted.get(id(cell))
                if known and known[0] is cell and known[1] == cell.value:
                    continue
                _as_text(cell, str(cell.value))
            elif cell.data_type == "e" or is_risky(cell.value):
                _as_text(cell, str(cell.value))
    return book


def _as_text(cell, text):
    cell._value = text  # the setter would take "=…" for a formula again
    cell.data_type = "s"
    cell.quotePrefix = True


def csv_value(value):
    """A CSV field no spreadsheet evaluates: risky text gets a leading apostrophe."""
    if is_risky(value):
        return "'" + value
    return value


class _SafeCsvWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_value(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream=None, **kwargs):
    """A csv.writer whose text fields pass through `csv_value`."""
    return _SafeCsvWriter(stream if stream is not None else io.StringIO(), **kwargs)
