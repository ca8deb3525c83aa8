"""INCEpTION / UIMA CAS XMI: the export loads with dkpro-cassis (the UIMA
library of the INCEpTION ecosystem) with every annotation, its features and
its offsets; the same bytes every time; the reader gives back what the
writer wrote, and reads a file written as INCEpTION writes it; a broken file
gives located findings."""

from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cassis import Cas, load_cas_from_xmi, load_typesystem

import sscorpus
from built import repository_checked, repository_dataset
from conftest import ESSAY_FILE, CorpusDir
from sscorpus import Checked
from sscorpus.corpus.model import AnnotationFile, Corpus
from sscorpus.dataset.dataset import build
from sscorpus.interchange.codebook import meaning
from sscorpus.interchange.foreign import ForeignProject
from sscorpus.interchange.formats import FORMATS

XMI = FORMATS["xmi"]
MATHEMATICAL_A = "\U0001d49c"  # 𝒜, outside the Basic Multilingual Plane: two UTF-16 units

#: a text with a character outside the BMP before, inside and after annotations
ASTRAL_TEXT = (
    f"{MATHEMATICAL_A} South Africa and the WTO.\n\n"
    f"The {MATHEMATICAL_A}-team argued that policy space matters, and South Africa agreed.\n\n"
    "This is a claim in two parts, and the second part here.\n\n"
    f"A report by {MATHEMATICAL_A} found it.\n\n"
    "Diffuse, as ever, reciprocity.\n"
)

ASTRAL_ANNOTATIONS = f"""\
document: astral
annotator: b
note: a layer with everything
mentions:
  - actor: south-africa
    quote: South Africa
    occurrence: 1
  - institution: wto
    quote: WTO
    note: "the {MATHEMATICAL_A} note"
  - principle: diffuse-reciprocity
    pieces:
      - quote: Diffuse
      - quote: reciprocity
not_mentions:
  - quote: South Africa
    occurrence: 2
    note: not the state here
claims:
  - id: x1
    quote: The {MATHEMATICAL_A}-team argued that policy space matters
    kind: evaluative
    hedged: true
    speaker: india-mea
    note: a note
    about:
      - principle: policy-space
        stance: endorses
      - actor: south-africa
        stance: neutral
  - id: x2
    pieces:
      - quote: This is a claim in two parts
      - quote: the second part here
    kind: descriptive
evidence:
  - id: y1
    quote: A report by {MATHEMATICAL_A} found it
    kind: document
    source: "{MATHEMATICAL_A} report"
    supports: [x1]
    challenges: [x2]
"""


def add_astral_document(corpus: CorpusDir) -> None:
    raw = corpus.write("texts/astral.txt", ASTRAL_TEXT).read_bytes()
    corpus.write(
        "texts/catalog.yaml",
        corpus.read("texts/catalog.yaml")
        + f"""\
  - id: astral
    title: "A text beyond the {MATHEMATICAL_A}BMP"
    authors: []
    kind: essay
    language: en
    default_speaker: philani-mthembu
    text: astral.txt
    sha256: {hashlib.sha256(raw).hexdigest()}
    characters: {len(ASTRAL_TEXT)}
    provenance: {{source_file: tests, start: 0, end: {len(ASTRAL_TEXT)}}}
""",
    )
    corpus.write("annotations/b/astral.yaml", ASTRAL_ANNOTATIONS)


@pytest.fixture
def astral(corpus: CorpusDir) -> CorpusDir:
    add_astral_document(corpus)
    return corpus


def _checked(root: Path) -> Checked:
    checked = sscorpus.check(root)
    assert not checked.report.errors, checked.report.errors
    return checked


def _export(root: Path, out: Path) -> tuple[Checked, Path]:
    checked = _checked(root)
    path = out / XMI.file_name
    assert XMI.write(build(checked), path) == []
    return checked, path


