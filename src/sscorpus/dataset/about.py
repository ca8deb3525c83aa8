"""The About sheet of the workbook: what the dataset is, its texts and sheets,
its conventions, its layers and agreement, and how to cite it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import __version__
from ..agreement.headline import Headline
from ..corpus.model import PIECE_SEPARATOR, Corpus, Location
from .tables import LIST_SEPARATOR, PIECE_FORMAT, TABLES

#: how the dataset treats several annotators (the About sheet and the data package say it)
LAYERS_NOTE = (
    "Each annotator's annotations are a layer, and so is gold, the adjudicated one; the annotation "
    "tables hold every layer's rows (or one layer's, as exported), with the annotator column naming it. "
    "Counts are never summed over layers: the documents table names each document's count_layer (gold "
    "where it exists, else its only annotator) and the entity tables count that layer; layer_counts "
    "gives every layer's counts."
)


def agreement_summary(found: Headline, annotators: tuple[str, ...]) -> str:
    """The headline agreement figures (those the site's home page and
    ``sscorpus agree`` state too), with their n; the agreement sheet has them
    all."""
    if len(annotators) < 2:
        return "Only one annotator (besides gold) annotated the documents: no agreement is measured."
    if not found.groups:
        return f"No document was annotated by two annotators: nothing to compare. {found.unshared_line}"
    return " ".join(found.lines()) + (
        " Overlap matching, per-document figures, kappa and precision/recall are in the "
        "agreement sheet; every disagreement, with both path:line, in the disagreements "
        "sheet."
    )


def networks_note(undated: tuple[str, ...]) -> str:
    """What the network sheets hold, and the counted documents that are in
    no time window (``networks.Networks.undated``)."""
    text = (
        "the network_ sheets hold Discourse Network Analyzer's networks of the count layers, for the corpus, "
        "each document and each year (the networks/ folder has those of the corpus as GraphML and GEXF): "
        "affiliation (speaker -> target, links per stance), congruence and conflict (speakers taking the same or "
        "opposite sides on targets: count, and weight normalised by average activity) and co-occurrence of targets "
        "in claims."
    )
    if not undated:
        return f"{text} Every counted document has a date."
    return f"{text} {len(undated)} counted documents have no date and are in no year: {', '.join(undated)}."


def about_rows(
    corpus: Corpus, tables: Mapping[str, pd.DataFrame], inputs_sha256: str, agreement: str, networks: str
) -> list[tuple[tuple[str, str], Location | None]]:
    """The About sheet: (label, text) rows, each with its source: the catalog
    for a document's title, None for text that sscorpus writes itself.
    ``agreement`` is the agreement's summary (``agreement_summary``),
    ``networks`` what the network sheets hold (``networks_note``)."""
    rows: list[tuple[tuple[str, str], Location | None]] = [
        ((label, text), None)
        for label, text in (
            ("Dataset", "sscorpus: hand annotations of policy texts on South-South cooperation and multilateralism"),
            (
                "What it holds",
                "Actors, institutions and principles (each defined once, with every mention in the "
                "texts), claims (with speaker, kind and links to what they are about, with the speaker's stance) and "
                "the evidence that supports or challenges them.",
            ),
            ("sscorpus version", __version__),
            ("Input checksum", f"SHA-256 of the catalog, texts, registry and annotation files: {inputs_sha256}"),
        )
    ]
    for doc in corpus.documents.values():
        source = doc.provenance.url if doc.provenance and doc.provenance.url else None
        accessed = (
            f", accessed {doc.provenance.accessed}" if source and doc.provenance and doc.provenance.accessed else ""
        )
        rows.append(
            (
                (
                    f"Text: {doc.id}",
                    f"{doc.title} ({doc.kind}, {len(doc.text or '')} characters)"
                    + (f"; from {source}{accessed}" if source else ""),
                ),
                doc.at("title"),
            )
        )
    for name, df in tables.items():
        rows.append(((f"Sheet: {name}", f"{TABLES[name].description} {len(df)} rows."), None))
    rows += [
        ((label, text), None)
        for label, text in (
            (
                "Offsets",
                "start and end are Unicode code points, 0-based, end-exclusive, in the document's text "
                "(Python text[start:end]; R substr(text, start + 1, end)).",
            ),
            (
                "Multi-valued cells",
                f"values joined by '{LIST_SEPARATOR}' (space, vertical bar, space); the links "
                "sheet has the same facts in long form, one row per link.",
            ),
            (
                "Spans in pieces",
                f"quote joins the texts of the pieces with '{PIECE_SEPARATOR}'; the pieces column "
                f"gives each piece's offsets as {PIECE_FORMAT.format(start='start', end='end')}.",
            ),
            ("Layers", LAYERS_NOTE),
            ("Networks", networks),
            ("Agreement", agreement),
            ("Codebook", "the codebook sheet describes every field of every annotation type, from the JSON Schemas."),
            (
                "CSV files",
                "csv/<table>.csv hold the same tables exactly (UTF-8, RFC 4180), for R, pandas and other "
                "programs; open this workbook in a spreadsheet instead: a spreadsheet may turn text of a CSV "
                "into dates, numbers or formulas.",
            ),
            (
                "How to cite",
                f"sscorpus contributors. sscorpus: annotations of policy texts on South-South cooperation "
                f"and multilateralism, version {__version__}. Cite the annotated texts as the documents sheet "
                "gives them.",
            ),
        )
    ]
    return rows
