"""The dataset: one value, built once (``dataset.build``) from a checked
corpus and a layer choice, that every writer takes (CSV, workbook, data
package, About sheet, site).

It holds the typed tables (one pandas DataFrame per table of ``TABLES``,
with where each row's values came from; ``Dataset.columns`` gives each as
the Python lists every writer and check reads), the layers and their
count-layer rule, the agreement of the independent annotators and its
headline figures, and the input files with their checksum. Nothing in it
is read back from a file an export wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..agreement.disagreements import Disagreement
from ..agreement.headline import Headline
from ..agreement.measure import Agreement
from ..checks.cells import Origin
from ..corpus.model import Corpus, Location
from ..corpus.schemas import SchemaSet
from .layers import Layers
from .networks import Networks
from .tables import CELLS, SOURCE


@dataclass(frozen=True, slots=True)
class Measured:
    """The agreement of the independent annotators on every document two of
    them annotated, and their disagreements (empty with fewer than two)."""

    annotators: tuple[str, ...]
    agreement: Agreement | None
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything an export and a site are made of (see the module's notes)."""

    corpus: Corpus
    schemas: SchemaSet
    layers: Layers
    #: every table of ``TABLES``, in its order; each DataFrame has the table's
    #: columns, then ``_source`` and ``_cells``, which writers leave out
    tables: Mapping[str, pd.DataFrame]
    agreement: Measured
    #: the headline agreement figures (the About sheet's and the site's)
    headline: Headline
    #: the files the dataset is made of, and their SHA-256 (``inputs_checksum``)
    inputs: tuple[Path, ...]
    inputs_sha256: str
    #: the discourse networks of the count layers (windows: years); their
    #: edge and node lists are tables too (``network_*``)
    networks: Networks

    #: the columns of each table as Python lists (``columns``)
    _columns: dict[str, Columns] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", {name: Columns(df) for name, df in self.tables.items()})

    @property
    def layer(self) -> str | None:
        return self.layers.layer

    def columns(self, name: str) -> Columns:
        """The table ``name`` as Python lists, shared by every writer."""
        return self._columns[name]


#: from this many rows, a table's lists are made each time a writer asks for
#: them and not kept (kept, a large table's values would be held twice)
KEPT_ROWS = 5_000


class Columns:
    """A table's columns as Python lists, None for a missing value: the CSV
    file, the Parquet file, the workbook and the checks of every value read
    them. A small table's are made from the DataFrame at once on first use
    and kept, instead of each writer taking every column out of pandas again
    (pandas' cost per call, not the rows, is what a small table pays); a
    large table's (``KEPT_ROWS``) are made per call, as the writers need them."""

    __slots__ = ("_lists", "_origins", "frame", "kept")

    def __init__(self, frame: pd.DataFrame) -> None:
        #: the table (its columns, then ``_source`` and ``_cells``); not to be changed
        self.frame = frame
        #: whether the lists are kept once made (a small table)
        self.kept = len(frame) < KEPT_ROWS
        self._lists: dict[str, list[Any]] | None = None
        self._origins: list[Origin] | None = None

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, name: str) -> list[Any]:
        """The values of column ``name``, in the table's order (do not change the list)."""
        if self._lists is not None:
            return self._lists[name]
        if not self.kept:
            made: list[Any] = self.frame[name].array.to_numpy(dtype=object, na_value=None).tolist()
            return made
        # the whole frame at once: a third of the cost of a conversion per
        # column (pandas takes None for na_value; its stubs do not list it)
        values = self.frame.to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]
        self._lists = {str(column): values[:, j].tolist() for j, column in enumerate(self.frame.columns)}
        return self._lists[name]

    @property
    def origins(self) -> list[Origin]:
        """Where each row's values come from (a row without a key has none there)."""
        if self._origins is not None:
            return self._origins
        origins = [
            Origin(where if isinstance(where, Location) else None, cells if isinstance(cells, Mapping) else None)
            for where, cells in zip(self[SOURCE], self[CELLS], strict=True)
        ]
        if self.kept:
            self._origins = origins
        return origins
