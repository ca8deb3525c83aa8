"""The catalog's own values as the exports will carry them: every string a
cell can hold unchanged (the export's rules, ``cells``), every date a day
that exists. ``validate`` reports them at their place in the catalog (the
``catalog`` check) and ``add-text`` refuses them before writing, so that
neither the pre-commit hook nor the export meets them later.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from .. import codes
from ..corpus.model import Corpus, Document
from ..findings import Finding
from .cells import CSV_HINT, WORKBOOK_HINT, csv_problem, workbook_problem

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")


def cell_problem(value: str) -> tuple[str, str] | None:
    """(why, hint) when an export cannot carry ``value`` unchanged, or None."""
    problem = csv_problem(value)
    if problem is not None:
        return problem, CSV_HINT
    problem = workbook_problem(value)
    return (problem, WORKBOOK_HINT) if problem is not None else None


def date_problem(value: str) -> str | None:
    """Why a YYYY, YYYY-MM or YYYY-MM-DD date names no day of the calendar
    (2021-13-45), or None; a value of another form is the schema's to report."""
    found = _DATE.match(value)
    if found is None:
        return None
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        return f"'{value}' is no date of the calendar ({error})"
    return None


def strings(document: Document) -> Iterator[tuple[str, str | None]]:
    """(field, value) of every string of a catalog entry that an export carries;
    the field as a JSON pointer below the entry (``authors/0/name``)."""
    yield "title", document.title
    for number, author in enumerate(document.authors):
        yield f"authors/{number}/name", author.name
        yield f"authors/{number}/affiliation", author.affiliation
    yield "publication", document.publication
    yield "date_note", document.date_note
    provenance = document.provenance
    if provenance is not None:
        for name in ("source_file", "note", "url"):
            yield f"provenance/{name}", getattr(provenance, name)


def dates(document: Document) -> Iterator[tuple[str, str | None]]:
    yield "date", document.date
    yield "date_earliest", document.date_earliest
    if document.provenance is not None:
        yield "provenance/accessed", document.provenance.accessed


def check_values(corpus: Corpus) -> Iterator[Finding]:
    """Every string of the catalog that the exports carry fits a cell; every
    date exists (part of the catalog check)."""
    for document in corpus.documents.values():
        for name, value in strings(document):
            problem = cell_problem(value) if value else None
            if problem is not None:
                yield document.at(name).finding(codes.CATALOG_CELL, f"{name}: {problem[0]}", problem[1])
        for part in document.not_body:
            problem = cell_problem(part.label) if part.label else None
            if problem is not None:
                yield part.where.finding(codes.CATALOG_CELL, f"not_body: {problem[0]}", problem[1])
        for name, value in dates(document):
            why = date_problem(value) if value else None
            if why is not None:
                yield document.at(name).finding(codes.CATALOG_DATE, why, "write a date that exists: YYYY-MM-DD")
