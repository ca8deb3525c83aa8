"""The REFI-QDA project (.qdpx): the export follows the REFI-QDA XSD (checked
here with xmlschema, independent of the writer's own lxml check), is the same
bytes for the same dataset, and reads back into every selection, code and
relation it holds; a project written as MAXQDA writes it reads into the
expected ForeignProject; a broken file gives located findings."""

from __future__ import annotations

import functools
import hashlib
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import xmlschema

import sscorpus
from built import repository_dataset
from conftest import BRIEF, BRIEF_FILE, CATALOG_FILE, ESSAY_FILE, CorpusDir, build_corpus
from sscorpus.dataset.dataset import build
from sscorpus.dataset.value import Dataset
from sscorpus.interchange.codebook import codes
from sscorpus.interchange.foreign import ForeignProject, ForeignRelation
from sscorpus.interchange.formats import FORMATS
from sscorpus.interchange.qdpx import FORMAT, refi
from sscorpus.interchange.qdpx import writing as qdpx_write


@functools.cache
def xsd() -> xmlschema.XMLSchema:
    """The REFI-QDA XSD, built when a test first needs it (a third of a second: not in each xdist
    worker that only collects this file)."""
    return xmlschema.XMLSchema(refi.SCHEMA)


#: outside the Basic Multilingual Plane: one code point, two UTF-16 units
ASTRAL = "\U0001d49c"


def dataset_of(corpus: CorpusDir | Path, layer: str | None = None) -> Dataset:
    checked = sscorpus.check(corpus.root if isinstance(corpus, CorpusDir) else corpus)
    assert not checked.report.errors, checked.report.errors[:3]
    return build(checked, layer)


def export(dataset: Dataset, path: Path) -> Path:
    assert FORMAT.write(dataset, path) == []
    return path


def decoded(xml: bytes) -> Any:
    """project.qde as xmlschema decodes it, which it does only for a file
    that validates (strict decoding raises the first validation error: a
    ``validate`` first would walk the tree twice)."""
    tree = xsd().to_dict(xml.decode("utf-8"), validation="strict")
    assert isinstance(tree, dict)
    return tree


def qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def enrich(corpus: CorpusDir) -> None:
    """The test corpus with every field a claim, evidence and file can hold:
    a note, hedged, a speaker, a second about link (order), a source, a
    not-mention, a file note, and a character outside the BMP in a text."""
    corpus.edit(
        ESSAY_FILE,
        "    kind: evaluative\n    about:\n      - institution: wto\n        stance: neutral\n",
        "    kind: evaluative\n    hedged: true\n    speaker: south-africa\n    note: |-\n      two lines\n"
        "        indented\n    about:\n      - institution: wto\n        stance: neutral\n"
        "      - actor: philani-mthembu\n        stance: rejects\n",
    )
    corpus.edit(
        ESSAY_FILE, "    kind: event\n", "    kind: event\n    source: TRIPS Council minutes\n    note: cited\n"
    )
    corpus.edit(ESSAY_FILE, "annotator: a\n", "annotator: a\nnote: the whole essay, first pass\n")
    text = corpus.read(f"texts/{BRIEF}.txt")
    astral = text.replace("Intersessional Dialogue was held", f"Intersessional {ASTRAL} Dialogue was held", 1)
    corpus.write(f"texts/{BRIEF}.txt", astral)
    corpus.edit(CATALOG_FILE, hashlib.sha256(text.encode()).hexdigest(), hashlib.sha256(astral.encode()).hexdigest())
    corpus.edit(CATALOG_FILE, f"characters: {len(text)}\n", f"characters: {len(astral)}\n")
    corpus.edit(
        BRIEF_FILE,
        "    quote: India-US 2+2 Intersessional Dialogue was held in Washington\n",
        f"    quote: India-US 2+2 Intersessional {ASTRAL} Dialogue was held in Washington\n",
    )
    corpus.write(
        BRIEF_FILE,
        corpus.read(BRIEF_FILE)
        + 'not_mentions:\n  - quote: South\n    suffix: " Asia"\n    note: part of a place name\n',
    )


