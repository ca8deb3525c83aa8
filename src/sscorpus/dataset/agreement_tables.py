"""The agreement of the independent annotators, measured once for a
dataset, and its two tables' rows: the figures and the disagreements, each
side of a disagreement located at its annotation's line."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from ..agreement.disagreements import disagreements
from ..agreement.measure import agree, independent_annotators
from ..agreement.report import agreement_rows, disagreement_rows
from ..corpus.model import Corpus, Location
from .tables import CELLS, SOURCE, Row
from .value import Measured

if TYPE_CHECKING:
    from ..checks.cells import CellSource


def measure(corpus: Corpus) -> Measured:
    """The agreement and disagreements of the corpus's independent
    annotators (every layer but gold), whatever layer is exported."""
    names = independent_annotators(corpus)
    if len(names) < 2:
        return Measured(tuple(names), None, ())
    found = [d for first, second in combinations(names, 2) for d in disagreements(corpus, first, second)]
    return Measured(tuple(names), agree(corpus, names), tuple(found))


def _rounded(value: object) -> object:
    """A figure rounded to 6 decimals, so that the same annotations give the
    same bytes whatever the float arithmetic of a machine's libraries."""
    return round(value, 6) if isinstance(value, float) else value


def agreement(measured: Measured) -> list[Row]:
    if measured.agreement is None:
        return []
    return [{**{k: _rounded(v) for k, v in row.items()}, SOURCE: None} for row in agreement_rows(measured.agreement)]


def disagreement_table(measured: Measured, root: Path) -> list[Row]:
    """The disagreements; each side's values located at the line of its
    annotation (paths shown relative to ``root``)."""
    found = measured.disagreements
    rows = []
    for d, row in zip(found, disagreement_rows(found, root), strict=True):
        cells: dict[str, CellSource] = {}
        for n, side in ((1, d.first), (2, d.second)):
            if side.path is not None and side.line is not None:
                place = Location(side.path, side.line, 1)
                cells.update({f"value_{n}": place, f"id_{n}": place, f"where_{n}": place})
                cells.setdefault("what", place)
        rows.append({**row, SOURCE: None, CELLS: cells})
    return rows
