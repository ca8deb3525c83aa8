"""What an interchange format is: the file it writes into an export, how it
is written from a dataset and how a file of it is read (``formats.py``
lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..dataset.value import Dataset
from ..findings import Finding
from .foreign import ForeignProject


@dataclass(frozen=True, slots=True)
class Format:
    """One interchange format.

    ``write(dataset, path)`` writes the dataset (every layer it holds) to
    the one file ``path`` and returns the findings that stop the export
    (a value the format cannot hold exactly); the same dataset gives the
    same bytes. ``read(path)`` reads a file of the format as another tool
    wrote it.

    ``loses`` names the CSV columns (``table.column``, e.g.
    ``claims.note``) whose values do not come back when an export in this
    format is imported again: what the README's table lists as not held.
    The round trip test compares every other column."""

    name: str
    #: what the format is, for help texts and the README
    title: str
    #: the file's name in an export folder
    file_name: str
    media_type: str
    write: Callable[[Dataset, Path], list[Finding]]
    read: Callable[[Path], ForeignProject]
    #: the ``table.column`` names of the CSV tables the format cannot hold
    loses: frozenset[str] = frozenset()