# -- the export --------------------------------------------------------------------------------


def test_the_export_follows_the_refi_xsd_and_holds_every_piece_coded_by_its_annotator(
    corpus: CorpusDir, tmp_path: Path
) -> None:
    enrich(corpus)
    dataset = dataset_of(corpus)
    path = export(dataset, tmp_path / "sscorpus.qdpx")
    tree = decoded(qde(path))
    users = {u["@name"]: u["@guid"] for u in tree["Users"]["User"]}
    assert set(users) == {f.annotator for f in dataset.layers.files}
    selections = [s for source in tree["Sources"]["TextSource"] for s in source.get("PlainTextSelection", [])]
    pieces = Counter(
        (users[f.annotator], start, end)
        for f in dataset.layers.files
        for a in [*f.annotations(), *f.not_mentions]
        for start, end in (a.span.pieces if a.span else ())
    )
    assert Counter((s["@creatingUser"], s["@startPosition"], s["@endPosition"]) for s in selections) == pieces
    # every coding is by the selection's creator
    assert all(c["@creatingUser"] == s["@creatingUser"] for s in selections for c in s.get("Coding", []))


def test_the_export_of_the_repository_corpus_with_all_its_layers_follows_the_xsd(tmp_path: Path) -> None:
    dataset = repository_dataset()
    tree = decoded(qde(export(dataset, tmp_path / "sscorpus.qdpx")))
    assert {u["@name"] for u in tree["Users"]["User"]} == {f.annotator for f in dataset.layers.files}
    written = sum(len(source.get("PlainTextSelection", [])) for source in tree["Sources"]["TextSource"])
    assert written == sum(
        len(a.span.pieces) for f in dataset.layers.files for a in [*f.annotations(), *f.not_mentions] if a.span
    )


def test_the_same_dataset_gives_the_same_bytes_wherever_the_corpus_is(corpus: CorpusDir, tmp_path: Path) -> None:
    other = build_corpus(tmp_path / "elsewhere")
    first = export(dataset_of(corpus), tmp_path / "one.qdpx").read_bytes()
    assert export(dataset_of(corpus), tmp_path / "two.qdpx").read_bytes() == first
    assert export(dataset_of(other), tmp_path / "three.qdpx").read_bytes() == first


def test_positions_count_code_points_and_the_text_is_a_utf8_source(corpus: CorpusDir, tmp_path: Path) -> None:
    enrich(corpus)
    dataset = dataset_of(corpus)
    path = export(dataset, tmp_path / "sscorpus.qdpx")
    tree = decoded(qde(path))
    source = next(s for s in tree["Sources"]["TextSource"] if s["@name"] == BRIEF)
    member = "sources/" + source["@plainTextPath"].removeprefix("internal://")
    with zipfile.ZipFile(path) as archive:
        text = archive.read(member).decode("utf-8")
    assert text == dataset.corpus.documents[BRIEF].text
    quote = f"India-US 2+2 Intersessional {ASTRAL} Dialogue was held in Washington"
    claim = next(s for s in source["PlainTextSelection"] if s["@name"] == quote)
    start = text.index(quote)
    assert (claim["@startPosition"], claim["@endPosition"]) == (start, start + len(quote))
    # a UTF-16 count would be one more at the end: the standard counts code points
    assert len(quote.encode("utf-16-le")) // 2 == len(quote) + 1


def test_a_value_xml_cannot_hold_is_reported_where_it_is_written_and_nothing_is_written(
    corpus: CorpusDir, tmp_path: Path
) -> None:
    corpus.edit(ESSAY_FILE, "    kind: event\n", '    kind: event\n    note: "bell \\a here"\n')
    checked = sscorpus.check(corpus.root)
    dataset = build(checked)
    target = tmp_path / "sscorpus.qdpx"
    findings = FORMAT.write(dataset, target)
    line = corpus.read(ESSAY_FILE).splitlines().index('    note: "bell \\a here"') + 1
    assert [(f.code, f.path, f.line, f.column) for f in findings] == [
        ("export.qdpx-text", corpus.path(ESSAY_FILE), line, 11)
    ]
    assert not target.exists()


