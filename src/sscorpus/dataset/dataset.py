"""Building the dataset (``value.Dataset``) once from a checked corpus and
a layer choice: the rows of every table from the model, typed as
DataFrames, the agreement measured, the inputs' checksum."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..agreement.headline import headline
from ..checks.validate import Checked
from ..corpus.model import ENTITY_TYPES, Corpus
from . import agreement_tables, networks, rows
from .agreement_tables import measure
from .checksums import inputs_checksum
from .layers import Layers
from .tables import CELLS, SOURCE, TABLES, Row, Table
from .value import Dataset, Measured


def _builders(measured: Measured, root: Path) -> dict[str, Callable[[Layers], list[Row]]]:
    """How the rows of each table of the corpus are built."""
    return {
        "documents": rows.documents,
        "layer_counts": rows.layer_counts,
        **{f"{t}s": rows.entities(t) for t in ENTITY_TYPES},
        "mentions": rows.mentions,
        "claims": rows.claims,
        "evidence": rows.evidence,
        "links": rows.links,
        "agreement": lambda _: agreement_tables.agreement(measured),
        "disagreements": lambda _: agreement_tables.disagreement_table(measured, root),
    }


def inputs_of(corpus: Corpus) -> dict[Path, str | None]:
    """The files a corpus's dataset is made of (catalog, registry, texts and
    annotation files), each with the checksum of its content as the model
    read it."""
    return {
        corpus.catalog_path: corpus.catalog_sha256,
        corpus.registry_path: corpus.registry_sha256,
        **{d.text_file: d.actual_sha256 for d in corpus.documents.values()},
        **{f.path: f.sha256 for f in corpus.files},
    }


def build(checked: Checked, layer: str | None = None) -> Dataset:
    """The dataset of a validated corpus: every layer, or only ``layer`` (an
    annotator, or gold). Raises SetupError when ``layer`` is no layer of the
    corpus."""
    corpus = checked.corpus
    layers = Layers(corpus, layer)
    measured = measure(corpus)
    built = {name: builder(layers) for name, builder in _builders(measured, corpus.root).items()}
    built["codebook"] = rows.codebook(checked.schemas)
    tables = {name: frame(TABLES[name], built[name]) for name in TABLES if name in built}
    found = networks.compute(tables, corpus, checked.schemas)
    derived = networks.table_rows(found)
    tables = {name: tables[name] if name in tables else frame(TABLES[name], derived[name]) for name in TABLES}
    figures = headline(
        ({str(k): v for k, v in row.items()} for row in tables["agreement"].to_dict("records")), measured.annotators
    )
    inputs = inputs_of(corpus)
    checksum = inputs_checksum(corpus.root, inputs)
    return Dataset(corpus, checked.schemas, layers, tables, measured, figures, tuple(inputs), checksum, found)


def _dtypes() -> dict[str, Any]:
    """pandas' dtype of each column type. Strings are pinned to Python
    storage: pandas 3 stores them in Arrow when pyarrow is installed, and
    Arrow holds UTF-8 only, so a lone surrogate (which a JSON file can
    escape) would crash the build instead of being reported. Dtype objects,
    not their names: pandas looks a name up among every registered dtype on
    each conversion."""
    return {
        "string": pd.StringDtype("python"),
        "integer": pd.Int64Dtype(),
        "boolean": pd.BooleanDtype(),
        "number": pd.Float64Dtype(),
    }


def frame(table: Table, table_rows: list[Row]) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns, types and order, and
    where their values come from in the extra columns ``_source`` and
    ``_cells``. A key of ``sort_by`` that is no column (``POSITION``)
    orders the rows, then goes. Each column is made in its final type at
    once (pandas' per-call cost, not the rows, is what a small table pays)."""
    dtypes = _dtypes()
    typed = {column.name: dtypes[column.type] for column in table.columns}
    typed.update({key: dtypes["integer"] for key in table.sort_by if key not in typed})
    values = _columns(table_rows, [*typed, SOURCE, CELLS])
    arrays: dict[str, Any] = {name: pd.array(values[name], dtype=dtype) for name, dtype in typed.items()}
    # the extra columns stay Python objects (NaN where a row has no value, as pandas fills them)
    arrays.update({name: values[name] for name in (SOURCE, CELLS)})
    if table.sort_by and table_rows:
        order = _order({key: arrays[key] for key in table.sort_by})
        arrays = {name: array.take(order) for name, array in arrays.items()}
    # the arrays are this table's own: pandas need not copy them
    return pd.DataFrame({name: arrays[name] for name in [*table.column_names, SOURCE, CELLS]}, copy=False)


#: from this many rows, pandas reads the values out of the rows (in C) faster than Python does
_MANY_ROWS = 500


def _columns(table_rows: list[Row], names: list[str]) -> dict[str, np.ndarray[Any, Any]]:
    """The values of each column of the rows (NaN where a row has none), as Python objects."""
    if len(table_rows) >= _MANY_ROWS:
        values = pd.DataFrame(table_rows, columns=names, dtype=object).to_numpy()
        return {name: values[:, i] for i, name in enumerate(names)}
    return {
        name: np.fromiter((row.get(name, np.nan) for row in table_rows), dtype=object, count=len(table_rows))
        for name in names
    }


def _order(keys: dict[str, Any]) -> Any:
    """The positions of the rows sorted by the typed arrays ``keys``, stable,
    a missing value first: pandas' mergesort with ``na_position="first"``,
    or the same in Python for a few rows (pandas' cost per call dominates)."""
    if len(next(iter(keys.values()))) >= _MANY_ROWS:
        by = pd.DataFrame(keys).sort_values(list(keys), kind="mergesort", na_position="first")
        return by.index.to_numpy()
    columns = [key.to_numpy(dtype=object, na_value=None).tolist() for key in keys.values()]
    # a column with a missing value sorts by (0,) for it, (1, value) for the others
    comparable = [c if None not in c else [(0,) if v is None else (1, v) for v in c] for c in columns]
    rows = list(zip(*comparable, strict=True))
    return sorted(range(len(rows)), key=rows.__getitem__)