def _cases(path: Path) -> Iterator[tuple[str, bytes, Cas]]:
    """Each XMI member, its bytes, and its CAS loaded by cassis against the
    TypeSystem.xml beside it."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xmi"):
                folder = name.rsplit("/", 1)[0]
                system = load_typesystem(io.BytesIO(archive.read(f"{folder}/TypeSystem.xml")))
                data = archive.read(name)
                yield name, data, load_cas_from_xmi(io.BytesIO(data), typesystem=system)


# -- what the model holds, as plain values ------------------------------------------------


def _expected_spans(file: AnnotationFile) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for name, mentions in (("Mention", file.mentions), ("NotMention", file.not_mentions)):
        for mention in mentions:
            assert mention.span is not None
            for begin, end in mention.span.pieces:
                found.append((name, begin, end, mention.entity_id, mention.entity_type, mention.note))
    for claim in file.claims:
        assert claim.span is not None
        for begin, end in claim.span.pieces:
            speaker = claim.speaker.id if claim.speaker else None
            found.append(("Claim", begin, end, claim.id, claim.kind, claim.hedged, speaker, claim.note))
    for evidence in file.evidence:
        assert evidence.span is not None
        for begin, end in evidence.span.pieces:
            found.append(("Evidence", begin, end, evidence.id, evidence.kind, evidence.cited, evidence.note))
    return sorted(found, key=repr)


def _loaded_spans(cas: Cas) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for name in ("Mention", "NotMention"):
        for fs in cas.select(f"webanno.custom.{name}"):
            found.append((name, fs.begin, fs.end, fs.entity, fs.entityType, fs.note))
    for fs in cas.select("webanno.custom.Claim"):
        found.append(("Claim", fs.begin, fs.end, fs.id, fs.kind, bool(fs.hedged), fs.speaker, fs.note))
    for fs in cas.select("webanno.custom.Evidence"):
        found.append(("Evidence", fs.begin, fs.end, fs.id, fs.kind, fs.source, fs.note))
    return sorted(found, key=repr)


def _assert_cas_holds(cas: Cas, file: AnnotationFile, corpus: Corpus) -> None:
    document = corpus.documents[file.document]
    assert cas.sofa_string == document.text
    metadata = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    assert [(m.documentId, m.documentTitle) for m in metadata] == [(document.id, document.title)]
    assert [(f.annotator, f.note) for f in cas.select("org.sscorpus.type.AnnotationFile")] == [
        (file.annotator, file.note)
    ]
    assert _loaded_spans(cas) == _expected_spans(file)
    text = document.text or ""
    for fs in cas.select("uima.tcas.Annotation"):
        assert fs.get_covered_text() == text[fs.begin : fs.end]
    # the pieces of each claim, in order, sharing its id
    for claim in file.claims:
        assert claim.span is not None
        pieces = sorted(
            (fs.piece, fs.pieces, fs.begin, fs.end) for fs in cas.select("webanno.custom.Claim") if fs.id == claim.id
        )
        count = len(claim.span.pieces)
        numbered = [(n, count, b, e) for n, (b, e) in enumerate(claim.span.pieces, start=1)]
        assert pieces == (numbered if count > 1 else [(None, None, *claim.span.pieces[0])])
    # about links in order, to a mention of the entity (or the claim itself), with the entity and stance
    abouts = sorted(cas.select("webanno.custom.About"), key=lambda fs: fs.xmiID)
    assert [(a.Governor.id, a.entity, a.entityType, a.stance) for a in abouts] == [
        (claim.id, link.target.id, link.target.expected, link.stance) for claim in file.claims for link in claim.about
    ]
    for about in abouts:
        dependent = about.Dependent
        assert dependent.type.name in ("webanno.custom.Mention", "webanno.custom.Claim")
        if dependent.type.name == "webanno.custom.Mention":
            assert dependent.entity == about.entity
        else:
            assert dependent is about.Governor
            assert about.entity not in {m.entity_id for m in file.mentions}
    links = sorted(cas.select("webanno.custom.EvidenceLink"), key=lambda fs: fs.xmiID)
    assert [(link.Governor.id, link.relation, link.Dependent.id) for link in links] == [
        (evidence.id, relation, ref.id) for evidence in file.evidence for relation, ref in evidence.relations()
    ]


def _assert_export_holds_everything(checked: Checked, path: Path) -> None:
    files = {(f.annotator, f.document): f for f in checked.corpus.files}
    seen = set()
    for name, _data, cas in _cases(path):
        annotator, document = name.removesuffix(".xmi").split("/")
        _assert_cas_holds(cas, files[(annotator, document)], checked.corpus)
        seen.add((annotator, document))
    assert seen == set(files)


def test_the_export_loads_with_cassis_and_holds_every_annotation(astral: CorpusDir, tmp_path: Path) -> None:
    checked, path = _export(astral.root, tmp_path)
    _assert_export_holds_everything(checked, path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    # a folder per layer, the type system beside its XMI files, in a fixed order
    assert names == sorted(names, key=lambda n: (n.split("/")[0], n.split("/")[1] != "TypeSystem.xml", n))
    assert {n for n in names if n.endswith("TypeSystem.xml")} == {f"{a}/TypeSystem.xml" for a in ("a", "b")}


def test_the_export_of_the_repository_corpus_loads_with_cassis(tmp_path: Path) -> None:
    path = tmp_path / XMI.file_name
    assert XMI.write(repository_dataset(), path) == []
    _assert_export_holds_everything(repository_checked(), path)


def test_offsets_are_utf16_units_in_the_file_and_code_points_in_python(astral: CorpusDir, tmp_path: Path) -> None:
    checked, path = _export(astral.root, tmp_path)
    (data,) = [data for name, data, _cas in _cases(path) if name == "b/astral.xmi"]
    claim = next(c for f in checked.corpus.files if f.document == "astral" for c in f.claims if c.id == "x1")
    assert claim.span is not None
    ((begin, end),) = claim.span.pieces
    written = re.search(rb'<custom:Claim [^>]*\bbegin="(\d+)" end="(\d+)"', data)
    assert written is not None
    # two characters outside the BMP before the claim, one inside: each is two UTF-16 units
    before = ASTRAL_TEXT[:begin].count(MATHEMATICAL_A)
    inside = ASTRAL_TEXT[begin:end].count(MATHEMATICAL_A)
    assert (before, inside) == (1, 1)
    assert (int(written.group(1)), int(written.group(2))) == (begin + before, end + before + inside)


def test_the_same_corpus_gives_the_same_bytes(astral: CorpusDir, tmp_path: Path) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _, one = _export(astral.root, first)
    _, two = _export(astral.root, second)
    assert one.read_bytes() == two.read_bytes()


# -- the reader gives back the export ------------------------------------------------------


def _expected_project(corpus: Corpus) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(selections, relations) as plain values, from the model: a selection
    by (document, creator, pieces, codes, fields), a relation by (code,
    source, target) with a selection named by (document, creator, id)."""
    selections: list[tuple[Any, ...]] = []
    relations: list[tuple[Any, ...]] = []
    for file in sorted(corpus.files, key=lambda f: (f.annotator, f.document)):
        key = (file.document, file.annotator)
        for mentions, not_mention in ((file.mentions, False), (file.not_mentions, True)):
            for mention in mentions:
                assert mention.span is not None
                fields = {"note": mention.note} if mention.note else {}
                code = ("not_mention",) if not_mention else (f"{mention.entity_type}/{mention.entity_id}",)
                selections.append((*key, mention.span.pieces, code, fields))
        for claim in file.claims:
            assert claim.span is not None
            assert claim.id is not None and claim.kind is not None
            fields = {"id": claim.id, "kind": claim.kind, "hedged": "true" if claim.hedged else "false"}
            fields |= {"note": claim.note} if claim.note else {}
            fields |= {"speaker": claim.speaker.id} if claim.speaker else {}
            selections.append((*key, claim.span.pieces, (f"claim/{claim.kind}",), fields))
            for link in claim.about:
                relations.append((f"about/{link.stance}", (*key, claim.id), f"{link.target.expected}/{link.target.id}"))
        for evidence in file.evidence:
            assert evidence.span is not None
            assert evidence.id is not None and evidence.kind is not None
            fields = {"id": evidence.id, "kind": evidence.kind}
            fields |= {"source": evidence.cited} if evidence.cited else {}
            fields |= {"note": evidence.note} if evidence.note else {}
            selections.append((*key, evidence.span.pieces, (f"evidence/{evidence.kind}",), fields))
            for relation, ref in evidence.relations():
                relations.append((relation, (*key, evidence.id), (*key, ref.id)))
    return selections, relations


