"""Random corrections of a text, annotation files with every kind of
selector, and the truth about where each annotated passage goes: shared by
tests/test_rehash_carry.py and ``benchmarks/fuzz.py --mode rehash``.

A correction is one insertion or deletion. Where the same new text comes
from the same kind of edit at another place (a sentence duplicated: the
first copy or the second is the new one), every such place is a true
reading, and a span may go where any of them takes it. A span goes nowhere
(its passage is gone) when the edit touches its characters or glues a word
onto it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import sscorpus
from conftest import rewrite
from sscorpus.authoring.locating import anchor_for
from sscorpus.authoring.rehash import rehash
from sscorpus.corpus.anchors import Match, Selector, TextIndex, collapse
from sscorpus.corpus.model import Annotation
from sscorpus.corpus.schemas import SchemaSet
from sscorpus.corpus.yamledit import scalar

NAMES = ("South", "South Africa", "WTO", "Southern ", "policy space")
_SENTENCE = re.compile(r"[A-Z][^.!?\n]{10,300}[.!?] ")
_WORD_START = re.compile(r"(?<![\w])\w")
#: the pointer of an annotation, or of a not_body item of the catalog
_ITEM = re.compile(r"^/(?:mentions|not_mentions|claims|evidence)/\d+|^/documents/\d+/not_body/\d+")

Pieces = tuple[tuple[int, int], ...]


def _wordy(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


@dataclass(frozen=True)
class Correction:
    """``text`` inserted at ``at``, or deleted from ``at`` (``insert`` False)."""

    kind: str
    at: int
    text: str
    insert: bool

    def apply(self, old: str) -> str:
        if self.insert:
            return old[: self.at] + self.text + old[self.at :]
        return old[: self.at] + old[self.at + len(self.text) :]

    def places(self, old: str, new: str) -> list[int]:
        """Every place where the same kind of edit gives ``new``."""
        length = len(self.text)
        if self.insert:

            def same(p: int) -> bool:
                return new[:p] == old[:p] and new[p + length :] == old[p:]
        else:

            def same(p: int) -> bool:
                return old[:p] == new[:p] and old[p + length :] == new[p:]

        found = [self.at]
        for step in (-1, 1):
            p = self.at + step
            while 0 <= p <= len(old) and same(p):
                found.append(p)
                p += step
        return found

    def carry(self, old: str, new: str, pieces: Pieces) -> set[Pieces | None]:
        """Where the span may truly go: one reading per place of the edit."""
        readings: set[Pieces | None] = set()
        length = len(self.text)
        for p in self.places(old, new):
            carried: list[tuple[int, int]] = []
            for s, e in pieces:
                if self.insert:
                    if e <= p:
                        span = (s, e)
                    elif s >= p:
                        span = (s + length, e + length)
                    else:
                        break
                elif e <= p:
                    span = (s, e)
                elif s >= p + length:
                    span = (s - length, e - length)
                else:
                    break
                before = _wordy(old, s - 1) == _wordy(new, span[0] - 1)
                if not (before and _wordy(old, e) == _wordy(new, span[1])):
                    break  # a word glued on: "South" become "Southern"
                carried.append(span)
            readings.add(tuple(carried) if len(carried) == len(pieces) else None)
        return readings


def correction(rng: random.Random, text: str) -> Correction:
    """One seeded correction: a word or a name inserted, a sentence or a
    name deleted, a sentence duplicated."""
    kind = rng.choice(["insert word", "insert name", "delete sentence", "delete name", "duplicate sentence"])
    words = [m.start() for m in _WORD_START.finditer(text)]
    sentences = list(_SENTENCE.finditer(text))
    if kind == "insert word":
        return Correction(kind, rng.choice(words), "Southern ", True)
    if kind == "insert name":
        return Correction(kind, rng.choice(words), rng.choice(NAMES).strip() + " ", True)
    if kind == "delete name":
        places = [(m.start(), m.group()) for n in NAMES for m in re.finditer(re.escape(n), text)]
        at, name = rng.choice(places)
        return Correction(kind, at, name, False)
    sentence = rng.choice(sentences)
    if kind == "delete sentence":
        return Correction(kind, sentence.start(), sentence.group(), False)
    return Correction(kind, sentence.end(), sentence.group(), True)


def anchor_in_style(rng: random.Random, index: TextIndex, match: Match) -> dict[str, str | int]:
    """A selector of ``match`` in one of the styles annotators write."""
    quote = collapse(index.text[match.start : match.end])
    style = rng.choice(["shortest", "occurrence", "prefix", "suffix", "offsets"])
    if style == "shortest":
        return anchor_for(index, match)
    if style == "occurrence":
        return {"quote": quote, "occurrence": index.find_all(quote).index(match) + 1}
    if style == "offsets":
        return {"quote": quote, "start": match.start, "end": match.end}
    count = rng.randint(1, 4)
    side = style
    words = collapse(index.text[: match.start] if side == "prefix" else index.text[match.end :]).split(" ")
    context = " ".join(words[-count:] if side == "prefix" else words[:count])
    if not context:
        return anchor_for(index, match)
    selector: dict[str, str | int] = {"quote": quote, side: context}
    among = index.candidates(Selector(quote, **{side: context}))  # type: ignore[arg-type]
    if len(among) > 1:
        selector["occurrence"] = among.index(match) + 1
    return selector


def _lines(selector: dict[str, str | int], indent: str) -> list[str]:
    return [f"{indent}{key}: {scalar(value)}" for key, value in selector.items()]


def annotation_file(rng: random.Random, text: str, document: str, annotator: str, count: int = 40) -> str:
    """A valid annotation file: mentions of names (by occurrence, prefix...)
    and claims over random stretches of words, some in two pieces."""
    index = TextIndex(text)
    lines = [f"document: {document}", f"annotator: {annotator}", "mentions:"]
    entities = {"South": "actor: south-africa", "South Africa": "actor: south-africa", "WTO": "institution: wto"}
    for name, ref in entities.items():
        for match in rng.sample(index.find_all(name), min(6, len(index.find_all(name)))):
            lines += [f"  - {ref}", *_lines(anchor_in_style(rng, index, match), "    ")]
    lines.append("claims:")
    words = [m.start() for m in _WORD_START.finditer(text)]
    for n in range(count):
        first = rng.randrange(len(words) - 20)
        start, stop = words[first], words[first + rng.randint(1, 15)]
        end = len(text[start:stop].rstrip(" \n.,;:"))
        if end <= 0 or "\n\n" in text[start : start + end]:
            continue
        end += start
        lines += [f"  - id: c{n}", "    kind: descriptive"]
        cut = next((m.start() for m in _WORD_START.finditer(text, start + 1, end) if rng.random() < 0.3), None)
        if cut is not None and text[start:cut].strip() and not text[cut - 1].isalnum():
            lines.append("    pieces:")
            for s, e in ((start, start + len(text[start:cut].rstrip())), (cut, end)):
                selector = anchor_in_style(rng, index, Match(s, e))
                lines += [f"      - {_lines(selector, '')[0]}", *_lines(dict(list(selector.items())[1:]), "        ")]
        else:
            lines += _lines(anchor_in_style(rng, index, Match(start, end)), "    ")
    return "\n".join(lines) + "\n"


def spans(checked: sscorpus.Checked, document: str) -> dict[tuple[Path, str], Pieces | None]:
    """Every annotation of ``document``: its pieces, or None when it has no span."""
    found: dict[tuple[Path, str], Pieces | None] = {}
    for file in checked.corpus.files:
        records: list[Annotation] = [*file.annotations(), *file.not_mentions]
        for record in records if file.document == document else []:
            found[(file.path, record.where.pointer)] = record.span.pieces if record.span else None
    return found


def check_correction(
    root: Path, document: str, old_file: Path, fix: Correction, schemas: SchemaSet, before: sscorpus.Checked
) -> list[str]:
    """Apply ``fix`` to the text, rehash, and list every annotation that now
    marks another passage than its own without a finding (empty: all is well)."""
    old = old_file.read_text(encoding="utf-8")
    new = fix.apply(old)
    rewrite(root / "texts" / f"{document}.txt", new.encode("utf-8"))
    was = spans(before, document)
    result = rehash(root, document, old=old_file, schemas=schemas)
    after = sscorpus.check(root, schemas=schemas)
    now = spans(after, document)
    reported: dict[tuple[Path, str], str] = {}
    for finding in result.report.findings:
        item = _ITEM.match(finding.pointer)
        if item:
            reported[(finding.path, item.group())] = finding.code
    problems: list[str] = []
    for key, pieces in was.items():
        assert pieces is not None, f"{key} did not anchor before the correction"
        truths = fix.carry(old, new, pieces)
        code = reported.get(key)
        where = f"{key[0].name}{key[1]} ({fix.kind} at {fix.at})"
        if code == "rehash.broke":
            if None not in truths:
                problems.append(f"{where}: reported broken, but its passage is at {truths}")
        elif code == "rehash.moved":
            problems.append(f"{where}: reported moved")
        elif now.get(key) not in truths - {None}:
            problems.append(f"{where}: marks {now.get(key)} without a finding; its passage {pieces} went to {truths}")
    # a broken mention's stale selector may mark another mention's text: a duplicate
    broken = {now.get(key) for key, code in reported.items() if code == "rehash.broke"}
    unexplained = [
        f
        for f in after.report.errors
        if not ((m := _ITEM.match(f.pointer)) and reported.get((f.path, m.group())) == "rehash.broke")
        and not (f.code == "mention.duplicate" and now.get((f.path, f.pointer)) in broken)
    ]
    problems += [f"after the rehash: {f.path.name}:{f.line}: {f.code} {f.message}" for f in unexplained]
    return problems
