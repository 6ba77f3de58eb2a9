"""Figures that a lower layer shows but a higher one owns.

A periodic report (reports/) gives the results of the PAR index, which par_index/, a layer
above, computes. The owner registers its reader here when Django starts
(`ParIndexConfig.ready`), and the report asks through `par_index_of` without importing it.
"""

_readers = {}


def register(name, function):
    _readers[name] = function


def par_index_of(unit, year):
    """{year, total, max, rank, count} of the unit's latest appraised PAR index of `year` or
    before, as JSON-safe values, or None (no index, or par_index not installed)."""
    reader = _readers.get("par_index")
    return reader(unit, year) if reader is not None else None