def _read_back(project: ForeignProject) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    by_id = {s.id: s for s in project.selections}
    selections = [(s.document, s.creator, s.pieces, s.codes, dict(s.fields)) for s in project.selections]

    def named(selection_id: str) -> tuple[Any, ...]:
        found = by_id[selection_id]
        return (found.document, found.creator, found.fields["id"])

    relations = [
        (r.code, named(r.source), r.target if r.target_is_code else named(r.target)) for r in project.relations
    ]
    return selections, relations


def test_the_reader_gives_back_the_export(astral: CorpusDir, tmp_path: Path) -> None:
    checked, path = _export(astral.root, tmp_path)
    project = XMI.read(path)
    assert project.findings == []
    assert project.format == "xmi"
    assert _read_back(project) == _expected_project(checked.corpus)
    assert project.texts == {
        d.id: d.text
        for d in checked.corpus.documents.values()
        if d.id in {"astral", *(f.document for f in checked.corpus.files)}
    }
    # every code of sscorpus's layers is a path of the codebook, and means something there
    for code in project.codes.values():
        assert code.path == code.id
        assert meaning(code.id, checked.schemas, checked.corpus) is not None, code.id
    # a discontinuous claim comes back as one selection of two pieces
    (x2,) = [s for s in project.selections if s.fields.get("id") == "x2"]
    assert len(x2.pieces) == 2


