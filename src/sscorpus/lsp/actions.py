"""Quick fixes in an annotation file. Each returns the file's new text;
the server offers it as one edit of the editor's buffer (nothing is written
to disk: the person saves, and the buffer is checked again as they do).

- a quote not in the text: replace it by the closest passage;
- an ambiguous quote: pick one of its places, with ``occurrence`` or a
  ``prefix``, whichever is shorter (``locating.anchor_for``, as ``locate``);
- a claim: add the mentions of registry names its span covers and no
  mention marks (as ``new --suggest-mentions`` finds them);
- a value YAML misreads (a colon in a note): put it in quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import codes
from ..authoring.locating import anchor_for, anchor_lines
from ..corpus.anchors import Match, Selector
from ..corpus.lines import LineMap
from ..corpus.model import Claim, Corpus, Span
from ..corpus.names import find_names
from ..corpus.yamledit import EditError, append_items, scalar, value_at
from ..findings import Finding
from .places import document_of
from .state import FileState

#: the selector fields a new anchor replaces
SELECTOR_KEYS = ("quote", "occurrence", "prefix", "suffix", "start", "end")
#: most places offered for an ambiguous quote
MOST_PLACES = 10
#: free-text keys whose plain value YAML may misread
_TEXT_LINE = re.compile(r"^(?P<head>\s*(?:-\s+)?(?:note|quote|prefix|suffix):[ \t]+)(?P<value>[^'\"|>\s].*?)\s*$")


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    text: str
    #: the finding it fixes (None: an action offered on a claim)
    finding: Finding | None = None
    preferred: bool = False


def _entry(text: str, lines: LineMap, line: int, column: int) -> tuple[int, int, int]:
    """Offsets of (the line start, the key, the end of the value) of the key
    written at 1-based ``line`` and ``column``: its value runs on while the
    lines are indented more than the key (blank lines and comments at its
    end are left out)."""
    start = lines.line_start(line)
    end = lines.line_start(line + 1) if line < lines.lines else len(text)
    for number in range(line + 1, lines.lines + 1):
        begin = lines.line_start(number)
        stop = lines.line_start(number + 1) if number < lines.lines else len(text)
        content = text[begin:stop].rstrip("\r\n")
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        if len(content) - len(content.lstrip(" ")) <= column - 1:
            break
        end = stop
    return start, start + column - 1, end


def replace_anchor(state: FileState, item: str, anchor: dict[str, str | int]) -> str:
    """The file's text with the selector of the item at pointer ``item``
    (``/claims/3``) replaced by ``anchor``, written where its quote was."""
    text, loaded = state.text, state.loaded
    lines = LineMap(text)
    quote_at = loaded.key_positions.get(f"{item}/quote")
    if quote_at is None:
        raise EditError("the item has no quote to replace")
    ending = "\r\n" if "\r\n" in text else "\n"
    entries = sorted(
        (_entry(text, lines, *loaded.key_positions[f"{item}/{key}"]), key)
        for key in SELECTOR_KEYS
        if f"{item}/{key}" in loaded.key_positions
    )
    for (start, key_at, end), key in reversed(entries):
        if key == "quote":
            indent = " " * (quote_at[1] - 1)
            new = anchor_lines(anchor, indent)
            new[0] = text[start:key_at] + new[0].lstrip(" ")
            tail = "" if end == len(text) and not text.endswith(("\n", "\r")) else ending
            text = text[:start] + ending.join(new) + tail + text[end:]
        elif start == key_at - (quote_at[1] - 1) and text[start:key_at].strip() == "":
            text = text[:start] + text[end:]
        else:
            raise EditError(f"'{key}' is written on the line of another key")
    return text


def fixes(corpus: Corpus, state: FileState, findings: list[Finding]) -> list[Fix]:
    """The quick fixes for ``findings`` (those of this file under the cursor)."""
    found: list[Fix] = []
    for finding in findings:
        try:
            if finding.code == codes.YAML_SYNTAX:
                found += _quote_text(state, finding)
            elif finding.code in (codes.ANCHOR_NOT_FOUND, codes.ANCHOR_AMBIGUOUS):
                found += _anchor_fixes(corpus, state, finding)
        except EditError:
            continue
    return found


def _item_of(pointer: str) -> str:
    """``/claims/3`` of ``/claims/3/quote`` (or of ``/claims/3/pieces/0/quote``: pieces are not rewritten)."""
    return "/".join(pointer.split("/")[:3])


def _anchor_fixes(corpus: Corpus, state: FileState, finding: Finding) -> list[Fix]:
    known = document_of(corpus, state)
    if known is None or state.loaded.data is None or "/pieces/" in finding.pointer:
        return []
    index = known[1]
    item = _item_of(finding.pointer)
    quote = value_at(state.loaded.data, f"{item}/quote")
    if not isinstance(quote, str):
        return []
    if finding.code == codes.ANCHOR_NOT_FOUND:
        closest = index.closest(quote)
        if closest is None:
            return []
        match, score = closest
        anchor = anchor_for(index, _trimmed(index.text, match, quote.strip()))
        title = f"Replace the quote by the closest passage ({score:.0f}% alike): {anchor['quote']}"
        return [Fix(title, replace_anchor(state, item, anchor), finding, preferred=True)]
    places = index.candidates(Selector(quote))
    return [
        Fix(
            f"Select place {n} of {len(places)} (line {index.line_of(match.start)}): {_shown(anchor)}",
            replace_anchor(state, item, anchor),
            finding,
        )
        for n, match in enumerate(places[:MOST_PLACES], 1)
        for anchor in [anchor_for(index, match)]
    ]


def _trimmed(text: str, match: Match, quote: str) -> Match:
    """The passage without the punctuation at its ends that the quote does not
    have there (markup such as ``*`` that whole words brought in)."""
    start, end = match.start, match.end
    while start < end - 1 and not text[start].isalnum() and not quote.startswith(text[start]):
        start += 1
    while end > start + 1 and not text[end - 1].isalnum() and not quote.endswith(text[end - 1]):
        end -= 1
    return Match(start, end)


def _shown(anchor: dict[str, str | int]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in anchor.items() if key != "quote")


def _quote_text(state: FileState, finding: Finding) -> list[Fix]:
    """Quote a plain note (quote, prefix, suffix) on the line YAML stopped at,
    or the line before, when it holds what YAML misreads (``: `` or `` #``)."""
    lines = LineMap(state.text)
    for line in (finding.line, finding.line - 1):
        if not 1 <= line <= lines.lines:
            continue
        start = lines.line_start(line)
        stop = lines.line_start(line + 1) if line < lines.lines else len(state.text)
        content = state.text[start:stop].rstrip("\r\n")
        found = _TEXT_LINE.match(content)
        if found is None or not re.search(r":(\s|$)| #", found.group("value")):
            continue
        quoted = found.group("head") + scalar(found.group("value"))
        key = found.group("head").strip(" -:\t")
        text = state.text[:start] + quoted + state.text[start + len(content) :]
        return [Fix(f"Put the {key} in quotes, so that YAML reads it as text", text, finding, preferred=True)]
    return []


def missing_mentions(corpus: Corpus, state: FileState, claim: Claim) -> Fix | None:
    """Add a mention for each occurrence of a registry name (or alias,
    acronym) inside the claim that no mention or ``not_mentions`` item marks."""
    known = document_of(corpus, state)
    if known is None or state.file is None or not isinstance(claim.anchor, Span):
        return None
    index = known[1]
    marked = {m.span.pieces for m in (*state.file.mentions, *state.file.not_mentions) if m.span is not None}
    items: list[dict[str, str | int]] = []
    for occurrence in find_names(index.text, corpus.entities.values()):
        place = (occurrence.start, occurrence.end)
        if (place,) in marked or not any(s <= place[0] and place[1] <= e for s, e in claim.anchor.pieces):
            continue
        anchor = anchor_for(index, Match(*place))
        items.append({occurrence.entity.type: occurrence.entity.id, **anchor})
    if not items:
        return None
    text = append_items(state.text.replace("\r\n", "\n"), state.loaded, "mentions", items)
    if "\r\n" in state.text:  # written as it was (Windows line ends)
        text = text.replace("\n", "\r\n")
    return Fix(f"Add the {len(items)} mention(s) of registry names in claim {claim.id}", text)
