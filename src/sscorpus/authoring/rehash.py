"""``sscorpus rehash``: accept a deliberately corrected text.

The catalog's checksum names the text as it was annotated (the old text:
found in git, or given with ``--old``). Every annotation of the document, in
every layer, and every ``not_body`` item of its catalog entry is anchored in
the old text, and each span is carried through an alignment of the old text
with the new one (``textdiff``: the same passage, or none). Then:

- it resolves to exactly the carried span: it **anchors**;
- the carried span is there, but its selector now picks another place, or
  none, or several (an ``occurrence`` that counts differently, a quote that
  became ambiguous, a prefix or offsets that changed): the selector is
  **rewritten** (``start``/``end``, ``occurrence``, ``prefix``/``suffix``,
  keeping the kind of disambiguation the annotator chose; ``occurrence`` where
  there was none, as guidelines 3.5 prefer) and the change reported;
- the passage was deleted or changed by the correction: it **broke**, and is
  never re-anchored elsewhere, even where its words still stand;
- the passage is there but no rewrite selects it (a file laid out in a way
  the edit does not handle, a section heading): it **moved**.

Broke and moved are errors (exit 1), at the file, line and column of the
quote. The new catalog values and rewrites are checked by validating the
corpus with them before anything is written: the result may hold no error
but those of the annotations reported; then every file is replaced at once
(``writing.Edit``), or none.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import codes
from ..checks.validate import Checked, check
from ..corpus.anchors import Match, Selector, TextIndex, collapse
from ..corpus.annotations import read_annotation_file
from ..corpus.layout import Layout
from ..corpus.loaded import LoadedFile, escape_pointer_token
from ..corpus.loading import load_text
from ..corpus.model import Annotation, AnnotationFile, Corpus, Document, Span
from ..corpus.schemas import SchemaSet
from ..corpus.structure import TextStructure
from ..corpus.writing import Edit
from ..corpus.yamledit import EditError, insert_after, parse, remove_key, replace_value
from ..findings import Finding, Report
from .oldtext import OldTextError, old_text
from .textdiff import Alignment

Status = Literal["anchors", "rewritten", "moved", "broke"]

_CODE: dict[Status, codes.Code] = {
    "rewritten": codes.REHASH_REWRITTEN,
    "moved": codes.REHASH_MOVED,
    "broke": codes.REHASH_BROKE,
}
#: the selector fields a rewrite may change, in the order they are written
_FIELDS = ("start", "end", "prefix", "suffix", "occurrence")
#: findings of other checks that depend on where annotations are
_SPAN_CODES = frozenset({codes.MENTION_DUPLICATE, codes.EVIDENCE_SAME_SPAN})
#: the most words a rewritten prefix grows to before an occurrence is used
_MOST_WORDS = 12


@dataclass(slots=True)
class Rehashed:
    """What ``rehash`` recorded, and what became of each annotation."""

    sha256: str
    characters: int
    previous_sha256: str | None
    #: whether the old text was found and compared (False: no checksum was recorded)
    compared: bool
    counts: dict[Status, int] = field(
        default_factory=lambda: dict.fromkeys(("anchors", "rewritten", "moved", "broke"), 0)
    )
    #: a finding for each annotation or not_body item rewritten, moved or broken
    report: Report = field(default_factory=Report)
    #: the files written (none in a dry run, or when nothing changed)
    written: list[Path] = field(default_factory=list)
    #: errors of the corpus after the rehash that it had before, elsewhere
    errors_before: int = 0

    @property
    def failed(self) -> bool:
        """Whether the corpus does not validate after the rehash."""
        return bool(self.counts["moved"] or self.counts["broke"] or self.errors_before)


class RehashError(Exception):
    """Why nothing was written."""


@dataclass(slots=True)
class _Planned:
    """The edits of one file, and what to report once they are made."""

    path: Path
    text: str
    loaded: LoadedFile
    #: (pointer of the selector, key, value, whether the key is written)
    edits: list[tuple[str, str, object, bool]] = field(default_factory=list)
    #: (status, pointer to point at, what, detail, hint)
    outcomes: list[tuple[Status, str, str, str, str | None]] = field(default_factory=list)
    #: pointer of an annotation -> the spans it must resolve to afterwards
    expected: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: the catalog, whose edits must be made
    catalog: Path | None = None


def rehash(
    root: Path, doc_id: str, *, old: Path | None = None, dry_run: bool = False, schemas: SchemaSet | None = None
) -> Rehashed:
    """Record the new checksum and length of ``doc_id``'s text, carry every
    annotation over to it, and report; under the corpus's lock, all or nothing.
    ``old`` is the text as annotated (default: found in git); ``schemas``
    may be given to save compiling them again."""
    with Edit(root) as edit:
        checked = check(root, schemas=schemas)
        corpus, layout = checked.corpus, checked.layout
        document = corpus.documents.get(doc_id)
        if document is None:
            raise RehashError(f"no document '{doc_id}' in the catalog")
        new_index = corpus.index(doc_id)
        if document.text is None or new_index is None or document.actual_sha256 is None:
            reason = document.text_problem.message if document.text_problem else "it cannot be read"
            raise RehashError(f"the text of '{doc_id}' cannot be used: {reason}")
        _refuse_unreadable(checked.report, layout, corpus, doc_id)
        recorded = document.sha256 if _is_checksum(document.sha256) else None
        compared = recorded is not None and recorded != document.actual_sha256
        try:
            previous = old_text(document.text_file, recorded, old) if compared and recorded else document.text
        except OldTextError as exc:
            raise RehashError(str(exc)) from None
        result = Rehashed(document.actual_sha256, len(document.text), recorded, compared)
        alignment = Alignment(previous, document.text)
        old_index = new_index if alignment.unchanged else TextIndex(previous)
        plans = [_plan_file(file, old_index, new_index, alignment) for file in corpus.files if file.document == doc_id]
        plans.append(_plan_catalog(layout, document, alignment, result))
        overlay = _apply(plans, result)
        _validate(checked, overlay, plans, document, result)
        if not dry_run:
            for path, text in overlay.items():
                edit.write(path, text.encode("utf-8"))
            result.written = sorted(overlay)
    return result


def _is_checksum(value: str | None) -> bool:
    return value is not None and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _refuse_unreadable(report: Report, layout: Layout, corpus: Corpus, doc_id: str) -> None:
    """Stop when an annotation file of the document could not be read: its
    annotations could not be carried over."""
    read = {file.path for file in corpus.files}
    for finding in report.errors:
        path = finding.path
        if path.stem == doc_id and layout.inside(path) and layout.role(path) == "annotations" and path not in read:
            raise RehashError(
                f"{path} cannot be read ({finding.code} at line {finding.line}): fix it first, "
                "so that its annotations can be carried over to the corrected text"
            )


# -- annotation files ---------------------------------------------------------------


def _label(annotation: Annotation, listed: str) -> str:
    if annotation.type == "mention":
        if listed == "not_mentions":
            return "not_mentions item"
        return f"mention of {annotation.entity_id}" if annotation.entity_id else "mention"
    return f"{annotation.type} {annotation.id}" if annotation.id else annotation.type


def _records(file: AnnotationFile) -> Iterator[tuple[str, Annotation]]:
    for listed, records in (
        ("mentions", file.mentions),
        ("not_mentions", file.not_mentions),
        ("claims", file.claims),
        ("evidence", file.evidence),
    ):
        for record in records:
            yield listed, record


def _value(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        elif isinstance(data, dict):
            data = data.get(token)
        else:
            return None
    return data


def _places(data: Any, pointer: str) -> list[str]:
    """The pointers of the selectors of the annotation at ``pointer``."""
    item = _value(data, pointer)
    if isinstance(item, dict) and "quote" not in item and isinstance(item.get("pieces"), list):
        return [f"{pointer}/pieces/{i}" for i in range(len(item["pieces"]))]
    return [pointer]


def _plan_file(after: AnnotationFile, old_index: TextIndex, new_index: TextIndex, alignment: Alignment) -> _Planned:
    """The rewrites of one annotation file (``after``: its records anchored
    in the new text), and the outcome of each annotation."""
    text = after.path.read_bytes().decode("utf-8")
    loaded = load_text(after.path, text)
    plan = _Planned(after.path, text, loaded)
    before = read_annotation_file(loaded, lambda name: old_index if name == after.document else None)
    if before is None:  # the file changed since it was checked: a race the lock prevents
        raise RehashError(f"{after.path} changed while it was read")
    for (listed, was), (_, now) in zip(_records(before), _records(after), strict=True):
        pointer, what = was.where.pointer, _label(was, listed)
        places = _places(loaded.data, pointer)
        if not isinstance(was.anchor, Span):
            problem = was.anchor.reason or "its selector is not valid"
            plan.outcomes.append(
                ("broke", pointer, what, f"it did not anchor in the text as annotated: {problem}", None)
            )
            continue
        carried = [alignment.span(s, e) for s, e in was.anchor.pieces]
        lost = [i for i, span in enumerate(carried) if span is None]
        if lost:
            s, e = was.anchor.pieces[lost[0]]
            plan.outcomes.append(
                (
                    "broke",
                    f"{places[lost[0]]}/quote",
                    what,
                    f"the correction changed or deleted its passage ({old_index.excerpt(s, e)}, "
                    f"characters {s}-{e} of the text as annotated)",
                    "mark the passage again in the corrected text, or delete the annotation",
                )
            )
            continue
        target = tuple(span for span in carried if span is not None)
        plan.expected[pointer] = target
        if isinstance(now.anchor, Span) and now.anchor.pieces == target:
            plan.outcomes.append(("anchors", pointer, what, "", None))
            continue
        changes: list[str] = []
        edits: list[tuple[str, str, object, bool]] = []  # made only when every piece can be rewritten
        for place, (start, end) in zip(places, target, strict=True):
            piece = _value(loaded.data, place)
            rewrite = _rewrite(piece, new_index, Match(start, end))
            if rewrite is None:
                plan.outcomes.append(
                    (
                        "moved",
                        f"{place}/quote",
                        what,
                        f"its passage is now at characters {start}-{end}, but its selector picks another place "
                        "or none, and cannot be rewritten",
                        "give the quote 'occurrence: N' (sscorpus locate shows N)",
                    )
                )
                del plan.expected[pointer]
                break
            for key, value in rewrite.items():
                edits.append((place, key, value, key in piece))
                shown = "(removed)" if value is None else repr(value)
                changes.append(f"{key} {piece.get(key, '(none)')!r} -> {shown}")
        else:
            plan.edits += edits
            plan.outcomes.append(("rewritten", pointer, what, "; ".join(changes), None))
    return plan


def _words(index: TextIndex, match: Match, side: str, count: int) -> str:
    if side == "prefix":
        return " ".join(collapse(index.text[: match.start]).split(" ")[-count:])
    return " ".join(collapse(index.text[match.end :]).split(" ")[:count])


def _rewrite(piece: dict[str, Any], index: TextIndex, target: Match) -> dict[str, object] | None:
    """The selector values that make ``piece`` (whose quote reads as the
    text at ``target``) select ``target``; None when none do. Offsets are
    set to the target; a prefix or suffix that no longer stands beside it is
    replaced by as many words of the text; an occurrence is counted again;
    a quote that became ambiguous gets a longer prefix when it had one,
    else an occurrence."""
    quote: str = piece["quote"]
    fields: dict[str, Any] = {key: piece[key] for key in _FIELDS if key in piece}
    changes: dict[str, Any] = {key: getattr(target, key) for key in ("start", "end") if key in fields}
    for side in ("prefix", "suffix"):
        context: dict[str, Any] = {side: fields.get(side)}
        if side in fields and target not in index.candidates(Selector(quote, **context)):
            words = _words(index, target, side, len(collapse(str(fields[side])).split(" ")))
            changes[side] = words if collapse(words) else None  # None: no words left there, removed
    current = {key: value for key, value in {**fields, **changes}.items() if key != "occurrence" and value is not None}
    candidates = index.candidates(Selector(quote, **current))
    if target not in candidates:
        return None
    if len(candidates) > 1 and "occurrence" not in fields and "prefix" in current and "start" not in current:
        for count in range(len(str(current["prefix"]).split(" ")) + 1, _MOST_WORDS + 1):
            longer = _words(index, target, "prefix", count)
            if index.candidates(Selector(quote, **{**current, "prefix": longer})) == [target]:
                changes["prefix"] = longer
                break
    final = {key: value for key, value in {**fields, **changes}.items() if value is not None}
    among = index.candidates(Selector(quote, **final))  # occurrence counts among these
    if "occurrence" in fields or len(among) > 1:
        final["occurrence"] = changes["occurrence"] = among.index(target) + 1
    changes = {key: value for key, value in changes.items() if fields.get(key) != value}
    final = {key: value for key, value in final.items() if value is not None}
    return changes if index.resolve(Selector(quote, **final)) == target else None


# -- the catalog ------------------------------------------------------------------------


def _plan_catalog(layout: Layout, document: Document, alignment: Alignment, result: Rehashed) -> _Planned:
    """The catalog entry's new sha256 and characters, and its not_body items
    carried over."""
    text = layout.catalog.read_bytes().decode("utf-8")
    try:
        loaded = parse(layout.catalog, text)
    except EditError as exc:
        raise RehashError(str(exc)) from None
    entry = document.where.pointer
    plan = _Planned(layout.catalog, text, loaded, catalog=layout.catalog)
    for key, value in (("sha256", result.sha256), ("characters", result.characters)):
        if f"{entry}/{key}" not in loaded.key_positions:
            raise RehashError(f"the catalog entry of '{document.id}' has no '{key}:' line; add '{key}: {value}' to it")
        if _value(loaded.data, f"{entry}/{key}") != value:
            plan.edits.append((entry, key, value, True))
    items = _value(loaded.data, f"{entry}/not_body")
    if not isinstance(items, list):
        return plan
    old_structure, new_structure = TextStructure(alignment.old), TextStructure(alignment.new)
    old_index, new_index = TextIndex(alignment.old), TextIndex(alignment.new)
    for i, item in enumerate(items):
        pointer = f"{entry}/not_body/{i}"
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("section"), str):
            _carry_section(plan, pointer, item["section"], old_structure, new_structure, alignment)
        elif isinstance(item.get("quote"), str) and collapse(item["quote"]):
            occurrence = item.get("occurrence")
            selector = Selector(item["quote"], occurrence if isinstance(occurrence, int) else None)
            _carry_quote(plan, pointer, item, selector, old_index, new_index, alignment)
    return plan


def _carry_section(
    plan: _Planned, pointer: str, title: str, before: TextStructure, after: TextStructure, alignment: Alignment
) -> None:
    what = f"not_body section {title!r}"
    was, now = before.section_range(title), after.section_range(title)
    if was is None:
        plan.outcomes.append(("broke", f"{pointer}/section", what, "no such heading in the text as annotated", None))
        return
    heading = alignment.position(was[0])
    if now is None or heading is None:
        plan.outcomes.append(
            ("broke", f"{pointer}/section", what, "the correction changed or deleted its heading", None)
        )
    elif now[0] != heading:
        plan.outcomes.append(
            ("moved", f"{pointer}/section", what, f"the heading now names another section (character {now[0]})", None)
        )
    else:
        plan.outcomes.append(("anchors", pointer, what, "", None))


def _carry_quote(
    plan: _Planned,
    pointer: str,
    item: dict[str, Any],
    selector: Selector,
    before: TextIndex,
    after: TextIndex,
    alignment: Alignment,
) -> None:
    what = "not_body quote"
    was = before.resolve(selector)
    if not isinstance(was, Match):
        plan.outcomes.append(("broke", f"{pointer}/quote", what, f"it did not anchor: {was.message}", None))
        return
    carried = alignment.span(was.start, was.end)
    if carried is None:
        plan.outcomes.append(("broke", f"{pointer}/quote", what, "the correction changed or deleted its passage", None))
        return
    target = Match(*carried)
    if after.resolve(selector) == target:
        plan.outcomes.append(("anchors", pointer, what, "", None))
        return
    candidates = after.candidates(Selector(selector.quote))
    occurrence = candidates.index(target) + 1
    plan.edits.append((pointer, "occurrence", occurrence, "occurrence" in item))
    plan.outcomes.append(
        ("rewritten", pointer, what, f"occurrence {item.get('occurrence', '(none)')!r} -> {occurrence}", None)
    )


# -- making and checking the edits ------------------------------------------------------------


def _apply(plans: list[_Planned], result: Rehashed) -> dict[Path, str]:
    """Each planned file's new text; the outcomes become findings. An
    annotation file whose edits cannot be made (a layout the edits do not
    handle, such as JSON or flow mappings) is left as it is, and each of its
    rewrites reported as moved, with the change to make by hand."""
    overlay: dict[Path, str] = {}
    result.report.files_checked = len(plans)
    for plan in plans:
        try:
            text, edited = _edit(plan)
        except EditError as exc:
            if plan.path == plan.catalog:
                raise RehashError(f"cannot rewrite {plan.path}: {exc}") from None
            text, edited = plan.text, plan.loaded
            plan.outcomes = [
                (
                    "moved",
                    pointer,
                    what,
                    f"{detail}: to be made by hand, {plan.path.name} cannot be edited here ({exc})",
                    hint,
                )
                if status == "rewritten"
                else (status, pointer, what, detail, hint)
                for status, pointer, what, detail, hint in plan.outcomes
            ]
            plan.expected = {pointer: target for pointer, target in plan.expected.items() if _unchanged(plan, pointer)}
        if text != plan.text:
            overlay[plan.path] = text
        for status, pointer, what, detail, hint in plan.outcomes:
            result.counts[status] += 1
            if status == "anchors":
                continue
            line, column = edited.locate(pointer, key=pointer.endswith(("/quote", "/section")))
            message = f"{status}: {what}" + (f": {detail}" if detail else "")
            code = _CODE[status]
            result.report.findings.append(Finding(plan.path, line, column, code, message, pointer, hint))
    return overlay


def _unchanged(plan: _Planned, pointer: str) -> bool:
    """Whether the annotation at ``pointer`` anchored without a rewrite."""
    return any(status == "anchors" and at == pointer for status, at, *_ in plan.outcomes)


def _edit(plan: _Planned) -> tuple[str, LoadedFile]:
    """The planned file's new text and its parse, proved to read back as the
    old data with exactly the planned values changed."""
    text = plan.text
    if not plan.edits:
        return text, plan.loaded
    expected = copy.deepcopy(plan.loaded.data)
    # from the last line up, so that an inserted line moves no later edit
    for place, key, value, written in sorted(plan.edits, key=lambda e: _line(plan.loaded, e), reverse=True):
        pointer = f"{place}/{escape_pointer_token(key)}"
        if value is None:
            text = remove_key(text, plan.loaded, pointer)
            del _value(expected, place)[key]
            continue
        if written:
            text = replace_value(text, plan.loaded, pointer, value)
        else:
            text = insert_after(text, plan.loaded, f"{place}/quote", key, value)
        _value(expected, place)[key] = value
    edited = parse(plan.path, text)
    if edited.data != expected:
        raise EditError("the edited file would not read back as intended")
    return text, edited


def _line(loaded: LoadedFile, edit: tuple[str, str, object, bool]) -> int:
    """The line an edit changes: its key's, or for a new key, its quote's."""
    place, key, _, written = edit
    return loaded.locate(f"{place}/{escape_pointer_token(key) if written else 'quote'}", key=True)[0]


def _validate(
    checked: Checked, overlay: dict[Path, str], plans: list[_Planned], document: Document, result: Rehashed
) -> None:
    """Refuse a result that does not validate: after the edits, the corpus
    may hold no error but those of the items reported broken or moved, and
    those it held before that the text and the spans of the document cannot
    cause (an unknown entity id); every annotation carried over resolves to
    its carried span."""
    before = checked.report
    after = check(
        checked.layout.root,
        schemas=checked.schemas,
        overlay={path: text.encode("utf-8") for path, text in overlay.items()},
    )
    own = {plan.path for plan in plans if plan.path != document.where.path}
    entry = document.where.pointer

    def about_document(f: Finding) -> bool:
        """A finding that the text or the spans of the document may cause."""
        code = codes.lookup(f.code)
        spans = code is None or code.check in ("texts", "anchors") or code in _SPAN_CODES
        return spans and (
            f.path in own or (f.path == document.where.path and (f.pointer + "/").startswith(entry + "/"))
        )

    known = {(f.code, f.path, f.pointer) for f in before.errors if not about_document(f)}
    reported = [(f.path, _item(f.pointer)) for f in result.report.errors]
    spans = {
        (file.path, record.where.pointer): record.anchor
        for file in after.corpus.files
        if file.document == document.id
        for _, record in _records(file)
    }

    def excused(f: Finding) -> bool:
        if (f.code, f.path, f.pointer) in known:
            return True
        if any(f.path == path and (f.pointer + "/").startswith(item + "/") for path, item in reported):
            return True
        # a broken mention whose stale selector now marks another mention's text
        span = spans.get((f.path, f.pointer))
        return f.code == codes.MENTION_DUPLICATE and any(spans.get(r) == span for r in reported if r[0] == f.path)

    result.errors_before = sum((f.code, f.path, f.pointer) in known for f in after.report.errors)
    left = [f for f in after.report.errors if not excused(f)]
    if left:
        shown = "; ".join(f"{f.path.name}:{f.line}:{f.column}: {f.code} {f.message}" for f in left[:5])
        raise RehashError(f"nothing written: the corpus would not validate after the rehash: {shown}")
    for plan in plans:
        for pointer, target in plan.expected.items():
            anchor = spans.get((plan.path, pointer))
            if not isinstance(anchor, Span) or anchor.pieces != target:
                raise RehashError(f"nothing written: {plan.path}{pointer} would not mark its passage (a bug)")


def _item(pointer: str) -> str:
    """The annotation or not_body item a finding's pointer is about (the
    quote of a piece reported: the whole annotation)."""
    return pointer.split("/pieces/")[0].removesuffix("/quote").removesuffix("/section")