# -- a file written as INCEpTION writes it ---------------------------------------------------

#: the text as the INCEpTION project holds it: it no longer says "Washington"
#: but "Washington DC" (a selection whose text differs from the corpus's),
#: and a character outside the BMP
FOREIGN_TEXT = f"India-US 2+2 {MATHEMATICAL_A} Intersessional Dialogue was held in Washington DC. It went well."

#: the type system of an INCEpTION project with a span layer and a relation layer of its own
FOREIGN_TYPESYSTEM = """\
<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">
  <types>
    <typeDescription>
      <name>de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData</name>
      <description/>
      <supertypeName>uima.tcas.DocumentAnnotation</supertypeName>
      <features>
        <featureDescription><name>documentTitle</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>collectionId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentBaseUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>isLastSegment</name><rangeTypeName>uima.cas.Boolean</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence</name>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>id</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token</name>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>id</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>order</name><rangeTypeName>uima.cas.Integer</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>webanno.custom.Argument</name>
      <description>Argument components</description>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>note</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>webanno.custom.ArgumentRelation</name>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>Dependent</name><rangeTypeName>webanno.custom.Argument</rangeTypeName></featureDescription>
        <featureDescription><name>Governor</name><rangeTypeName>webanno.custom.Argument</rangeTypeName></featureDescription>
        <featureDescription><name>label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
  </types>
</typeSystemDescription>
"""


def _utf16(text: str, offset: int) -> int:
    """A code-point offset as UTF-16 units, as UIMA counts it."""
    return len(text[:offset].encode("utf-16-le")) // 2


