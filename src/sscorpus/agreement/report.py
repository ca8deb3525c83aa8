"""The agreement report: rows of the ``agreement`` and ``disagreements``
tables (with their columns described), and the text and JSON output of
``sscorpus agree``.

The rows are lists of dicts, one key per column, in the order of the
columns the dataset declares for its ``agreement`` and ``disagreements``
tables; paths are relative to the corpus folder, with ``/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..checks.reporters import display_path, printable, write_json_data
from .disagreements import Disagreement, Side
from .headline import MATCHING, headline
from .matching import OVERLAP_THRESHOLD, RULES
from .measure import ALL_DOCUMENTS, SEPARATOR, Agreement, Result

Row = dict[str, Any]
#: longest value shown in the text output (the tables hold the whole quote)
EXCERPT = 100


def agreement_rows(agreement: Agreement) -> list[Row]:
    """One row per figure of the agreement table."""
    return [
        {
            "doc_id": r.scope,
            "annotators": SEPARATOR.join(r.annotators),
            "type": r.type,
            "variable": r.variable,
            "measure": r.measure,
            "matching": r.matching,
            "value": r.figure.value,
            "n": r.figure.n,
            "matched": r.matched,
            "note": r.figure.note or None,
            "n_per_annotator": SEPARATOR.join(f"{a}: {n}" for a, n in r.per_annotator) or None,
        }
        for r in agreement.results
    ]


def _where(side: Side, root: Path) -> str | None:
    return f"{display_path(side.path, root)}:{side.line}" if side.path is not None else None


def disagreement_rows(found: Sequence[Disagreement], root: Path) -> list[Row]:
    """One row per disagreement of the disagreements table."""
    return [
        {
            "doc_id": d.doc_id,
            "type": d.type,
            "annotator_1": d.annotators[0],
            "annotator_2": d.annotators[1],
            "what": d.what,
            "value_1": d.first.value,
            "value_2": d.second.value,
            "id_1": d.first.id,
            "id_2": d.second.id,
            "where_1": _where(d.first, root),
            "where_2": _where(d.second, root),
        }
        for d in found
    ]


# -- output -------------------------------------------------------------------------------------


def write_agreement_json(agreement: Agreement, found: Sequence[Disagreement], stream: TextIO, root: Path) -> None:
    """Every figure with its n, and every disagreement, as JSON."""
    write_json_data(
        {
            "annotators": list(agreement.annotators),
            "documents": list(agreement.documents),
            "shared": [{"annotators": list(pair), "documents": list(docs)} for pair, docs in agreement.shared.items()],
            "unshared": [list(pair) for pair in agreement.unshared],
            "matching": {name: {"jaccard_at_least": threshold} for name, threshold in RULES.items()},
            "figures": agreement_rows(agreement),
            "disagreements": disagreement_rows(found, root),
            "left_out": [
                {"doc_id": scope, "matching": rule, "groups": n}
                for (scope, rule), n in sorted(agreement.left_out.items())
            ],
        },
        stream,
    )


def _number(result: Result | None) -> str:
    if result is None:
        return ""
    return "undef." if result.figure.value is None else f"{result.figure.value:.3f}"


def _table(stream: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(x) for x in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        # the first two columns (type, variable) to the left, the figures to the right
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        stream.write("  " + "  ".join(cells).rstrip() + "\n")


def _notes(results: Sequence[Result]) -> list[str]:
    """Why figures are undefined, once per variable and reason."""
    reasons: dict[tuple[str, str, str], list[str]] = {}
    for r in results:
        if r.figure.value is None:
            rules = reasons.setdefault((r.type, r.variable, r.figure.note), [])
            if r.matching not in rules:
                rules.append(r.matching)
    return [
        f"{t} {v}{'' if len(rules) == len(RULES) else ' (' + ', '.join(rules) + ')'}: {note}"
        for (t, v, note), rules in reasons.items()
    ]


def _write_group(stream: TextIO, results: Sequence[Result]) -> None:
    index = {(r.type, r.variable, r.measure, r.matching): r for r in results}
    keys = list(dict.fromkeys((r.type, r.variable) for r in results))
    first, second = results[0].annotators[0], results[0].annotators[-1]
    unitizing = [(t, v) for t, v in keys if any((t, v, "f1", rule) in index for rule in RULES)]
    if unitizing:
        stream.write(
            f"\nUnits, and links of matched units: {second}'s against {first}'s (matched, each one's count, "
            "precision P, recall R, F1)\n"
        )
        rows = []
        for t, v in unitizing:
            cells = [t, v]
            for rule in RULES:
                p, r, f1 = (index.get((t, v, m, rule)) for m in ("precision", "recall", "f1"))
                cells += [
                    str(f1.matched) if f1 else "",
                    str(r.figure.n) if r else "",
                    str(p.figure.n) if p else "",
                    _number(p),
                    _number(r),
                    _number(f1),
                ]
            rows.append(cells)
        header = ["type", "variable"]
        for rule in RULES:
            header += [f"{rule}: matched", first, second, "P", "R", "F1"]
        _table(stream, header, rows)
    coding = [(t, v) for t, v in keys if (t, v) not in unitizing]
    if coding:
        pair = len(results[0].annotators) == 2
        measures = ["agreement", "kappa", "alpha"] if pair else ["alpha"]
        stream.write(
            "\nCoding of matched units (nominal): "
            + (
                "n units coded by both, agreement (share coded alike), Cohen's kappa, "
                if pair
                else "n units coded by two annotators or more, "
            )
            + "Krippendorff's alpha\n"
        )
        rows = []
        for t, v in coding:
            cells = [t, v]
            for rule in RULES:
                alpha = index.get((t, v, "alpha", rule))
                cells.append(str(alpha.figure.n) if alpha else "")
                cells += [_number(index.get((t, v, m, rule))) for m in measures]
            rows.append(cells)
        header = ["type", "variable"]
        for rule in RULES:
            header += [f"{rule}: n", *measures]
        _table(stream, header, rows)
    notes = _notes(results)
    if notes:
        stream.write("  undefined:\n" + "".join(f"    {n}\n" for n in notes))


def _display(path: Path | None, line: int | None) -> str:
    return f"{display_path(path)}:{line}: " if path is not None else ""


def _short(value: str) -> str:
    """A value on one line, a long quote cut."""
    value = " ".join(value.split())
    return value if len(value) <= EXCERPT else value[: EXCERPT - 4] + "...'"


def write_agreement_text(
    agreement: Agreement, found: Sequence[Disagreement], stream: TextIO, scope: str = ALL_DOCUMENTS
) -> None:
    """The headline figures (those the About sheet and the site state), the
    tables a methods section can cite (the figures of ``scope``), then every
    disagreement with both annotators' path:line."""
    found_headline = headline(agreement_rows(agreement), agreement.annotators, scope)
    stream.write(
        f"Agreement between annotators {', '.join(agreement.annotators)}: each pair over the documents both "
        f"annotated{'' if scope == ALL_DOCUMENTS else f'; figures of {scope}'}\n"
    )
    stream.write(
        f"Units are matched one-to-one by their characters: exact = the same characters; overlap = "
        f"Jaccard index of the characters >= {OVERLAP_THRESHOLD}, largest first.\n"
    )
    if not found_headline.groups:
        stream.write("\nNo document was annotated by two of them: nothing to compare.\n")
    else:
        stream.write(f"\nHeadline figures ({MATCHING} matching; the About sheet and the site state the same):\n")
    for group in found_headline.groups:
        stream.write(f"  {group.title}:\n" + "".join(f"    {f.text()}\n" for f in group.figures))
    if found_headline.unshared:
        stream.write(f"  {found_headline.unshared_line}\n")
    for group in found_headline.groups:
        results = [r for r in agreement.results if r.annotators == group.annotators and r.scope == scope]
        stream.write(f"\n== {group.title} ==\n")
        _write_group(stream, results)
    for (where, rule), n in sorted(agreement.left_out.items()):
        if n and where == scope:
            stream.write(
                f"  ({rule}: {n} groups of units left out of the all-annotators figures: the "
                "matches join two units of one annotator)\n"
            )
    stream.write(f"\nDisagreements (units matched by overlap): {len(found)}\n")
    for d in found:
        stream.write(printable(f"{d.doc_id}: {d.type} {d.what}") + "\n")  # quotes and names from the files
        for annotator, side in zip(d.annotators, (d.first, d.second), strict=True):
            value = f"{side.id}: {_short(side.value)}" if side.value is not None and side.id else "(nothing)"
            stream.write(printable(f"    {_display(side.path, side.line)}{annotator}: {value}") + "\n")
