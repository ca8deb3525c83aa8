"""brat standoff: the export opens in independent brat parsers with every
annotation, offset and text as the corpus has them, is the same bytes twice,
names every type it uses in its configuration, and reads back as it was
written; a collection written the way brat writes it reads into the
expected project, and a malformed one gives located findings."""

from __future__ import annotations

import dataclasses
import re
import tempfile
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from built import repository_dataset
from conftest import ESSAY, ESSAY_FILE, CorpusDir, depth
from sscorpus.checks.validate import check
from sscorpus.corpus.model import AnnotationFile, Location, Unanchored
from sscorpus.dataset.dataset import build
from sscorpus.dataset.value import Dataset
from sscorpus.interchange.brat import FORMAT, ann_file
from sscorpus.interchange.brat.lines import escape, fragments, unescape
from sscorpus.interchange.foreign import ForeignProject, ForeignRelation, ForeignSelection
from sscorpus.interchange.formats import FORMATS

with warnings.catch_warnings():
    # bratly's pydantic models still use the class-based config pydantic 2 deprecates
    warnings.simplefilter("ignore", DeprecationWarning)
    from bratly.annotation_types import AttributeAnnotation, EntityAnnotation, NoteAnnotation, RelationAnnotation
    from bratly.io.file_read_src import read_document_collection_from_folder
from pybrat.parser import BratParser

# The essay gains what the fixture corpus lacks: a not-mention, a note with a line
# break, a tab and a backslash, a hedged claim with a speaker whose about links are
# an entity mentioned inside it and two that are not, a claim across a blank line,
# and evidence that challenges with a source.
RICH_MENTION = "  - actor: south-africa\n    quote: South Africa\n    occurrence: 1\n"
RICH_NOTE = '    note: "the first\\n\\tsecond line \\\\ of the note"\n'
RICH_NOT_MENTIONS = """\
not_mentions:
  - quote: South
    suffix: Africa and BRICS
    note: part of South Africa, in the reference list
"""
RICH_CLAIMS = """\
  - id: c3
    quote: South Africa and India have raised their voices
    kind: evaluative
    hedged: true
    speaker: philani-mthembu
    about:
      - institution: wto
        stance: rejects
      - actor: south-africa
        stance: endorses
      - principle: diffuse-reciprocity
        stance: neutral
  - id: c4
    quote: They have done this by either establishing or reforming their own development cooperation architecture
    kind: descriptive
evidence:
  - id: e2
    quote: extending concessional finance
    kind: example
    source: "Mthembu (2018),\\nchapter 2"
    challenges: [c4]
"""


def rich(corpus: CorpusDir) -> CorpusDir:
    corpus.edit(ESSAY_FILE, RICH_MENTION, RICH_MENTION + RICH_NOTE)
    corpus.edit(ESSAY_FILE, "claims:\n", RICH_NOT_MENTIONS + "claims:\n")
    corpus.edit(ESSAY_FILE, "evidence:\n", RICH_CLAIMS)
    return corpus


def dataset_of(root: Path) -> Dataset:
    checked = check(root)
    assert not [f for f in checked.report.findings if f.is_error], checked.report.findings[:3]
    return build(checked)


@pytest.fixture(params=["fixture", "repository"])
def dataset(request: pytest.FixtureRequest, corpus: CorpusDir) -> Dataset:
    return dataset_of(rich(corpus).root) if request.param == "fixture" else repository_dataset()


def export(dataset: Dataset, path: Path) -> Path:
    assert FORMAT.write(dataset, path) == []
    return path


