"""The W3C Web Annotation export and reader: the W3C's own MUST assertions
on every annotation, page and collection; JSON-LD expansion with the
context kept in the package (the network refused); the same bytes twice;
the reader gives back what the writer wrote; files written as other web
annotation tools write them read into what they say; bad files give located
findings."""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from built import repository_dataset
from conftest import BRIEF, BRIEF_FILE, ESSAY, ESSAY_FILE, REGISTRY_FILE, CorpusDir
from sscorpus import codes
from sscorpus.corpus.model import AnnotationFile, Corpus, Ref
from sscorpus.dataset.dataset import build
from sscorpus.dataset.value import Dataset
from sscorpus.interchange.codebook import ABOUT, Meaning
from sscorpus.interchange.foreign import ForeignProject
from sscorpus.interchange.formats import FORMATS
from sscorpus.interchange.w3c import FORMAT
from sscorpus.interchange.w3c import assertions as w3c_assertions
from sscorpus.interchange.w3c.terms import CONTEXT, text_iri

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
#: the terms of the model an expanded export must use
EXPECTED_TERMS = {
    *(
        OA + term
        for term in (
            "Annotation",
            "hasTarget",
            "hasSource",
            "hasSelector",
            "TextQuoteSelector",
            "TextPositionSelector",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "hasBody",
            "TextualBody",
            "hasPurpose",
            "motivatedBy",
        )
    ),
    AS + "OrderedCollection",
    AS + "OrderedCollectionPage",
    AS + "items",
    "http://purl.org/dc/terms/creator",
}
#: the motivations and purposes (as IRIs) the export uses
EXPECTED_VALUES = {OA + v for v in ("classifying", "identifying", "tagging", "commenting", "describing", "linking")}


# -- helpers ---------------------------------------------------------------------------


def _dataset(corpus: CorpusDir) -> Dataset:
    checked = corpus.check()
    assert not checked.report.errors, checked.report.errors
    return build(checked)


def _export(dataset: Dataset, path: Path) -> Path:
    assert FORMAT.write(dataset, path) == []
    return path