def test_a_project_that_breaks_the_schema_is_not_written(
    corpus: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer's own check against the XSD: a Code without its required
    isCodable (as a bug would leave it) stops the export at its line."""
    made = qdpx_write.project_tree

    def broken(dataset: Dataset) -> Any:
        root, members, findings = made(dataset)
        code = root.find(f"{refi.q('CodeBook')}/{refi.q('Codes')}/{refi.q('Code')}")
        assert code is not None
        del code.attrib["isCodable"]
        return root, members, findings

    monkeypatch.setattr(qdpx_write, "project_tree", broken)
    target = tmp_path / "sscorpus.qdpx"
    dataset = dataset_of(corpus)
    findings = FORMAT.write(dataset, target)
    # the declaration, Project, Users with one line per user, CodeBook, Codes, then the Code
    line = 3 + len({f.annotator for f in dataset.layers.files}) + 4
    assert [(f.code, f.path, f.line) for f in findings] == [("export.qdpx-schema", target / "project.qde", line)]
    assert not target.exists()


def test_qdpx_is_an_interchange_format() -> None:
    assert FORMATS["qdpx"] is FORMAT and FORMAT.file_name == "sscorpus.qdpx"


# -- reading back the export -------------------------------------------------------------------


def _expected_selections(dataset: Dataset) -> Counter[tuple[object, ...]]:
    found: Counter[tuple[object, ...]] = Counter()
    for f in dataset.layers.files:
        for m in f.mentions:
            assert m.span is not None
            note = (("note", m.note),) if m.note else ()
            found[(f.document, f.annotator, m.span.pieces, (f"{m.entity_type}/{m.entity_id}",), note)] += 1
        for m in f.not_mentions:
            assert m.span is not None
            note = (("note", m.note),) if m.note else ()
            found[(f.document, f.annotator, m.span.pieces, ("not_mention",), note)] += 1
        for c in f.claims:
            assert c.span is not None and c.id is not None
            fields = {"id": c.id, "hedged": str(c.hedged).lower()}
            fields |= {"speaker": c.speaker.id} if c.speaker else {}
            fields |= {"note": c.note} if c.note else {}
            found[(f.document, f.annotator, c.span.pieces, (f"claim/{c.kind}",), tuple(sorted(fields.items())))] += 1
        for e in f.evidence:
            assert e.span is not None and e.id is not None
            fields = {"id": e.id, **({"source": e.cited} if e.cited else {}), **({"note": e.note} if e.note else {})}
            found[(f.document, f.annotator, e.span.pieces, (f"evidence/{e.kind}",), tuple(sorted(fields.items())))] += 1
    return found


def _expected_relations(dataset: Dataset) -> list[tuple[str, str, str, str, str]]:
    """(document, annotator, from id, relation path, target), in the order of each file."""
    found = []
    for f in dataset.layers.files:
        for c in f.claims:
            assert c.id is not None
            found += [
                (f.document, f.annotator, c.id, f"about/{a.stance}", f"{a.target.expected}/{a.target.id}")
                for a in c.about
            ]
            if c.speaker:
                found.append((f.document, f.annotator, c.id, "speaker", f"actor/{c.speaker.id}"))
        for e in f.evidence:
            assert e.id is not None
            found += [(f.document, f.annotator, e.id, relation, ref.id) for relation, ref in e.relations()]
    return found


def read_back(corpus: CorpusDir | Dataset, tmp_path: Path) -> tuple[Dataset, ForeignProject]:
    dataset = dataset_of(corpus) if isinstance(corpus, CorpusDir) else corpus
    project = FORMAT.read(export(dataset, tmp_path / "sscorpus.qdpx"))
    assert project.findings == []
    return dataset, project


@pytest.mark.parametrize("enriched", [False, True])
def test_the_reader_gives_back_every_selection_code_and_relation_of_the_export(
    corpus: CorpusDir, tmp_path: Path, enriched: bool
) -> None:
    if enriched:
        enrich(corpus)
    dataset, project = read_back(corpus, tmp_path)
    # the codebook: every code, its label, its path and its parents' labels
    tree = list(codes(dataset.schemas, dataset.corpus))
    labels = {code.path: code.label for code in tree}
    expected = {(code.path, code.label, (labels[code.parent],) if code.parent else ()) for code in tree}
    if "not_mention" not in labels:  # the writer adds it where the tree has none
        expected.add(("not_mention", "not a mention", ()))
    assert {(c.path, c.name, c.parents) for c in project.codes.values()} == expected
    path_of = {c.id: c.path for c in project.codes.values()}
    # the texts, by document id
    assert project.texts == {d.id: d.text for d in dataset.corpus.documents.values()}
    # every selection, a discontinuous one with all its pieces, its quoted text the corpus's
    got = Counter(
        (s.document, s.creator, s.pieces, tuple(path_of[c] for c in s.codes), tuple(sorted(s.fields.items())))
        for s in project.selections
    )
    assert got == _expected_selections(dataset)
    assert any(len(s.pieces) > 1 for s in project.selections)
    for s in project.selections:
        text = project.texts[s.document]
        assert s.quoted == " ".join(text[a:b] for a, b in s.pieces)
    # every relation, about links in their order
    by_id = {s.id: s for s in project.selections}
    relations = []
    for r in project.relations:
        origin = by_id[r.source]
        target = path_of[r.target] if r.target_is_code else by_id[r.target].fields["id"]
        relations.append((origin.document, origin.creator, origin.fields["id"], path_of[r.code], target))
    assert relations == _expected_relations(dataset)


def test_the_repository_corpus_reads_back_whole(tmp_path: Path) -> None:
    dataset, project = read_back(repository_dataset(), tmp_path)
    path_of = {c.id: c.path for c in project.codes.values()}
    got = Counter(
        (s.document, s.creator, s.pieces, tuple(path_of[c] for c in s.codes), tuple(sorted(s.fields.items())))
        for s in project.selections
    )
    assert got == _expected_selections(dataset)
    assert len(project.relations) == len(_expected_relations(dataset))


# -- a project as MAXQDA writes it ---------------------------------------------------------------

MAXQDA_TEXT = f"Brazil and India met.\r\nThe {ASTRAL} agenda: trade and South-South cooperation.\r\n"
AGENDA = "agenda: trade and South-South cooperation"
#: where the agenda starts in code points (after a CRLF and a character outside the BMP)
AGENDA_START = MAXQDA_TEXT.index(AGENDA)
USER = "1B2C3D4E-0000-4000-8000-000000000001"
TEXT_GUID = "7D1F5A3E-26C4-4D2A-9C1B-1A2B3C4D5E6F"
MAXQDA_QDE = f"""\
<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
name="Cooperation" origin="MAXQDA 2022 (Release 22.7.0)" creatingUserGUID="{USER}" \
creationDateTime="2024-03-01T10:00:00Z">
  <Users>
    <User guid="{USER}" name="Jane Doe"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="C0DE0000-0000-4000-8000-000000000001" name="Actors" isCodable="true" color="#FF0000">
        <Code guid="C0DE0000-0000-4000-8000-000000000002" name="Brazil" isCodable="true" color="#FF0000"/>
      </Code>
      <Code guid="C0DE0000-0000-4000-8000-000000000003" name="Claims" isCodable="true">
        <Description>What the text argues</Description>
        <Code guid="C0DE0000-0000-4000-8000-000000000004" name="evaluative" isCodable="true"/>
      </Code>
      <Code guid="C0DE0000-0000-4000-8000-000000000005" name="Interesting" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="50C00000-0000-4000-8000-000000000001" name="meeting.txt" \
plainTextPath="internal://{TEXT_GUID}.txt" creatingUser="{USER}">
      <PlainTextSelection guid="5E100000-0000-4000-8000-000000000001" name="Brazil" startPosition="0" \
endPosition="6" creatingUser="{USER}" creationDateTime="2024-03-01T10:05:00Z">
        <Coding guid="C0D10000-0000-4000-8000-000000000001" creatingUser="{USER}">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000002"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="5E100000-0000-4000-8000-000000000002" name="{AGENDA}" \
startPosition="{AGENDA_START}" endPosition="{AGENDA_START + len(AGENDA)}" creatingUser="{USER}">
        <Description>the main point</Description>
        <Coding guid="C0D10000-0000-4000-8000-000000000002" creatingUser="{USER}">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000004"/>
        </Coding>
        <Coding guid="C0D10000-0000-4000-8000-000000000003" creatingUser="{USER}">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000005"/>
        </Coding>
        <NoteRef targetGUID="A0E70000-0000-4000-8000-000000000001"/>
      </PlainTextSelection>
      <PlainTextSelection guid="5E100000-0000-4000-8000-000000000003" name="India meets" startPosition="11" \
endPosition="16" creatingUser="{USER}">
        <Coding guid="C0D10000-0000-4000-8000-000000000004" creatingUser="{USER}">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000005"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="A0E70000-0000-4000-8000-000000000001" name="Memo" \
creatingUser="{USER}">
      <PlainTextContent>check with the minutes</PlainTextContent>
    </Note>
  </Notes>
  <Links>
    <Link guid="11AC0000-0000-4000-8000-000000000001" name="about" direction="OneWay" \
originGUID="5E100000-0000-4000-8000-000000000002" targetGUID="C0DE0000-0000-4000-8000-000000000002"/>
  </Links>
</Project>
"""


def maxqda_file(path: Path, qde_text: str = MAXQDA_QDE, text: bytes = MAXQDA_TEXT.encode("utf-8")) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde_text.encode("utf-8"))
        archive.writestr(f"sources/{TEXT_GUID}.txt", text)
    return path


def test_a_project_written_as_maxqda_writes_it_reads_into_the_expected_project(tmp_path: Path) -> None:
    xsd().validate(MAXQDA_QDE)
    path = maxqda_file(tmp_path / "maxqda.qdpx")
    project = FORMAT.read(path)
    qde = path / "project.qde"
    lines = MAXQDA_QDE.splitlines()

    def at(fragment: str) -> tuple[Path, int, int]:
        line = next(i for i, text in enumerate(lines, 1) if fragment in text)
        return (qde, line, lines[line - 1].index("<") + 1)

    assert project.findings == []
    assert project.texts == {"meeting.txt": MAXQDA_TEXT}
    assert {c.id: (c.name, c.parents, c.path, c.description, tuple(c.where)) for c in project.codes.values()} == {
        "C0DE0000-0000-4000-8000-000000000001": ("Actors", (), None, None, (*at('name="Actors"'), "")),
        "C0DE0000-0000-4000-8000-000000000002": ("Brazil", ("Actors",), None, None, (*at('name="Brazil"'), "")),
        "C0DE0000-0000-4000-8000-000000000003": ("Claims", (), None, "What the text argues", (*at('"Claims"'), "")),
        "C0DE0000-0000-4000-8000-000000000004": ("evaluative", ("Claims",), None, None, (*at('"evaluative"'), "")),
        "C0DE0000-0000-4000-8000-000000000005": ("Interesting", (), None, None, (*at('"Interesting"'), "")),
        "link:about": ("about", (), None, None, (*at("<Link guid"), "")),
    }
    creator = "Jane Doe"
    # positions are code points: UTF-16 would put the agenda one unit later
    assert len(MAXQDA_TEXT[:AGENDA_START].encode("utf-16-le")) // 2 == AGENDA_START + 1
    assert [(s.id, s.document, s.pieces, s.codes, s.quoted, s.creator, dict(s.fields)) for s in project.selections] == [
        (
            "5E100000-0000-4000-8000-000000000001",
            "meeting.txt",
            ((0, 6),),
            ("C0DE0000-0000-4000-8000-000000000002",),
            "Brazil",
            creator,
            {},
        ),
        (
            "5E100000-0000-4000-8000-000000000002",
            "meeting.txt",
            ((AGENDA_START, AGENDA_START + len(AGENDA)),),
            ("C0DE0000-0000-4000-8000-000000000004", "C0DE0000-0000-4000-8000-000000000005"),
            AGENDA,
            creator,
            {"note": "the main point\n\ncheck with the minutes"},
        ),
        # its name no longer matches the text there ('India'): the importer decides, the reader keeps both
        (
            "5E100000-0000-4000-8000-000000000003",
            "meeting.txt",
            ((11, 16),),
            ("C0DE0000-0000-4000-8000-000000000005",),
            "India meets",
            creator,
            {},
        ),
    ]
    assert project.selections[1].where == (qde, *at('000000000002" name="agenda')[1:], "")
    assert project.relations == [
        ForeignRelation(
            "11AC0000-0000-4000-8000-000000000001",
            "link:about",
            "5E100000-0000-4000-8000-000000000002",
            "C0DE0000-0000-4000-8000-000000000002",
            project.relations[0].where,
            target_is_code=True,
        )
    ]
    assert tuple(project.relations[0].where)[:3] == at("<Link guid")


# -- broken files ---------------------------------------------------------------------------------


def _located(project: ForeignProject) -> list[tuple[str, str, int, int]]:
    return [(f.code, Path(f.path).name, f.line, f.column) for f in project.findings]


def test_a_file_that_is_no_zip_is_reported_at_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.qdpx"
    path.write_bytes(b"<Project/>")
    assert _located(FORMAT.read(path)) == [("import.qdpx-unreadable", "broken.qdpx", 0, 0)]
    with zipfile.ZipFile(empty := tmp_path / "empty.qdpx", "w") as archive:
        archive.writestr("other.xml", b"<x/>")
    assert _located(FORMAT.read(empty)) == [("import.qdpx-unreadable", "empty.qdpx", 0, 0)]
    assert _located(FORMAT.read(tmp_path / "missing.qdpx")) == [("import.qdpx-unreadable", "missing.qdpx", 0, 0)]


def test_xml_that_is_not_well_formed_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    broken = MAXQDA_QDE.replace(
        '<Code guid="C0DE0000-0000-4000-8000-000000000005" name="Interesting" isCodable="true"/>',
        '<Code guid="x" name="Interesting" isCodable="true">',
    )
    project = FORMAT.read(maxqda_file(tmp_path / "broken.qdpx", broken))
    [finding] = project.findings
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if text.strip() == "</Codes>")
    assert (finding.code, finding.path, finding.line) == (
        "import.qdpx-unreadable",
        tmp_path / "broken.qdpx" / "project.qde",
        line,
    )
    assert finding.column > 0
    assert project.selections == [] and project.codes == {}


def test_an_element_that_cannot_be_read_is_reported_at_its_line_and_column_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    broken = MAXQDA_QDE.replace('startPosition="11"', 'startPosition="eleven"')
    project = FORMAT.read(maxqda_file(tmp_path / "bad.qdpx", broken))
    lines = broken.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if 'startPosition="eleven"' in text)
    # the start tag begins on the line before the attribute's (the element is written over two lines)
    tag_line = line - 1 if "<PlainTextSelection" not in lines[line - 1] else line
    assert _located(project) == [("import.qdpx-invalid", "project.qde", tag_line, lines[tag_line - 1].index("<") + 1)]
    assert [s.id[-1] for s in project.selections] == ["1", "2"]
    # a source whose text member is missing: its selections are not read, the codes are
    missing = FORMAT.read(
        maxqda_file(tmp_path / "missing.qdpx", MAXQDA_QDE.replace(TEXT_GUID, "0" * 8 + TEXT_GUID[8:]))
    )
    assert [f.code for f in missing.findings] == ["import.qdpx-invalid"] and missing.selections == []
    assert len(missing.codes) == 6
    # a text that is not UTF-8
    latin = FORMAT.read(maxqda_file(tmp_path / "latin.qdpx", text="São Paulo".encode("latin-1")))
    assert [f.code for f in latin.findings] == ["import.qdpx-invalid"]


def test_a_source_that_is_no_text_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    picture = '    <PictureSource guid="9C000000-0000-4000-8000-000000000001" name="photo" path="internal://x.jpg"/>\n'
    with_picture = MAXQDA_QDE.replace("  </Sources>\n", picture + "  </Sources>\n")
    xsd().validate(with_picture)
    project = FORMAT.read(maxqda_file(tmp_path / "picture.qdpx", with_picture))
    line = next(i for i, text in enumerate(with_picture.splitlines(), 1) if "<PictureSource" in text)
    assert _located(project) == [("import.qdpx-unsupported", "project.qde", line, 5)]
    assert len(project.selections) == 3


def test_codings_by_another_coder_are_that_coders_selection(tmp_path: Path) -> None:
    """A team's merged project: one selection coded by two users is read as
    each user's selection, with that user's codes."""
    other = "1B2C3D4E-0000-4000-8000-000000000002"
    qde_text = MAXQDA_QDE.replace(
        f'    <User guid="{USER}" name="Jane Doe"/>\n',
        f'    <User guid="{USER}" name="Jane Doe"/>\n    <User guid="{other}" name="Ken Roe"/>\n',
    ).replace(
        '<Coding guid="C0D10000-0000-4000-8000-000000000003" creatingUser="' + USER,
        '<Coding guid="C0D10000-0000-4000-8000-000000000003" creatingUser="' + other,
    )
    assert qde_text.count(other) == 2
    xsd().validate(qde_text)
    project = FORMAT.read(maxqda_file(tmp_path / "team.qdpx", qde_text))
    assert project.findings == []
    agenda = [(s.id, s.creator, s.codes) for s in project.selections if s.quoted == AGENDA]
    selection = "5E100000-0000-4000-8000-000000000002"
    assert agenda == [
        (selection, "Jane Doe", ("C0DE0000-0000-4000-8000-000000000004",)),
        (f"{selection}/{other}", "Ken Roe", ("C0DE0000-0000-4000-8000-000000000005",)),
    ]


def test_a_coding_that_no_text_passage_holds_is_reported_at_its_line(tmp_path: Path) -> None:
    whole = (
        f'      <Coding guid="C0D10000-0000-4000-8000-0000000000AA" creatingUser="{USER}">\n'
        '        <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000005"/>\n'
        "      </Coding>\n"
    )
    qde_text = MAXQDA_QDE.replace("    </TextSource>\n", whole + "    </TextSource>\n")
    xsd().validate(qde_text)
    project = FORMAT.read(maxqda_file(tmp_path / "whole.qdpx", qde_text))
    line = next(i for i, text in enumerate(qde_text.splitlines(), 1) if "0000000000AA" in text)
    assert _located(project) == [("import.qdpx-unsupported", "project.qde", line, 7)]
    assert len(project.selections) == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"id": "c1", "hedged": "false"},
        {"id": "e1", "source": 'two\nlines, "quoted"'},
        {"source": " spaced "},
        {"source": '"starts with a quote'},
        {"speaker": "south-africa", "hedged": "true"},
    ],
)
def test_selection_fields_read_back_as_written(fields: dict[str, str]) -> None:
    assert refi.decode_fields(refi.encode_fields(fields)) == fields


@pytest.mark.parametrize("description", ["the main point", "id: c1\nand a remark", "colour: red", ""])
def test_a_description_another_tool_wrote_is_no_fields(description: str) -> None:
    assert refi.decode_fields(description) is None


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE Project [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
    declaration = '<?xml version="1.0" encoding="utf-8"?>\n'
    qde_text = MAXQDA_QDE.replace(declaration, declaration + doctype).replace('name="Interesting"', 'name="&leak;"')
    project = FORMAT.read(maxqda_file(tmp_path / "xxe.qdpx", qde_text))
    line = next(i for i, text in enumerate(qde_text.splitlines(), 1) if "&leak;" in text)
    assert [(f.code, f.line) for f in project.findings] == [("import.qdpx-unreadable", line)]
    assert not any("TOPSECRET" in c.name for c in project.codes.values())