def extract(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


def annotated(file: AnnotationFile) -> list[tuple[str, Any]]:
    """(brat type, annotation) of each annotation of a file, in the order of the .ann file."""
    return [
        *((m.entity_type or "", m) for m in file.mentions),
        *(("not_mention", m) for m in file.not_mentions),
        *(("claim", c) for c in file.claims),
        *(("evidence", e) for e in file.evidence),
    ]


# -- the export, read by others ---------------------------------------------------------------------


def _cut(pieces: tuple[tuple[int, int], ...], text: str) -> tuple[tuple[int, int], ...]:
    """The pieces as brat's own annotator cuts them at line breaks (the test's own reckoning)."""
    return tuple((s + m.start(), s + m.end()) for s, e in pieces for m in re.finditer(r"[^\n]+", text[s:e]))


def _pieces(bound: EntityAnnotation, written: str | None, text: str) -> tuple[tuple[int, int], ...]:
    """A text-bound's pieces: its fragments, or the pieces its sscorpus_pieces note gives,
    which must cut into those fragments."""
    fragments = tuple((f.start, f.end) for f in bound.fragments)
    if written is None:
        return fragments
    cut = tuple((int(p.split()[0]), int(p.split()[1])) for p in written.split(";"))
    assert _cut(cut, text) == fragments
    return cut


def test_the_format_is_listed() -> None:
    assert FORMATS["brat"] is FORMAT
    assert FORMAT.file_name == "sscorpus-brat.zip"


def test_every_annotation_offset_and_text_reads_back_in_bratly_and_pybrat(dataset: Dataset, tmp_path: Path) -> None:
    """bratly parses text-bounds (discontinuous), attributes, relations and notes; its
    normalization pattern takes no '-' or '/' in an id, so pybrat reads the Reference
    normalizations, and the test's own pattern the about and speaker ones."""
    folder = extract(export(dataset, tmp_path / "b.zip"), tmp_path / "x")
    pybrat = {example.id: example for example in BratParser(error="ignore").parse(folder)}
    for file in dataset.layers.files:
        text = dataset.corpus.documents[file.document].text or ""
        ann_text = (folder / file.annotator / f"{file.document}.ann").read_text(encoding="utf-8")
        assert (folder / file.annotator / f"{file.document}.txt").read_bytes() == text.encode("utf-8")
        collection = read_document_collection_from_folder(
            str(folder / file.annotator),
            no_duplicates_ann=False,
            sort_ann=False,
            renumerotize_ann=False,
            grammar_check_ann=False,
        )
        assert collection is not None
        (document,) = [d for d in collection.documents if Path(d.fullpath).stem == file.document]
        parsed = document.annotation_collections[0].annotations
        line_ids = [line.split("\t")[0] for line in ann_text.splitlines()]
        assert [a.id for a in parsed] == [i for i in line_ids if not i.startswith("N")]  # every line parsed

        bounds = {a.id: a for a in parsed if isinstance(a, EntityAnnotation)}
        notes: dict[tuple[str, str], str] = {}
        for note in (a for a in parsed if isinstance(a, NoteAnnotation)):
            assert isinstance(note.component, EntityAnnotation)
            notes[note.component.id, note.label] = unescape(note.value)
        attributes = {(a.component.id, a.label): a.values for a in parsed if isinstance(a, AttributeAnnotation)}
        example = pybrat[f"{file.annotator}/{file.document}"]
        references = {e.id: [(r.rid, r.eid) for r in e.references] for e in example.entities}
        pieces = {t: _pieces(b, notes.get((t, "sscorpus_pieces")), text) for t, b in bounds.items()}
        for bound in bounds.values():
            frags = [(f.start, f.end) for f in bound.fragments]
            assert bound.content == " ".join(text[s:e] for s, e in frags)
            assert all("\n" not in text[s:e] for s, e in frags)
        got = Counter(
            (b.label, pieces[t], tuple(references.get(t, [])), notes.get((t, "AnnotatorNotes")))
            for t, b in bounds.items()
        )
        want = Counter(
            (
                type_,
                a.span.pieces,
                ((("sscorpus", f"{a.entity_type}/{a.entity_id}"),) if a.type == "mention" and a.entity else ()),
                a.note,
            )
            for type_, a in annotated(file)
        )
        assert got == want

        # claims and evidence by their sscorpus id: kinds, hedged, sources, supports/challenges
        ids = {t: notes[t, "sscorpus_id"] for t in bounds if (t, "sscorpus_id") in notes}
        by_id = {a.id: (type_, a) for type_, a in annotated(file) if type_ in ("claim", "evidence")}
        assert sorted(ids.values()) == sorted(by_id)
        for t, id_ in ids.items():
            type_, a = by_id[id_]
            assert pieces[t] == a.span.pieces
            assert attributes.get((t, f"{type_}_kind")) == [a.kind]
            if type_ == "claim":
                assert ((t, "hedged") in attributes) == a.hedged
            else:
                assert notes.get((t, "sscorpus_source")) == a.cited
        relations = [a for a in parsed if isinstance(a, RelationAnnotation)]
        assert Counter(
            (r.label, ids[r.argument1[1].id], ids[r.argument2[1].id])
            for r in relations
            if r.label in ("supports", "challenges")
        ) == Counter((rel, e.id, ref.id) for e in file.evidence for rel, ref in e.relations())

        # about links, in order, as relations to a mention inside the claim or normalizations
        line_of = {id_: i for i, id_ in enumerate(line_ids)}
        about: dict[str, list[tuple[int, str, str]]] = {}
        for r in relations:
            if r.label.startswith("about_"):
                source, mention = r.argument1[1], r.argument2[1]
                ((_, entity),) = references[mention.id]
                assert all(any(s <= f.start and f.end <= e for s, e in pieces[source.id]) for f in mention.fragments)
                about.setdefault(ids[source.id], []).append((line_of[r.id], entity, r.label.removeprefix("about_")))
        speakers: dict[str, str] = {}
        for number, line in enumerate(ann_text.splitlines()):
            n = re.fullmatch(r"(N\d+)\t(about_[a-z-]+|speaker|Reference) (T\d+) sscorpus:(\S+)\t.*", line)
            if line.startswith("N"):
                assert n is not None, line
            if n is not None and n.group(2).startswith("about_"):
                about.setdefault(ids[n.group(3)], []).append((number, n.group(4), n.group(2).removeprefix("about_")))
            elif n is not None and n.group(2) == "speaker":
                speakers[ids[n.group(3)]] = n.group(4)
        for claim in file.claims:
            want_about = [(f"{link.target.expected}/{link.target.id}", link.stance) for link in claim.about]
            assert [(entity, stance) for _, entity, stance in sorted(about.get(claim.id or "", []))] == want_about
            assert speakers.get(claim.id or "") == (f"actor/{claim.speaker.id}" if claim.speaker else None)


def test_each_collection_says_its_titles_and_notes(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit(ESSAY_FILE, "annotator: a\n", "annotator: a\nnote: |-\n  Done in\n  two sittings.\n")
    data = dataset_of(corpus.root)
    with zipfile.ZipFile(export(data, tmp_path / "b.zip")) as z:
        readme = z.read("a/README").decode("utf-8")
    assert f"\n{ESSAY}: {data.corpus.documents[ESSAY].title}\n  Done in\\ntwo sittings.\n" in readme


def test_the_same_dataset_gives_the_same_bytes(corpus: CorpusDir, tmp_path: Path) -> None:
    first = export(dataset_of(rich(corpus).root), tmp_path / "1.zip").read_bytes()
    second = export(dataset_of(corpus.root), tmp_path / "2.zip").read_bytes()
    assert first == second


def _conf_names(conf: str) -> dict[str, set[str]]:
    """The names each section of a brat configuration file declares (the test's own reading)."""
    names: dict[str, set[str]] = {}
    section = ""
    for line in conf.splitlines():
        header = re.fullmatch(r"\[(\w+)\]", line.strip())
        if header:
            section = header.group(1)
        elif line.strip() and not line.lstrip().startswith("#"):
            names.setdefault(section, set()).add(re.split(r"[\s|]", line.strip().removeprefix("!"))[0])
    return names


def test_the_configuration_names_every_type_used(dataset: Dataset, tmp_path: Path) -> None:
    folder = extract(export(dataset, tmp_path / "b.zip"), tmp_path / "x")
    conf = _conf_names((folder / "annotation.conf").read_text(encoding="utf-8"))
    visual = _conf_names((folder / "visual.conf").read_text(encoding="utf-8"))
    assert set(conf) == {"entities", "relations", "attributes"}  # [events] is there, and empty
    assert "[events]" in (folder / "annotation.conf").read_text(encoding="utf-8")
    used: dict[str, set[str]] = {"T": set(), "R": set(), "A": set()}
    values: set[tuple[str, str]] = set()
    for ann in folder.glob("*/*.ann"):
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")[1].split(" ")
            if line[0] in used:
                used[line[0]].add(fields[0])
            if line[0] == "A" and len(fields) == 3:
                values.add((fields[0], fields[2]))
    assert used["T"] <= conf["entities"]
    assert used["R"] <= conf["relations"]
    assert used["A"] <= conf["attributes"]
    assert used["T"] | used["R"] <= visual["labels"]
    declared = (folder / "annotation.conf").read_text(encoding="utf-8")
    for attribute, value in values:
        allowed = re.search(rf"^{attribute}\tArg:\S+, Value:(\S+)$", declared, re.M)
        assert allowed is not None and value in allowed.group(1).split("|")
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in declared
    # the registry as brat's tools/norm_db_init.py reads it: ID, then TYPE:LABEL:STRING fields
    rows = [line.split("\t") for line in (folder / "sscorpus.tsv").read_text(encoding="utf-8").splitlines()]
    entities = list(dataset.corpus.entities.values())
    assert [row[0] for row in rows] == [f"{e.type}/{e.id}" for e in entities]
    assert [row[1] for row in rows] == [f"name:Name:{' '.join(e.name.split())}" for e in entities]
    assert all(re.fullmatch(r"(name|attr|info):[A-Za-z]+:\S.*", field) for row in rows for field in row[1:])


# -- the export, read back ------------------------------------------------------------------------


def test_the_reader_gives_back_everything_the_export_holds(dataset: Dataset, tmp_path: Path) -> None:
    project = FORMAT.read(export(dataset, tmp_path / "b.zip"))
    assert project.findings == []
    files = sorted(dataset.layers.files, key=lambda f: (f.annotator, f.document))
    texts = {f.document: dataset.corpus.documents[f.document].text for f in files}
    assert project.texts == texts
    want = []
    for file in files:
        text = texts[file.document] or ""
        for type_, a in annotated(file):
            fields = {"id": a.id, "kind": a.kind} if type_ in ("claim", "evidence") else {}
            if type_ == "claim":
                fields |= {"hedged": "true" if a.hedged else None, "speaker": a.speaker.id if a.speaker else None}
            if type_ == "evidence":
                fields["source"] = a.cited
            fields["note"] = a.note
            reference = (
                (f"sscorpus:{a.entity.expected}/{a.entity.id}",)
                if type_ not in ("claim", "evidence") and a.entity
                else ()
            )
            want.append(
                (
                    file.document,
                    file.annotator,
                    a.span.pieces,
                    " ".join(text[s:e] for s, e in _cut(a.span.pieces, text)),
                    reference or (type_,),
                    {k: v for k, v in fields.items() if v is not None},
                )
            )
    assert [(s.document, s.creator, s.pieces, s.quoted, s.codes, dict(s.fields)) for s in project.selections] == want

    selections = {s.id: s for s in project.selections}
    about: list[tuple[str, str, str | None, str | None]] = []
    links: list[tuple[str, str | None, str | None]] = []
    for r in project.relations:
        source = selections[r.source]
        path = project.codes[r.code].path
        if path is not None and path.startswith("about/"):
            target = r.target if r.target_is_code else selections[r.target].codes[0]
            about.append((source.creator or "", source.fields["id"], project.codes[target].path, path))
        else:
            links.append((r.code, source.fields["id"], selections[r.target].fields["id"]))
    assert about == [
        (file.annotator, c.id, f"{link.target.expected}/{link.target.id}", f"about/{link.stance}")
        for file in files
        for c in file.claims
        for link in c.about
    ]
    assert links == [(rel, e.id, ref.id) for file in files for e in file.evidence for rel, ref in e.relations()]


def test_an_annotation_without_a_span_stops_the_export(corpus: CorpusDir) -> None:
    data = dataset_of(corpus.root)
    file = next(f for f in data.layers.files if f.document == ESSAY)
    claim = dataclasses.replace(file.claims[0], anchor=Unanchored("no such quote"))
    text = data.corpus.documents[ESSAY].text or ""
    _, findings = ann_file(dataclasses.replace(file, claims=(claim, *file.claims[1:])), text, data.corpus)
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("export.brat-unanchored", claim.where.path, claim.where.line)
    ]


def test_a_kind_brat_cannot_name_stops_the_export(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.edit("schemas/claim.schema.json", '"enum": ["descriptive",', '"enum": ["descriptive", "two words",')
    findings = FORMAT.write(dataset_of(corpus.root), tmp_path / "b.zip")
    assert [f.code for f in findings] == ["export.brat-name"]
    assert not (tmp_path / "b.zip").exists()


@pytest.mark.parametrize("value", ["plain", "a\nb", "tab\there", "back\\slash \\n", "\u2028\x85\r\x0b\x0c\x1c\x1d\x1e"])
def test_an_escaped_value_is_one_line_and_comes_back(value: str) -> None:
    assert len(f"x{escape(value)}x".splitlines()) == 1
    assert "\t" not in escape(value)
    assert unescape(escape(value)) == value


def test_fragments_are_pieces_cut_at_line_breaks() -> None:
    text = "one\ntwo\n\nthree four"
    assert fragments(((0, 13),), text) == ((0, 3), (4, 7), (9, 13))
    assert fragments(((0, 3), (9, 19)), text) == ((0, 3), (9, 19))


# -- a collection as brat writes it -------------------------------------------------------------------

SCRIPT_A = "\U0001d49c"  # MATHEMATICAL SCRIPT CAPITAL A: two UTF-16 units, one code point
#: the brat copy of a text says "Soth Africa" where the corpus text says "South Africa"
HAND_TEXT = f"{SCRIPT_A} Leaders of Soth Africa met.\nThey agreed on policy\nspace for all.\n"
HAND_CONF = """\
[entities]
Person
claim
!Group
\tOrganization

[relations]
supports\tArg1:claim, Arg2:claim

[events]

[attributes]
claim_kind\tArg:claim, Value:descriptive|evaluative
"""
HAND_VISUAL = "[labels]\nPerson | Person | Per\n"
HAND_ANN = """\
T1\tPerson 13 24\tSoth Africa
N1\tReference T1 Wikipedia:21\tSouth Africa
T2\tclaim 2 29;35 51\tLeaders of Soth Africa met. agreed on policy
A1\tclaim_kind T2 evaluative
A2\thedged T2
#1\tAnnotatorNotes T2\ta discontinuous claim
R1\tsupports Arg1:T3 Arg2:T2
T3\tclaim 52 66\tspace for all.
N2\tabout_endorses T3 sscorpus:principle/policy-space\tpolicy space
"""


def write_collection(root: Path, ann: str = HAND_ANN, text: str = HAND_TEXT) -> Path:
    (root / "coll").mkdir(parents=True)
    (root / "coll" / "brief.txt").write_text(text, encoding="utf-8", newline="")
    (root / "coll" / "brief.ann").write_text(ann, encoding="utf-8", newline="")
    (root / "annotation.conf").write_text(HAND_CONF, encoding="utf-8")
    (root / "visual.conf").write_text(HAND_VISUAL, encoding="utf-8")
    return root


def test_a_collection_as_brat_writes_it_reads_into_the_expected_project(tmp_path: Path) -> None:
    folder = write_collection(tmp_path / "brat")
    project = FORMAT.read(folder)
    assert project.findings == []
    assert project.texts == {"brief": HAND_TEXT}
    ann = folder / "coll" / "brief.ann"

    def at(line: int) -> Location:
        return Location(ann, line, 1)

    assert project.selections == [
        ForeignSelection(
            "coll/brief:T1",
            "brief",
            ((13, 24),),
            ("Wikipedia:21",),
            at(1),
            quoted="Soth Africa",
            creator="coll",
        ),
        ForeignSelection(
            "coll/brief:T2",
            "brief",
            ((2, 29), (35, 51)),
            ("claim",),
            at(3),
            quoted="Leaders of Soth Africa met. agreed on policy",
            creator="coll",
            fields={"kind": "evaluative", "hedged": "true", "note": "a discontinuous claim"},
        ),
        ForeignSelection(
            "coll/brief:T3", "brief", ((52, 66),), ("claim",), at(8), quoted="space for all.", creator="coll"
        ),
    ]
    assert project.relations == [
        ForeignRelation("coll/brief:R1", "supports", "coll/brief:T3", "coll/brief:T2", at(7)),
        ForeignRelation(
            "coll/brief:N2",
            "about_endorses",
            "coll/brief:T3",
            "sscorpus:principle/policy-space",
            at(9),
            target_is_code=True,
        ),
    ]
    codes = {id_: (c.name, c.parents, c.path) for id_, c in project.codes.items()}
    assert codes == {
        "Person": ("Person", (), None),
        "claim": ("claim", (), "claim"),
        "Group": ("Group", (), None),
        "Organization": ("Organization", ("Group",), None),
        "supports": ("supports", (), "supports"),
        "Wikipedia:21": ("South Africa", ("Person",), None),
        "about_endorses": ("about_endorses", (), "about/endorses"),
        "sscorpus:principle/policy-space": ("policy space", (), "principle/policy-space"),
    }


def test_a_zipped_collection_reads_as_the_folder(tmp_path: Path) -> None:
    folder = write_collection(tmp_path / "brat")
    archive = tmp_path / "brat.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            z.write(path, path.relative_to(folder).as_posix())
    from_folder, from_zip = FORMAT.read(folder), FORMAT.read(archive)

    def plain(project: ForeignProject, root: Path) -> list[tuple[Any, ...]]:
        return [
            (s.id, s.pieces, s.codes, s.quoted, s.where.path.relative_to(root), s.where.line)
            for s in project.selections
        ]

    assert plain(from_zip, archive) == plain(from_folder, folder)
    assert from_zip.relations and [r.code for r in from_zip.relations] == [r.code for r in from_folder.relations]


# -- malformed collections ------------------------------------------------------------------------------

GOOD = "T1\tclaim 2 29\tLeaders of Soth Africa met.\n"


@pytest.mark.parametrize(
    ("line", "code", "column"),
    [
        ("T2 claim 0 5 text", "import.brat-line", 1),
        ("X2\tclaim 0 5\ttext", "import.brat-line", 1),
        ("T1\tclaim 0 1\t" + SCRIPT_A, "import.brat-duplicate-id", 1),
        ("T2\tclaim 0 x\tfoo", "import.brat-line", 10),
        ("T2\tclaim 5 2\tfoo", "import.brat-line", 10),
        ("T2\tclaim 0 999\tfoo", "import.brat-offsets", 10),
        ("T2\tclaim 0 5;3 8\tfoo", "import.brat-line", 10),
        ("T2\tclaim 2 9\tLeader", "import.brat-line", 14),
        ("T2\tclaim 2 9", "import.brat-line", 13),
        ("R1\tsupports Arg1:T1", "import.brat-line", 4),
        ("R1\tsupports Arg1:T1 Arg2:T9", "import.brat-reference", 1),
        ("A1\thedged", "import.brat-line", 4),
        ("A1\thedged T7", "import.brat-reference", 1),
        ("N1\tReference T1 nodb\tx", "import.brat-line", 4),
        ("#1\tAnnotatorNotes\tx", "import.brat-line", 4),
        ("E1\tMeeting", "import.brat-line", 4),
        ("Q1\tclaim 0 5\tx", "import.brat-line", 1),
    ],
)
def test_a_malformed_line_is_a_located_finding_and_the_rest_is_read(
    tmp_path: Path, line: str, code: str, column: int
) -> None:
    folder = write_collection(tmp_path / "brat", ann=GOOD + line + "\n" + GOOD.replace("T1", "T5"))
    project = FORMAT.read(folder)
    ann = folder / "coll" / "brief.ann"
    assert [(f.code, f.path, f.line, f.column) for f in project.findings] == [(code, ann, 2, column)]
    assert project.selections[0].id == "coll/brief:T1"
    assert "coll/brief:T5" in [s.id for s in project.selections]


@pytest.mark.parametrize("note", ["2 29", "2 99999", "x", "29 2"])
def test_a_pieces_note_that_does_not_cut_into_the_fragments_is_kept_as_a_field(tmp_path: Path, note: str) -> None:
    folder = write_collection(tmp_path / "brat", ann=f"{GOOD}#1\tsscorpus_pieces T1\t{note}\n")
    ((selection,),) = [FORMAT.read(folder).selections]
    assert selection.pieces == ((2, 29),)
    assert selection.fields == ({} if note == "2 29" else {"sscorpus_pieces": note})


def test_what_cannot_be_read_at_all_is_a_finding(tmp_path: Path) -> None:
    not_zip = tmp_path / "b.zip"
    not_zip.write_bytes(b"not a zip")
    assert [(f.code, f.line) for f in FORMAT.read(not_zip).findings] == [("import.brat-unreadable", 0)]
    folder = write_collection(tmp_path / "brat")
    (folder / "coll" / "brief.txt").unlink()
    (folder / "other.ann").write_bytes(b"T1\tclaim 0 1\t\xff\n")
    (folder / "other.txt").write_text("x", encoding="utf-8")
    found = [(f.code, f.path.name) for f in FORMAT.read(folder).findings]
    assert found == [("import.brat-no-text", "brief.ann"), ("import.brat-unreadable", "other.ann")]


_TOKENS = ["T", "R", "A", "N", "E", "#", "*", "1", "2", "T1", "E1", " ", "\t", ":", ";", "-", "\\", "𝒜"]
_TOKENS += ["claim", "Reference", "speaker", "sscorpus:actor/x", "sscorpus_pieces", "AnnotatorNotes", "999", "2 29"]
_LINES = st.text(alphabet="TRAMNE#*12 \t:;-abXY𝒜\\", max_size=24) | st.lists(st.sampled_from(_TOKENS)).map("".join)


@settings(max_examples=depth(150, 3000), deadline=None)
@given(st.lists(_LINES, max_size=8))
def test_whatever_an_ann_file_holds_it_is_read_without_an_exception(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_collection(Path(tmp), ann=GOOD + "\n".join(lines))
        project = FORMAT.read(folder)
    assert all(f.code.startswith("import.brat-") and f.line >= 1 for f in project.findings)
    assert project.selections[0].id == "coll/brief:T1"