def _collections(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            yield name, json.loads(archive.read(name))


class Offline:
    """A JSON-LD document loader that serves the Web Annotation context from
    the package and refuses everything else."""

    def __init__(self) -> None:
        self.context = json.loads(w3c_assertions.CONTEXT_FILE.read_text(encoding="utf-8"))
        self.asked: list[str] = []

    def __call__(self, url: str, options: object = None) -> dict[str, Any]:
        self.asked.append(url)
        if url == CONTEXT:
            return {"contextUrl": None, "documentUrl": url, "document": self.context}
        raise jsonld.JsonLdError("the network is refused", "loading document failed", {"url": url})


def _terms(node: Any) -> Iterator[str]:
    """Every property, type and IRI value of an expanded JSON-LD graph."""
    if isinstance(node, list):
        for item in node:
            yield from _terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("@type", "@id"):
                yield from value if isinstance(value, list) else [value]
            yield from _terms(value)


def _check_export(path: Path, *, precise: bool) -> tuple[int, set[str]]:
    """Assert every collection, page and annotation passes the MUST
    assertions and every collection expands with the W3C's terms; the
    number of annotations, and every term of the expanded collections."""
    loader = Offline()
    count = 0
    seen: set[str] = set()
    for name, collection in _collections(path):
        assert w3c_assertions.failed("collection", collection, precise=precise) == [], name
        assert w3c_assertions.failed("page", collection, precise=precise) == [], name
        page = collection.get("first", {"items": []})
        if "first" in collection:
            assert w3c_assertions.failed("page", page, precise=precise) == [], name
        assert collection["total"] == len(page["items"])
        for annotation in page["items"]:
            assert w3c_assertions.failed("annotation", annotation, precise=precise) == [], annotation["id"]
            count += 1
        expanded = jsonld.expand(collection, {"documentLoader": loader})
        seen |= set(_terms(expanded))
    assert set(loader.asked) == {CONTEXT}
    assert seen >= EXPECTED_TERMS
    return count, seen


# -- a corpus with every field the model holds --------------------------------------------


def _enrich(corpus: CorpusDir) -> None:
    """Notes, a hedged claim with a speaker and two about links, a
    not-mention, evidence with a source that supports and challenges, a
    Wikidata item: everything a web annotation has to carry."""
    corpus.edit(REGISTRY_FILE, "    region: africa\n", "    region: africa\n    wikidata: Q258\n")
    corpus.edit(BRIEF_FILE, "annotator: a\n", "annotator: a\nnote: The brief, in one pass 𝒜.\n")
    corpus.edit(
        BRIEF_FILE,
        "    kind: descriptive\n",
        "    kind: descriptive\n"
        "    hedged: true\n"
        "    speaker: india-mea\n"
        "    about:\n"
        "      - actor: south-africa\n"
        "        stance: rejects\n"
        "      - institution: wto\n"
        "        stance: neutral\n"
        "    note: two links, in this order\n"
        "not_mentions:\n"
        "  - quote: South\n"
        "    suffix: Asia and the Indo-Pacific\n"
        "    note: part of a region's name\n",
    )
    corpus.edit(
        ESSAY_FILE,
        "    supports: [c1]\n",
        "    supports: [c1]\n    challenges: [c2]\n    source: the WTO's minutes\n    note: an event\n",
    )


@pytest.fixture
def rich(corpus: CorpusDir) -> CorpusDir:
    _enrich(corpus)
    return corpus


# -- the external checks ---------------------------------------------------------------


def test_the_assertions_check_uris_and_fail_a_broken_annotation(rich: CorpusDir, tmp_path: Path) -> None:
    """The runner is not vacuous: uris are checked, and an annotation broken
    in four ways fails the four assertions that say so, by both validators."""
    assert w3c_assertions.checks_uris()
    path = _export(_dataset(rich), tmp_path / "w3c.zip")
    annotation = next(c for _, c in _collections(path) if "first" in c)["first"]["items"][1]
    broken: dict[str, Callable[[dict[str, Any]], None]] = {
        "annotations/3.1-annotationIdValidated.json": lambda a: a.update(id="not a uri"),
        "annotations/3.1-annotationContextValidated.json": lambda a: a.update({"@context": "http://example.org/"}),
        "annotations/3.2.5-notBodyBodyValue.json": lambda a: a.update(bodyValue="a comment"),
        "annotations/specificResource/4.2-TextDataPositionSelectorValid.json": lambda a: a.update(
            target={"source": text_iri(BRIEF), "selector": {"type": "TextPositionSelector", "start": -1, "end": 3}}
        ),
    }
    for assertion, breaks in broken.items():
        instance = copy.deepcopy(annotation)
        breaks(instance)
        for precise in (False, True):
            assert assertion in [f.assertion for f in w3c_assertions.failed("annotation", instance, precise=precise)]


def test_the_loader_refuses_the_network() -> None:
    with pytest.raises(jsonld.JsonLdError):
        Offline()("https://example.org/context.jsonld")


def test_the_export_of_the_test_corpus_passes_the_w3c_assertions_and_expands(rich: CorpusDir, tmp_path: Path) -> None:
    dataset = _dataset(rich)
    path = _export(dataset, tmp_path / FORMAT.file_name)
    count, values = _check_export(path, precise=True)
    assert count > sum(len(f.annotations()) for f in dataset.layers.files)  # links are annotations too
    # every motivation and purpose the export uses is a term of the model
    assert values >= EXPECTED_VALUES


@pytest.fixture(scope="module")
def repository_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """The repository's corpus, validated and built, and its export (made
    once for the tests that read it)."""
    dataset = repository_dataset()
    return dataset, _export(dataset, tmp_path_factory.mktemp("repository") / FORMAT.file_name)


def test_the_export_of_the_repository_corpus_passes_the_w3c_assertions_and_expands(
    repository_export: tuple[Dataset, Path],
) -> None:
    dataset, path = repository_export
    assert _check_export(path, precise=False)[0] >= sum(len(f.annotations()) for f in dataset.layers.files)
    assert sorted(n for n, _ in _collections(path)) == sorted(
        f"{f.annotator}/{f.document}.jsonld" for f in dataset.layers.files
    )


def test_the_same_dataset_gives_the_same_bytes(rich: CorpusDir, tmp_path: Path) -> None:
    first = _export(_dataset(rich), tmp_path / "one.zip").read_bytes()
    second = _export(_dataset(rich), tmp_path / "two.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert b"\r" not in data and data.endswith(b"}\n")
            assert (
                data.decode("utf-8")
                == json.dumps(json.loads(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            )


def test_the_format_is_registered() -> None:
    assert FORMATS["w3c"] is FORMAT
    assert FORMAT.file_name == "sscorpus-w3c.zip"


def test_an_annotation_without_a_span_stops_the_export(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit(
        BRIEF_FILE, "    quote: India-US 2+2 Intersessional", "    quote: Nowhere in this text 2+2 Intersessional"
    )
    checked = corpus.check()
    findings = FORMAT.write(build(checked), tmp_path / "w3c.zip")
    assert corpus.located(findings) == {("export.w3c-unanchored", BRIEF_FILE, 7, 5)}
    assert not (tmp_path / "w3c.zip").exists()


# -- the reader gives back the export ---------------------------------------------------------


def _entity_path(ref: Ref) -> str:
    return Meaning(ref.expected, entity=ref.id).path


Read = tuple[list[str], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _quote(text: str, pieces: tuple[tuple[int, int], ...]) -> str:
    return " ".join(text[start:end] for start, end in pieces)


def _expected(corpus: Corpus, file: AnnotationFile) -> Read:
    """What the reader should give for one file, from the model: its note;
    (document, pieces, codes, quoted, fields) of each selection and
    (code, source id, target, is a code) of each relation, in order."""
    text = corpus.documents[file.document].text
    assert text is not None
    selections: list[tuple[Any, ...]] = []
    for mention, tag in [*((m, ()) for m in file.mentions), *((m, ("not_mention",)) for m in file.not_mentions)]:
        assert mention.span is not None
        entity = (_entity_path(mention.entity),) if mention.entity else ()
        fields = {"note": mention.note} if mention.note else {}
        selections.append((file.document, mention.span.pieces, tag + entity, _quote(text, mention.span.pieces), fields))
    for claim in file.claims:
        assert claim.span is not None and claim.id is not None
        fields = {
            "id": claim.id,
            **({"hedged": "true"} if claim.hedged else {}),
            **({"note": claim.note} if claim.note else {}),
        }
        path = Meaning("claim", kind=claim.kind).path
        selections.append((file.document, claim.span.pieces, (path,), _quote(text, claim.span.pieces), fields))
    for evidence in file.evidence:
        assert evidence.span is not None and evidence.id is not None
        fields = {"id": evidence.id}
        fields |= {"source": evidence.cited} if evidence.cited else {}
        fields |= {"note": evidence.note} if evidence.note else {}
        path = Meaning("evidence", kind=evidence.kind).path
        selections.append((file.document, evidence.span.pieces, (path,), _quote(text, evidence.span.pieces), fields))
    relations: list[tuple[Any, ...]] = []
    for claim in file.claims:
        for link in claim.about:
            relations.append(
                (Meaning(ABOUT, stance=link.stance).path, ("claim", claim.id), _entity_path(link.target), True)
            )
        if claim.speaker:
            relations.append(("speaker", ("claim", claim.id), _entity_path(claim.speaker), True))
    for evidence in file.evidence:
        for relation, ref in evidence.relations():
            relations.append((relation, ("evidence", evidence.id), ("claim", ref.id), False))
    return [file.note] if file.note else [], selections, relations


def _read_back(project: ForeignProject) -> dict[tuple[str, str], Read]:
    """The project's notes, selections and relations by (creator, document), as ``_expected`` gives them."""
    by_id = {s.id: s for s in project.selections}

    def named(selection_id: str) -> tuple[str, str]:
        selection = by_id[selection_id]
        return (("claim" if selection.codes[0].startswith("claim") else "evidence"), selection.fields["id"])

    found: dict[tuple[str, str], Read] = {}
    for note in project.notes:
        assert note.creator is not None
        found.setdefault((note.creator, note.document), ([], [], []))[0].append(note.note)
    for s in project.selections:
        assert s.creator is not None
        found.setdefault((s.creator, s.document), ([], [], []))[1].append(
            (s.document, s.pieces, s.codes, s.quoted, dict(s.fields))
        )
    for r in project.relations:
        source = by_id[r.source]
        assert source.creator is not None
        target = r.target if r.target_is_code else named(r.target)
        found[(source.creator, source.document)][2].append((r.code, named(r.source), target, r.target_is_code))
    return found


@pytest.mark.parametrize("which", ["test", "enriched", "repository"])
def test_the_reader_gives_back_the_export(
    corpus: CorpusDir, tmp_path: Path, which: str, request: pytest.FixtureRequest
) -> None:
    enriched = which == "enriched"
    if enriched:
        _enrich(corpus)
    if which == "repository":
        dataset, path = request.getfixturevalue("repository_export")
    else:
        dataset = _dataset(corpus)
        path = _export(dataset, tmp_path / FORMAT.file_name)
    project = FORMAT.read(path)
    assert project.findings == []
    assert project.format == "w3c" and project.texts == {}
    expected = {(f.annotator, f.document): _expected(dataset.corpus, f) for f in dataset.layers.files}
    assert _read_back(project) == expected
    # every code sscorpus wrote is a codebook path, and says so
    for code in project.codes.values():
        assert code.path is not None and code.path == (code.id if "://" not in code.id else code.path)
    if enriched:
        wikidata = project.codes["http://www.wikidata.org/entity/Q258"]
        assert wikidata.path == "actor/south-africa"
        essay = dataset.corpus.documents[ESSAY].text
        assert essay is not None
        c2 = next(s for s in project.selections if s.fields.get("id") == "c2")
        assert len(c2.pieces) == 2 and c2.quoted == _quote(essay, c2.pieces)
        assert c2.prefix == essay[c2.pieces[0][0] - 32 : c2.pieces[0][0]]
        assert c2.suffix == essay[c2.pieces[-1][1] : c2.pieces[-1][1] + 32]


def test_the_reader_reads_a_folder_and_a_single_collection_as_the_zip(rich: CorpusDir, tmp_path: Path) -> None:
    path = _export(_dataset(rich), tmp_path / FORMAT.file_name)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    from_zip, from_folder = FORMAT.read(path), FORMAT.read(folder)
    assert _read_back(from_folder) == _read_back(from_zip)
    single = FORMAT.read(folder / "a" / f"{BRIEF}.jsonld")
    assert _read_back(single) == {k: v for k, v in _read_back(from_zip).items() if k[1] == BRIEF}
    assert single.selections[0].where.path == folder / "a" / f"{BRIEF}.jsonld"


# -- files as other tools write them ----------------------------------------------------------

#: annotations as a Hypothesis-style client exports them, and one as Recogito
#: writes an entity link: a quote that no longer matches the corpus text
#: ("multilateral system" for "multilateralism system"), a tag no codebook
#: has ("economy"), a comment with a character outside the BMP, positions in
#: code points after such a character, a target with a quote only
HAND_MADE = """\
[
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/Xy12AbCdEf",
    "type": "Annotation",
    "created": "2026-11-02T10:00:00.000000+00:00",
    "creator": "acct:ra1@hypothes.is",
    "motivation": "commenting",
    "body": [
      {"type": "TextualBody", "value": "Is the \U0001d49c here hedged?", "format": "text/markdown"},
      {"type": "TextualBody", "purpose": "tagging", "value": "claim/evaluative"},
      {"type": "TextualBody", "purpose": "tagging", "value": "economy"}
    ],
    "target": [
      {
        "source": "https://www.example.org/mthembu-multilateralism",
        "selector": [
          {"type": "RangeSelector",
           "startSelector": {"type": "XPathSelector", "value": "/main[1]/p[3]"},
           "endSelector": {"type": "XPathSelector", "value": "/main[1]/p[3]"}},
          {"type": "TextPositionSelector", "start": 871, "end": 930},
          {"type": "TextQuoteSelector", "exact": "This has exposed a real weakness in the multilateral system",
           "prefix": "countries of the Global North. ", "suffix": ", that even during a pandemic"}
        ]
      }
    ]
  },
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/Zz99",
    "type": "Annotation",
    "creator": {"type": "Person", "nickname": "ra2"},
    "bodyValue": "a note only",
    "target": {
      "source": "https://www.example.org/essay",
      "selector": {"type": "TextQuoteSelector", "exact": "\U0001d49c index", "prefix": "the ", "suffix": " rose"}
    }
  },
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/Reply1",
    "type": "Annotation",
    "motivation": "replying",
    "bodyValue": "I agree",
    "target": "https://hypothes.is/a/Xy12AbCdEf"
  },
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://recogito.example/annotation/7",
    "type": "Annotation",
    "body": [
      {"type": "TextualBody", "purpose": "tagging", "value": "Place"},
      {"type": "SpecificResource", "purpose": "identifying", "source": "http://www.wikidata.org/entity/Q258"}
    ],
    "target": {
      "source": "https://www.example.org/essay",
      "selector": [
        {"type": "TextQuoteSelector", "exact": "South Africa", "prefix": "the \U0001d49c index of ", "suffix": " rose"},
        {"type": "TextPositionSelector", "start": 19, "end": 31}
      ]
    }
  },
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/PageNote",
    "type": "Annotation",
    "creator": "acct:ra1@hypothes.is",
    "body": {"type": "TextualBody", "value": "A page note", "purpose": "commenting"},
    "target": "https://www.example.org/essay"
  }
]
"""


def test_a_hand_made_file_reads_into_what_it_says(tmp_path: Path) -> None:
    path = tmp_path / "hypothesis-export.json"
    path.write_text(HAND_MADE, encoding="utf-8")
    project = FORMAT.read(path)
    # a reply links annotations but names no relation: reported where it stands, not read as a selection
    assert [(f.code, f.line, f.column) for f in project.findings] == [(codes.IMPORT_W3C_SHAPE, 39, 3)]
    hypothesis, note, recogito = project.selections
    assert hypothesis.document == "https://www.example.org/mthembu-multilateralism"
    assert hypothesis.pieces == ((871, 930),)
    assert hypothesis.quoted == "This has exposed a real weakness in the multilateral system"
    assert (hypothesis.prefix, hypothesis.suffix) == (
        "countries of the Global North. ",
        ", that even during a pandemic",
    )
    assert hypothesis.codes == ("claim/evaluative", "economy")
    assert hypothesis.fields == {"note": "Is the \U0001d49c here hedged?"}
    assert hypothesis.creator == "acct:ra1@hypothes.is"
    assert (hypothesis.where.line, hypothesis.where.column) == (2, 3)
    # a quote-only target: no pieces, its text and context for the importer to find it
    assert note.pieces == () and note.quoted == "\U0001d49c index" and (note.prefix, note.suffix) == ("the ", " rose")
    assert note.fields == {"note": "a note only"} and note.codes == () and note.creator == "ra2"
    # positions count code points: "South Africa" after a character outside the BMP
    assert recogito.pieces == ((19, 31),) and recogito.quoted == "South Africa"
    assert recogito.codes == ("Place", "http://www.wikidata.org/entity/Q258") and recogito.creator is None
    # none of it was written by sscorpus: no code claims a codebook path
    assert {c.id: c.path for c in project.codes.values()} == {
        "claim/evaluative": None,
        "economy": None,
        "Place": None,
        "http://www.wikidata.org/entity/Q258": None,
    }
    assert project.relations == []
    # a note on the whole page is a note on the document
    [page_note] = project.notes
    assert (page_note.document, page_note.note, page_note.creator) == (
        "https://www.example.org/essay",
        "A page note",
        "acct:ra1@hypothes.is",
    )


# -- bad files -----------------------------------------------------------------------------------


def test_bad_json_gives_a_located_finding_and_the_rest_is_read(rich: CorpusDir, tmp_path: Path) -> None:
    path = _export(_dataset(rich), tmp_path / "w3c.zip")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"a/{ESSAY}.jsonld":
                data = data.replace(b'"http://www.w3.org/ns/anno.jsonld",', b'"http://www.w3.org/ns/anno.jsonld"', 1)
            target.writestr(info, data)
    project = FORMAT.read(broken)
    [finding] = project.findings
    assert (finding.code, finding.path) == (codes.JSON_SYNTAX, broken / f"a/{ESSAY}.jsonld")
    with zipfile.ZipFile(broken) as archive:
        member = archive.read(f"a/{ESSAY}.jsonld").decode("utf-8").splitlines()
    line = next(i for i, text in enumerate(member, 1) if text.endswith('"http://www.w3.org/ns/anno.jsonld"'))
    assert (finding.line, finding.column) == (line + 1, 3)
    assert {s.document for s in project.selections} == {BRIEF}


def test_unreadable_annotations_are_located_and_left_out(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonld"
    path.write_text(
        """\
{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "type": "AnnotationPage",
  "items": [
    {"type": "Annotation", "id": "urn:x:1", "body": "urn:x:b"},
    {"type": "Annotation", "id": "urn:x:2",
     "target": {"source": "urn:x:text", "selector": {"type": "TextPositionSelector", "start": 9, "end": 3}}},
    "https://example.org/annotation/3",
    {"type": "Annotation", "id": "urn:x:4",
     "target": {"source": "urn:x:text", "selector": {"type": "TextPositionSelector", "start": 3, "end": 9}}}
  ],
  "next": "https://example.org/page/2"
}
""",
        encoding="utf-8",
    )
    project = FORMAT.read(path)
    assert {(f.code, f.line, f.column) for f in project.findings} == {
        (codes.IMPORT_W3C_SHAPE, 5, 5),
        (codes.IMPORT_W3C_SHAPE, 7, 53),
        (codes.IMPORT_W3C_REMOTE, 8, 5),
        (codes.IMPORT_W3C_REMOTE, 1, 1),
    }
    [selection] = project.selections
    assert (selection.id, selection.document, selection.pieces, selection.quoted) == (
        "urn:x:4",
        "urn:x:text",
        ((3, 9),),
        None,
    )


def test_a_file_that_is_no_zip_nor_json_gives_findings(tmp_path: Path) -> None:
    path = tmp_path / "annotations.jsonld"
    path.write_bytes(b"\xff\xfe not utf-8")
    project = FORMAT.read(path)
    assert [f.code for f in project.findings] == [codes.FILE_ENCODING]
    assert project.selections == []


def test_a_single_annotation_is_read(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    annotations = json.loads(HAND_MADE)
    path.write_text(json.dumps(annotations[0], indent=1), encoding="utf-8")
    project = FORMAT.read(path)
    assert project.findings == []
    [selection] = project.selections
    assert (selection.id, selection.pieces, selection.codes) == (
        "https://hypothes.is/a/Xy12AbCdEf",
        ((871, 930),),
        ("claim/evaluative", "economy"),
    )
