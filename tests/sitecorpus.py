"""A corpus for the site's tests: the shared sample corpus plus a second
annotator whose file holds what a page must get right: a mention inside a
claim inside a longer claim, a claim that overlaps another across its end, a
claim in pieces, a claim across a page break (a blank line), evidence that
supports one claim and challenges another, and hostile notes in the
annotations and the registry."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import sscorpus
from conftest import ESSAY, REGISTRY_FILE, CorpusDir, build_corpus

B_ESSAY_FILE = f"annotations/b/{ESSAY}.yaml"
HOSTILE_NOTE = '<script>window.hostile = 1</script> "><img src=x onerror=alert(1)> & done'
HOSTILE_REGISTRY_NOTE = '"><img src=x onerror=alert(2)><script>window.hostile = 2</script>'

B_ESSAY = """\
document: mthembu-multilateralism
annotator: b
mentions:
  - actor: south-africa
    quote: South Africa
    occurrence: 1
  - institution: wto
    quote: World Trade Organisation (WTO)
claims:
  - id: outer
    quote: >-
      This has been quite evident as countries such as South Africa and India have raised their voices and
      taken diplomatic efforts against vaccine nationalism and efforts to block a waiver of certain sections
      of the TRIPS Agreement at the World Trade Organisation (WTO) by mostly countries of the Global North.
    kind: descriptive
    note: '<script>window.hostile = 1</script> "><img src=x onerror=alert(1)> & done'
    about:
      - actor: south-africa
        stance: endorses
      - institution: wto
        stance: rejects
  - id: inner
    quote: countries such as South Africa and India have raised their voices
    kind: descriptive
    speaker: south-africa
  - id: overlap
    quote: by mostly countries of the Global North. This has exposed a real weakness
    kind: evaluative
  - id: split
    pieces:
      - quote: Developing countries have consistently argued that they have limited policy
      - quote: space when it comes to issues such as trade and development
    kind: descriptive
    about:
      - principle: policy-space
        stance: endorses
  - id: across
    quote: without demanding or expecting an immediate payback or return, knowing that it will be done later
    kind: descriptive
    about:
      - principle: diffuse-reciprocity
        stance: neutral
evidence:
  - id: ev
    quote: efforts to block a waiver of certain sections of the TRIPS Agreement
    kind: event
    supports: [outer]
    challenges: [overlap]
"""


def build_site_corpus(root: Path) -> CorpusDir:
    corpus = build_corpus(root)
    corpus.write(B_ESSAY_FILE, B_ESSAY)
    corpus.edit(
        REGISTRY_FILE,
        "    region: africa\n",
        "    region: africa\n    note: '" + HOSTILE_REGISTRY_NOTE.replace("'", "''") + "'\n",
    )
    return corpus


def expected_highlights(root: Path) -> dict[tuple[str, str, str], list[str]]:
    """(document, annotator, what) -> the texts of the pieces, from the
    model: what every annotation's highlight must show. ``what`` is a claim
    or evidence id, or ``mention:<entity>@<start>``."""
    checked = sscorpus.check(root)
    assert not checked.report.errors, checked.report.errors
    found = {}
    for file in checked.corpus.files:
        text = checked.corpus.documents[file.document].text or ""
        for annotation in file.annotations():
            span = annotation.span
            assert span is not None
            what = (
                f"mention:{annotation.entity_id}@{span.start}" if annotation.type == "mention" else str(annotation.id)
            )
            found[(file.document, file.annotator, what)] = span.texts(text)
    return found


class Page(HTMLParser):
    """A built page read back: tags with their attributes, the highlighted
    segments of each annotation key, the text of each text block, the
    annotation list (key -> type, layer, label) and every id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.highlights: dict[str, list[tuple[int, str]]] = {}
        self.texts: list[str] = []
        self.items: dict[str, dict[str, str | None]] = {}
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._order = 0
        self.feed(html)

    _VOID = frozenset({"meta", "link", "input", "br", "img", "hr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if "item" in (attributes.get("class") or "").split():
            self.items[str(attributes["data-key"])] = attributes
        if tag == "div" and "text" in (attributes.get("class") or "").split():
            self.texts.append("")
        if tag not in self._VOID:
            self._stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        inside_text = any(t == "div" and "text" in (a.get("class") or "").split() for t, a in self._stack)
        if not inside_text:
            return
        self.texts[-1] += data
        self._order += 1  # every stretch of text counts: a gap between two pieces breaks the run
        for _, attributes in self._stack:
            if attributes.get("data-a"):
                for key in str(attributes["data-a"]).split():
                    self.highlights.setdefault(key, []).append((self._order, data))


def runs(segments: list[tuple[int, str]]) -> list[str]:
    """Consecutive segments joined: one text per piece of the annotation."""
    pieces: list[str] = []
    last = None
    for order, text in segments:
        if last is not None and order == last + 1:
            pieces[-1] += text
        else:
            pieces.append(text)
        last = order
    return pieces


def item_what(attributes: dict[str, str | None]) -> str:
    """The ``what`` of expected_highlights for an item of the annotation list."""
    if attributes["data-type"] == "mention":
        return f"mention:{attributes['data-ref']}@{attributes['data-start']}"
    return str(attributes["data-ref"])
