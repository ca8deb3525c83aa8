"""The Frictionless data package descriptor (``datapackage.json``) of a
dataset: every table and column as ``TABLES`` declares them, and the
package's licences, sources and contributors."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..corpus.model import GOLD, Corpus, Document
from .about import LAYERS_NOTE
from .files import CSV_DIR, PACKAGE_NAME
from .tables import LIST_SEPARATOR, TABLES, describe
from .value import Dataset


def _source(document: Document) -> dict[str, str]:
    """A text of the corpus as a source of the data package: its authors,
    title, where and when it was published, as the catalog gives them."""
    authors = ", ".join(a.name for a in document.authors if a.name)
    date = document.date or (f"not before {document.date_earliest}" if document.date_earliest else None)
    published = ", ".join(part for part in (document.publication, date) if part)
    title = f"{authors}: {document.title}" if authors else document.title
    return {"title": f"{title} ({published})" if published else title}


def _about(corpus: Corpus) -> dict[str, Any]:
    """The package's licences, sources and contributors: the licences and
    authors of the dataset's CITATION.cff, the texts of the catalog, and the
    annotators (every layer but the adjudicated gold)."""
    citation = corpus.citation
    about: dict[str, Any] = {}
    if citation is not None and citation.licenses:
        about["licenses"] = [
            {"name": spdx, "path": f"https://spdx.org/licenses/{spdx}.html", "title": spdx}
            for spdx in citation.licenses
        ]
    about["sources"] = [_source(d) for d in sorted(corpus.documents.values(), key=lambda d: d.id)]
    authors = [{"title": name, "role": "author"} for name in citation.authors] if citation else []
    annotators = sorted({f.annotator for f in corpus.files} - {GOLD})
    about["contributors"] = authors + [{"title": name, "role": "contributor"} for name in annotators]
    return about


def descriptor(dataset: Dataset) -> dict[str, Any]:
    schemas, corpus = dataset.schemas, dataset.corpus
    resources = []
    for name in dataset.tables:
        table = TABLES[name]
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": describe(c, schemas)} for c in table.columns],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference)}}
                for fk in table.foreign_keys
            ]
        resources.append(
            {
                "name": name,
                "title": table.title,
                "description": table.description,
                "path": f"{CSV_DIR}/{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "sscorpus: annotations of policy texts on South-South cooperation and multilateralism",
        "description": f"{LAYERS_NOTE} "
        "Actors, institutions and principles with their mentions, claims with speakers and stances, "
        f"and evidence, annotated by hand in policy texts. Multi-valued cells join values with "
        f"'{LIST_SEPARATOR}'; offsets are Unicode code points, 0-based, end-exclusive.",
        "version": __version__,
        **_about(corpus),
        "resources": resources,
    }