def _at(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


#: (quote, label, note) of the Argument annotations; "Rebuttal" is a value no map knows
FOREIGN_ARGUMENTS = (
    ("India-US 2+2", "Premise", None),
    (f"{MATHEMATICAL_A} Intersessional Dialogue was held in Washington DC", "Claim", "check the city"),
    ("It went well", "Rebuttal", None),
)


def foreign_xmi(
    *, claim_begin: int | None = None, claim_end: int | None = None, dependent: str = "31", governor: str = "30"
) -> str:
    """An XMI file as INCEpTION's "UIMA CAS XMI (XML 1.0)" export writes it:
    DKPro Core's metadata, sentences and tokens, a layer of the project's
    own, offsets in UTF-16 units."""
    text = FOREIGN_TEXT
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    elements = [
        '<type2:DocumentMetaData xmi:id="1" sofa="12" begin="0" '
        f'end="{_utf16(text, len(text))}" language="en" documentTitle="india-us-2plus2.txt" '
        'documentId="india-us-2plus2" documentUri="file:/srv/inception/india-us-2plus2.txt" '
        'collectionId="project-7" documentBaseUri="file:/srv/inception/" isLastSegment="false"/>',
        f'<type4:Sentence xmi:id="2" sofa="12" begin="0" end="{_utf16(text, len(text))}"/>',
    ]
    for number, (start, end) in enumerate(tokens):
        elements.append(
            f'<type4:Token xmi:id="{100 + number}" sofa="12" begin="{_utf16(text, start)}" end="{_utf16(text, end)}" '
            f'order="{number}"/>'
        )
    for xmi_id, (quote, label, note) in zip((30, 31, 32), FOREIGN_ARGUMENTS, strict=True):
        start, end = _at(text, quote)
        begin_written = claim_begin if claim_begin is not None and label == "Claim" else _utf16(text, start)
        end_written = claim_end if claim_end is not None and label == "Claim" else _utf16(text, end)
        noted = f' note="{note}"' if note else ""
        elements.append(
            f'<custom:Argument xmi:id="{xmi_id}" sofa="12" begin="{begin_written}" end="{end_written}" '
            f'label="{label}"{noted}/>'
        )
    claim_start, claim_stop = _at(text, FOREIGN_ARGUMENTS[1][0])
    governed = f' Governor="{governor}"' if governor else ""
    elements.append(
        f'<custom:ArgumentRelation xmi:id="40" sofa="12" begin="{_utf16(text, claim_start)}" '
        f'end="{_utf16(text, claim_stop)}" Dependent="{dependent}"{governed} label="support"/>'
    )
    members = " ".join(re.findall(r'xmi:id="(\d+)"', " ".join(elements)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xmi:XMI xmlns:tcas="http:///uima/tcas.ecore" xmlns:xmi="http://www.omg.org/XMI" '
        'xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore" '
        'xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" '
        'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">'
        '<cas:NULL xmi:id="0"/>\n' + "\n".join(elements) + "\n"
        f'<cas:Sofa xmi:id="12" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{text}"/>'
        f'<cas:View sofa="12" members="{members}"/></xmi:XMI>\n'
    )


def _zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _inception_zip(tmp_path: Path, xmi: str | None = None) -> Path:
    """A document as INCEpTION exports it: the XMI and the type system in one zip."""
    return _zip(
        tmp_path / "india-us-2plus2.zip",
        {"india-us-2plus2.xmi": xmi or foreign_xmi(), "TypeSystem.xml": FOREIGN_TYPESYSTEM},
    )


def test_an_inception_export_of_a_layer_of_its_own_is_read_as_it_is(tmp_path: Path) -> None:
    project = XMI.read(_inception_zip(tmp_path))
    assert project.findings == []
    assert project.texts == {"india-us-2plus2": FOREIGN_TEXT}
    argument = "webanno.custom.Argument"
    # tokens, sentences and the metadata are no selections; each argument is one, in code points
    assert [(s.document, s.pieces, s.codes, dict(s.fields), s.creator) for s in project.selections] == [
        ("india-us-2plus2", (_at(FOREIGN_TEXT, quote),), (argument, f"{argument}:label={label}"), fields, None)
        for quote, label, note in FOREIGN_ARGUMENTS
        for fields in [{"note": note} if note else {}]
    ]
    premise, claim, _rebuttal = project.selections
    # the claim's text is not the corpus's ("Washington DC"): the reader keeps the file's text
    assert FOREIGN_TEXT[slice(*claim.pieces[0])].endswith("Washington DC")
    assert [(r.code, r.source, r.target, r.target_is_code) for r in project.relations] == [
        ("webanno.custom.ArgumentRelation:label=support", premise.id, claim.id, False)
    ]
    # the codes: the layer, each value of its features (an unmapped one too), none with a path
    rebuttal = project.codes[f"{argument}:label=Rebuttal"]
    assert (rebuttal.name, rebuttal.parents, rebuttal.path) == ("Rebuttal", ("Argument", "label"), None)
    assert set(project.codes) == {
        argument,
        *(f"{argument}:label={label}" for _, label, _ in FOREIGN_ARGUMENTS),
        "webanno.custom.ArgumentRelation:label=support",
    }
    assert all(code.path is None for code in project.codes.values())
    # each selection is located at its element in the file
    lines = foreign_xmi().splitlines()
    assert [s.where.line for s in project.selections] == [
        next(i for i, line in enumerate(lines, 1) if f'xmi:id="{xmi_id}"' in line) for xmi_id in (30, 31, 32)
    ]


def test_a_single_xmi_with_its_typesystem_beside_it_reads_the_same(tmp_path: Path) -> None:
    from_zip = XMI.read(_inception_zip(tmp_path))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "typesystem.xml").write_text(FOREIGN_TYPESYSTEM, encoding="utf-8")
    single = folder / "india-us-2plus2.xmi"
    single.write_text(foreign_xmi(), encoding="utf-8")
    from_file = XMI.read(single)
    assert from_file.findings == []
    assert from_file.texts == from_zip.texts

    def plain(project: ForeignProject) -> list[tuple[Any, ...]]:
        return [(s.pieces, s.codes, dict(s.fields)) for s in project.selections]

    assert plain(from_file) == plain(from_zip)
    assert {s.where.path for s in from_file.selections} == {single}


# -- broken files ---------------------------------------------------------------------------


def _codes_and_lines(project: ForeignProject) -> list[tuple[str, int]]:
    return sorted((f.code, f.line) for f in project.findings)


def _line_of(xmi: str, needle: str) -> int:
    return next(i for i, line in enumerate(xmi.splitlines(), 1) if needle in line)


def test_a_file_that_is_no_zip_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    project = XMI.read(path)
    assert _codes_and_lines(project) == [("xmi.unreadable", 0)]
    assert project.findings[0].path == path


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    project = XMI.read(tmp_path / "nowhere.zip")
    assert _codes_and_lines(project) == [("xmi.unreadable", 0)]


def test_truncated_xml_is_a_finding_at_its_line(tmp_path: Path) -> None:
    xmi = foreign_xmi()
    cut = xmi[: xmi.index('<custom:Argument xmi:id="31"') + 20]
    project = XMI.read(_inception_zip(tmp_path, cut))
    assert _codes_and_lines(project) == [("xmi.unreadable", len(cut.splitlines()))]
    assert project.findings[0].path == tmp_path / "india-us-2plus2.zip" / "india-us-2plus2.xmi"


def test_an_xmi_without_a_typesystem_is_a_finding(tmp_path: Path) -> None:
    project = XMI.read(_zip(tmp_path / "x.zip", {"docs/india-us-2plus2.xmi": foreign_xmi()}))
    assert _codes_and_lines(project) == [("xmi.no-typesystem", 0)]
    assert project.selections == []


def test_a_typesystem_that_is_not_one_is_a_finding(tmp_path: Path) -> None:
    members: dict[str, str | bytes] = {"a.xmi": foreign_xmi(), "TypeSystem.xml": "<types>"}
    project = XMI.read(_zip(tmp_path / "x.zip", members))
    assert [(f.code, f.path.name) for f in project.findings] == [("xmi.unreadable", "TypeSystem.xml")]


def test_a_type_the_typesystem_does_not_know_is_a_finding(tmp_path: Path) -> None:
    xmi = foreign_xmi().replace("custom:ArgumentRelation", "custom:Unknown")
    project = XMI.read(_inception_zip(tmp_path, xmi))
    assert _codes_and_lines(project) == [("xmi.unreadable", 0)]


@pytest.mark.parametrize(
    "offsets",
    [
        {"claim_end": 9999},
        # inside the character beyond the BMP, between its two UTF-16 units
        {"claim_begin": _utf16(FOREIGN_TEXT, FOREIGN_TEXT.index(MATHEMATICAL_A)) + 1},
        {"claim_begin": 50, "claim_end": 40},
    ],
)
def test_an_annotation_beyond_its_text_is_a_finding_at_its_element(tmp_path: Path, offsets: dict[str, int]) -> None:
    xmi = foreign_xmi(claim_begin=offsets.get("claim_begin"), claim_end=offsets.get("claim_end"))
    project = XMI.read(_inception_zip(tmp_path, xmi))
    line = _line_of(xmi, 'xmi:id="31"')
    # the claim is left out, so the relation to it has a loose end
    assert _codes_and_lines(project) == sorted(
        [("xmi.offsets", line), ("xmi.loose-relation", _line_of(xmi, 'xmi:id="40"'))]
    )
    assert [s.codes[1] for s in project.selections] == [
        "webanno.custom.Argument:label=Premise",
        "webanno.custom.Argument:label=Rebuttal",
    ]


def test_a_relation_to_a_token_is_syntax_and_skipped_with_the_tokens(tmp_path: Path) -> None:
    xmi = foreign_xmi(dependent="100")
    typesystem = FOREIGN_TYPESYSTEM.replace(
        "<featureDescription><name>Dependent</name><rangeTypeName>webanno.custom.Argument",
        "<featureDescription><name>Dependent</name><rangeTypeName>uima.tcas.Annotation",
    ).replace(
        "<featureDescription><name>Governor</name><rangeTypeName>webanno.custom.Argument",
        "<featureDescription><name>Governor</name><rangeTypeName>uima.tcas.Annotation",
    )
    project = XMI.read(_zip(tmp_path / "x.zip", {"d.xmi": xmi, "TypeSystem.xml": typesystem}))
    assert project.findings == []
    assert project.relations == []
    assert len(project.selections) == len(FOREIGN_ARGUMENTS)


def test_a_relation_without_a_governor_has_a_loose_end(tmp_path: Path) -> None:
    xmi = foreign_xmi(governor="")
    project = XMI.read(_inception_zip(tmp_path, xmi))
    assert _codes_and_lines(project) == [("xmi.loose-relation", _line_of(xmi, 'xmi:id="40"'))]
    assert project.relations == []


def test_a_discontinuous_claim_missing_a_piece_is_a_finding(astral: CorpusDir, tmp_path: Path) -> None:
    _, path = _export(astral.root, tmp_path)
    with zipfile.ZipFile(path) as archive:
        members: dict[str, str | bytes] = {n: archive.read(n) for n in archive.namelist()}
    data = members["b/astral.xmi"]
    assert isinstance(data, bytes)
    second = re.search(rb'\n *<custom:Claim [^>]*id="x2" piece="2"[^>]*/>', data)
    assert second is not None
    removed = second.group().rsplit(b'xmi:id="', 1)[0]
    xmi_id = re.search(rb'xmi:id="(\d+)"', second.group())
    assert xmi_id is not None
    # the piece goes, and so does its entry among the view's members
    data = data.replace(second.group(), b"")
    data = re.sub(rb'(members="[^"]*)\b' + xmi_id.group(1) + rb"\b ?", rb"\1", data)
    del removed
    members["b/astral.xmi"] = data
    project = XMI.read(_zip(tmp_path / "broken.zip", members))
    first_line = next(i for i, line in enumerate(data.decode().splitlines(), 1) if 'id="x2" piece="1"' in line)
    assert _codes_and_lines(project) == [("xmi.pieces", first_line)]
    (x2,) = [s for s in project.selections if s.fields.get("id") == "x2"]
    assert len(x2.pieces) == 1


# -- what the format cannot hold stops the export --------------------------------------------


def test_a_value_xml_cannot_hold_stops_the_export_where_it_was_written(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit(ESSAY_FILE, "    kind: evaluative\n", '    kind: evaluative\n    note: "a\\vb"\n')
    checked = sscorpus.check(corpus.root)
    path = tmp_path / XMI.file_name
    findings = XMI.write(build(checked), path)
    line = corpus.read(ESSAY_FILE).splitlines().index('    note: "a\\vb"') + 1
    assert [(f.code, f.path.name, f.line) for f in findings] == [("export.xmi-text", Path(ESSAY_FILE).name, line)]
    assert not path.exists()


def test_a_text_xml_cannot_hold_stops_the_export_at_its_character(astral: CorpusDir, tmp_path: Path) -> None:
    text = ASTRAL_TEXT.replace("This is a claim", "This\x0c is a claim")
    raw = astral.write("texts/astral.txt", text).read_bytes()
    catalog = astral.read("texts/catalog.yaml")
    astral.write(
        "texts/catalog.yaml",
        catalog.replace(hashlib.sha256(ASTRAL_TEXT.encode()).hexdigest(), hashlib.sha256(raw).hexdigest()).replace(
            f"characters: {len(ASTRAL_TEXT)}", f"characters: {len(text)}"
        ),
    )
    checked = sscorpus.check(astral.root)
    path = tmp_path / XMI.file_name
    findings = XMI.write(build(checked), path)
    line = text[: text.index("\x0c")].count("\n") + 1
    column = text.index("\x0c") - text.rindex("\n", 0, text.index("\x0c"))
    assert [(f.code, f.path.name, f.line, f.column) for f in findings] == [
        ("export.xmi-text", "astral.txt", line, column)
    ]
    assert not path.exists()


def test_a_claim_layer_of_the_users_own_is_read_as_theirs(tmp_path: Path) -> None:
    """A project's own ``webanno.custom.Claim`` (a likely name) without
    sscorpus's features is a layer like any other: its values are codes."""
    typesystem = FOREIGN_TYPESYSTEM.replace("webanno.custom.Argument", "webanno.custom.Claim").replace(
        "<name>note</name><rangeTypeName>uima.cas.String", "<name>pieces</name><rangeTypeName>uima.cas.String"
    )
    xmi = foreign_xmi().replace("custom:Argument", "custom:Claim").replace(' note="', ' pieces="')
    project = XMI.read(_zip(tmp_path / "x.zip", {"d.xmi": xmi, "TypeSystem.xml": typesystem}))
    assert project.findings == []
    assert [s.codes for s in project.selections] == [
        ("webanno.custom.Claim", f"webanno.custom.Claim:label={label}", *extra)
        for _, label, note in FOREIGN_ARGUMENTS
        for extra in [(f"webanno.custom.Claim:pieces={note}",) if note else ()]
    ]


_JUNK = ("", "-1", "x", "99999", "1 2", "0", "true", "&#1;", MATHEMATICAL_A)


def _mutations(data: str, rng: random.Random) -> Iterator[str]:
    lines = data.splitlines(keepends=True)
    for _ in range(40):
        kind = rng.randrange(4)
        if kind == 0:
            yield data[: rng.randrange(len(data))]
        elif kind == 1:
            values = list(re.finditer(r'="([^"]*)"', data))
            chosen = rng.choice(values)
            yield data[: chosen.start(1)] + rng.choice(_JUNK) + data[chosen.end(1) :]
        elif kind == 2:
            index = rng.randrange(2, len(lines) - 2)
            yield "".join(lines[:index] + lines[index + 1 :])
        else:
            index = rng.randrange(2, len(lines) - 2)
            yield "".join(lines[: index + 1] + lines[index:])


def test_a_mangled_export_gives_findings_never_an_exception(astral: CorpusDir, tmp_path: Path) -> None:
    _, path = _export(astral.root, tmp_path)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n.startswith("b/")}
    rng = random.Random(18)
    for number, mangled in enumerate(_mutations(members["b/astral.xmi"].decode(), rng)):
        broken = _zip(tmp_path / f"m{number}.zip", {**members, "b/astral.xmi": mangled})
        project = XMI.read(broken)
        assert "internal.error" not in {f.code for f in project.findings}, (mangled, project.findings)
        for selection in project.selections:
            text = project.texts[selection.document]
            assert all(0 <= b <= e <= len(text) for b, e in selection.pieces)


def test_an_annotation_without_a_span_stops_the_export_at_it(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit(ESSAY_FILE, "quote: efforts to block a waiver", "quote: efforts to stop a waiver")
    checked = sscorpus.check(corpus.root)
    path = tmp_path / XMI.file_name
    findings = XMI.write(build(checked), path)
    (evidence,) = [e for f in checked.corpus.files for e in f.evidence if e.id == "e1"]
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("export.xmi-unanchored", evidence.where.path, evidence.where.line)
    ]
    assert not path.exists()


def test_an_unzipped_export_reads_as_the_zip(astral: CorpusDir, tmp_path: Path) -> None:
    _, path = _export(astral.root, tmp_path)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    from_folder = XMI.read(folder)
    assert from_folder.findings == []
    assert _read_back(from_folder) == _read_back(XMI.read(path))
    assert {s.where.path.parent.name for s in from_folder.selections} == {"a", "b"}
