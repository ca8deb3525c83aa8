"""Import: foreign coding (hand-made ForeignProjects, as a reader gives
them) becomes annotation files, or located findings for what it cannot
carry; nothing is overwritten and nothing is written that does not validate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

import sscorpus
from conftest import BRIEF, ESSAY, ESSAY_FILE, CorpusDir
from interchange_toy import TOY
from sscorpus.checks.reporters import display_path
from sscorpus.cli import main
from sscorpus.corpus.model import Location
from sscorpus.findings import SetupError
from sscorpus.interchange import formats
from sscorpus.interchange.foreign import ForeignCode, ForeignProject, ForeignRelation, ForeignSelection
from sscorpus.interchange.importing import Imported, import_project

FOREIGN = Path("/elsewhere/project.qde")
CLAIM = "This has exposed a real weakness in the multilateralism system"


def at(line: int, column: int = 1) -> Location:
    return Location(FOREIGN, line, column)


def code(name: str, line: int = 1, *, parents: tuple[str, ...] = ()) -> ForeignCode:
    return ForeignCode(name, name, at(line), parents)


def select(
    sid: str,
    text: str,
    quote: str,
    codes: Iterable[str],
    line: int,
    *,
    n: int = 0,
    document: str = ESSAY,
    fields: Mapping[str, str] | None = None,
    quoted: str | None = None,
    creator: str | None = None,
) -> ForeignSelection:
    """A selection of the n-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(n + 1):
        start = text.index(quote, start + 1)
    return ForeignSelection(
        sid, document, ((start, start + len(quote)),), tuple(codes), at(line), quoted, creator, fields or {}
    )


def project(
    texts: dict[str, str],
    codes: Iterable[ForeignCode],
    selections: Iterable[ForeignSelection],
    relations: Iterable[ForeignRelation] = (),
) -> ForeignProject:
    return ForeignProject(FOREIGN, "test", {c.id: c for c in codes}, texts, list(selections), list(relations), [])


def findings(result: Imported) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in result.report.findings}


@pytest.fixture
def essay(corpus: CorpusDir) -> str:
    text = sscorpus.check(corpus.root).corpus.documents[ESSAY].text
    assert text is not None
    return text


def test_identical_text_gives_the_file_sscorpus_new_would_start(corpus: CorpusDir, essay: str) -> None:
    found = project(
        {ESSAY: essay},
        [code("claim/evaluative"), code("institution/wto"), code("about/neutral"), code("Gibberish", 4)],
        [
            select("s1", essay, CLAIM, ["claim/evaluative"], 10, fields={"id": "k7", "note": "A note: with colon"}),
            select("s2", essay, "World Trade Organisation (WTO)", ["institution/wto"], 11),
        ],
        [ForeignRelation("r1", "about/neutral", "s1", "institution/wto", at(12), target_is_code=True)],
    )
    result = import_project(corpus.root, found, "z")
    assert result.report.findings == []
    path = corpus.path(f"annotations/z/{ESSAY}.yaml")
    assert result.written == [path]
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/annotation-file.schema.json\n"
        f"document: {ESSAY}\n"
        "annotator: z\n"
        "\n"
        "mentions:\n"
        "  - institution: wto\n"
        "    quote: World Trade Organisation (WTO)\n"
        "\n"
        "claims:\n"
        "  - id: k7\n"
        f"    quote: {CLAIM}\n"
        "    kind: evaluative\n"
        "    about:\n"
        "      - institution: wto\n"
        "        stance: neutral\n"
        '    note: "A note: with colon"\n'
        "\n"
        "evidence: []\n"
    )
    assert not sscorpus.check(corpus.root).report.errors


def test_changed_text_is_carried_and_a_changed_passage_is_reported(corpus: CorpusDir, essay: str) -> None:
    changed = CLAIM.replace("real", "grave")
    foreign = "A heading the tool added\n\n" + essay.replace(CLAIM, changed)
    found = project(
        {ESSAY: foreign},
        [code("claim/evaluative"), code("institution/wto")],
        [
            select("s1", foreign, changed, ["claim/evaluative"], 10),
            select("s2", foreign, "World Trade Organisation (WTO)", ["institution/wto"], 11),
        ],
    )
    result = import_project(corpus.root, found, "z")
    assert findings(result) == {("import.text-mismatch", 10)}
    checked = sscorpus.check(corpus.root)
    (file,) = [f for f in checked.corpus.files if f.annotator == "z"]
    assert file.claims == ()
    (mention,) = file.mentions
    assert mention.span is not None and mention.span.pieces == ((799, 829),)  # the corpus text's place


def test_a_selection_whose_quote_differs_from_the_corpus_text_is_reported(corpus: CorpusDir, essay: str) -> None:
    found = project(
        {ESSAY: essay},
        [code("claim/evaluative"), code("institution/wto")],
        [
            select("s1", essay, CLAIM, ["claim/evaluative"], 10, quoted="This has exposed a grave weakness"),
            select(
                "s2",
                essay,
                "World Trade Organisation (WTO)",
                ["institution/wto"],
                11,
                quoted="World Trade Organisation (WTO)",
            ),
        ],
    )
    result = import_project(corpus.root, found, "z")
    assert findings(result) == {("import.quote-mismatch", 10)}
    assert len(result.written) == 1


def test_an_unmapped_code_is_reported_at_the_code_until_the_map_names_it(
    corpus: CorpusDir, essay: str, tmp_path: Path
) -> None:
    selections = [
        select("s1", essay, CLAIM, ["Evaluation"], 10),
        select("s2", essay, "World Trade Organisation (WTO)", ["institution/wto"], 11),
    ]
    found = project({ESSAY: essay}, [code("Evaluation", 3), code("institution/wto", 4)], selections)
    result = import_project(corpus.root, found, "z")
    assert findings(result) == {("import.unmapped-code", 3)}
    assert result.report.findings[0].column == 1
    (corpus.path(f"annotations/z/{ESSAY}.yaml")).unlink()
    map_file = tmp_path / "map.yaml"
    map_file.write_text("codes:\n  Evaluation: claim/evaluative\n", encoding="utf-8")
    mapped = import_project(corpus.root, found, "z", map_file=map_file)
    assert mapped.report.findings == []
    assert [c.kind for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z" for c in f.claims] == [
        "evaluative"
    ]


def test_a_code_the_map_ignores_is_left_out_with_a_warning_not_an_error(
    corpus: CorpusDir, essay: str, tmp_path: Path
) -> None:
    selections = [
        select("s1", essay, CLAIM, ["Memo"], 10),
        select("s2", essay, "World Trade Organisation (WTO)", ["institution/wto"], 11),
    ]
    found = project({ESSAY: essay}, [code("Memo", 3), code("institution/wto", 4)], selections)
    map_file = tmp_path / "map.yaml"
    map_file.write_text("codes:\n  Memo: ignore\n", encoding="utf-8")
    result = import_project(corpus.root, found, "z", map_file=map_file)
    assert findings(result) == {("import.ignored-code", 3)}
    assert not result.report.errors and result.written
    imported = [f for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z"]
    assert [m.entity_id for f in imported for m in f.mentions] == ["wto"] and not imported[0].claims


def test_an_ambiguous_quote_gets_an_occurrence_or_a_prefix(corpus: CorpusDir, essay: str) -> None:
    found = project(
        {ESSAY: essay},
        [code("actor/south-africa"), code("principle/diffuse-reciprocity")],
        [
            select("s1", essay, "South Africa", ["actor/south-africa"], 10, n=1),
            select("s2", essay, "diffuse reciprocity", ["principle/diffuse-reciprocity"], 11, n=4),
        ],
    )
    result = import_project(corpus.root, found, "z")
    assert result.report.findings == []
    text = result.written[0].read_text(encoding="utf-8")
    assert "occurrence:" in text or "prefix:" in text
    (file,) = [f for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z"]
    spans = sorted(m.span.pieces for m in file.mentions if m.span is not None)
    expected = sorted([((3847, 3859),), ((5817, 5836),)])
    assert spans == expected


def test_a_discontinuous_selection_becomes_pieces(corpus: CorpusDir, essay: str) -> None:
    first = "Developing countries have consistently argued that they have limited policy"
    second = "space when it comes to issues such as trade and development"
    a, b = essay.index(first), essay.index(second)
    selection = ForeignSelection(
        "s1", ESSAY, ((a, a + len(first)), (b, b + len(second))), ("claim/descriptive",), at(10), fields={"id": "c2"}
    )
    result = import_project(corpus.root, project({ESSAY: essay}, [code("claim/descriptive")], [selection]), "z")
    assert result.report.findings == []
    assert f"    pieces:\n      - quote: {first}\n      - quote: {second}\n" in result.written[0].read_text("utf-8")
    (file,) = [f for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z"]
    assert file.claims[0].span is not None
    assert file.claims[0].span.pieces == ((a, a + len(first)), (b, b + len(second)))


def test_an_existing_file_refuses_the_whole_import(corpus: CorpusDir, essay: str) -> None:
    brief = sscorpus.check(corpus.root).corpus.documents[BRIEF].text
    assert brief is not None
    before = corpus.read(ESSAY_FILE)
    found = project(
        {ESSAY: essay, BRIEF: brief},
        [code("institution/wto"), code("actor/india-mea")],
        [
            select("s1", essay, "World Trade Organisation (WTO)", ["institution/wto"], 10),
            select("s2", brief, "external affairs ministry (India)", ["actor/india-mea"], 11, document=BRIEF),
        ],
    )
    (corpus.root / "annotations" / "a" / f"{BRIEF}.yaml").unlink()
    result = import_project(corpus.root, found, "a")
    assert [(f.code, f.path.name) for f in result.report.findings] == [("import.exists", f"{ESSAY}.yaml")]
    assert result.written == []
    assert corpus.read(ESSAY_FILE) == before
    assert not (corpus.root / "annotations" / "a" / f"{BRIEF}.yaml").exists()


def test_a_file_that_would_not_validate_is_not_written(corpus: CorpusDir, essay: str) -> None:
    found = project(
        {ESSAY: essay},
        [code("claim/evaluative"), code("institution/wto")],
        [
            select("s1", essay, CLAIM, ["claim/evaluative"], 10, fields={"note": "a bell \x07 rings"}),
            select("s2", essay, "World Trade Organisation (WTO)", ["institution/wto"], 11),
        ],
    )
    result = import_project(corpus.root, found, "z")
    path = corpus.path(f"annotations/z/{ESSAY}.yaml")
    assert result.written == [] and not path.exists()
    errors = [f for f in result.report.errors if f.path == path]
    assert errors and all(f.line > 0 for f in errors)
    assert "claims" in errors[0].pointer, [str(f) for f in errors]
    # and again where the user can see it: at the selection in the foreign file
    assert [(f.path, f.line) for f in result.report.errors if f.code == "import.invalid"] == [(FOREIGN, 10)]


def test_several_creators_need_a_name(corpus: CorpusDir, essay: str) -> None:
    found = project(
        {ESSAY: essay},
        [code("institution/wto"), code("actor/south-africa")],
        [
            select("s1", essay, "World Trade Organisation (WTO)", ["institution/wto"], 10, creator="ana"),
            select("s2", essay, "South Africa", ["actor/south-africa"], 11, creator="bo"),
        ],
    )
    with pytest.raises(SetupError, match="ana, bo"):
        import_project(corpus.root, found, "z")
    assert not corpus.path("annotations/z").exists()
    result = import_project(corpus.root, found, "bo")
    assert [
        m.entity_id for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "bo" for m in f.mentions
    ] == ["south-africa"]
    assert result.report.findings == []
    taken = import_project(corpus.root, found, "z", creator="ana")
    assert taken.report.findings == []
    # a selection that names no creator is nobody's: reported, not taken
    found.selections.append(select("s3", essay, "policy space", ["institution/wto"], 12))
    assert findings(import_project(corpus.root, found, "x", creator="ana")) == {("import.unsupported-selection", 12)}
    with pytest.raises(SetupError):
        import_project(corpus.root, found, "y", creator="nobody")


def test_what_cannot_be_carried_is_reported_where_the_file_says_it(corpus: CorpusDir, essay: str) -> None:
    wto = "World Trade Organisation (WTO)"
    start = essay.index(wto)
    found = project(
        {ESSAY: essay, "unknown.txt": "Some other text."},
        [code("claim/evaluative"), code("institution/wto"), code("about/endorses"), code("supports"), code("actor")],
        [
            select("s1", essay, CLAIM, ["claim/evaluative"], 10, fields={"id": "c1"}),
            select("s2", essay, wto, ["institution/wto"], 11),
            ForeignSelection("s3", ESSAY, ((start, start),), ("institution/wto",), at(12)),
            ForeignSelection("s4", ESSAY, ((len(essay) - 2, len(essay) + 5),), ("institution/wto",), at(13)),
            ForeignSelection("s5", "unknown.txt", ((0, 4),), ("institution/wto",), at(14)),
            select("s6", essay, "South Africa", ["actor"], 15),
            ForeignSelection("s7", ESSAY, ((start, start + 10), (start + 5, start + 20)), ("institution/wto",), at(16)),
            select("s8", essay, "diffuse reciprocity", ["claim/evaluative"], 17, fields={"id": "c1"}),
            select("s9", essay, "policy space", [], 18),
        ],
        [
            ForeignRelation("r1", "about/endorses", "s1", "nowhere", at(20)),
            ForeignRelation("r2", "supports", "s1", "s8", at(21)),
            ForeignRelation("r3", "about/endorses", "s1", "s2", at(22)),
        ],
    )
    result = import_project(corpus.root, found, "z")
    assert findings(result) == {
        ("import.empty-selection", 12),
        ("import.empty-selection", 13),
        ("import.unknown-document", 14),
        ("import.unsupported-selection", 15),
        ("import.unsupported-selection", 16),
        ("import.unsupported-selection", 18),
        ("import.relation", 20),
        ("import.relation", 21),
    }
    (file,) = [f for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z"]
    # the second c1 gets an id of its own; the about link to a mention's entity is kept
    assert sorted(c.id or "" for c in file.claims) == ["c1", "c2"]
    assert [(link.target.id, link.stance) for c in file.claims for link in c.about] == [("wto", "endorses")]


def test_the_command_imports_and_exits_as_validate_does(
    corpus: CorpusDir, essay: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(formats.FORMATS, TOY.name, TOY)
    data = {
        "codes": ["institution/wto", "Mystery"],
        "texts": {ESSAY: essay},
        "selections": [
            {"id": "s1", "document": ESSAY, "pieces": [[799, 829]], "codes": ["institution/wto"]},
            {"id": "s2", "document": ESSAY, "pieces": [[871, 933]], "codes": ["Mystery"]},
        ],
        "relations": [],
    }
    file = tmp_path / "coding.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    root = ["--root", str(corpus.root)]
    assert runner.invoke(main, ["import", "nope", str(file), "--annotator", "z", *root]).exit_code == 2
    assert runner.invoke(main, ["import", "toy", str(file), *root]).exit_code == 2  # no --annotator
    result = runner.invoke(main, ["import", "toy", str(file), "--annotator", "z", *root])
    assert result.exit_code == 1, result.output
    assert f"{display_path(file)}:2:1: error[import.unmapped-code]" in result.stdout  # as validate shows paths
    assert corpus.path(f"annotations/z/{ESSAY}.yaml").is_file()
    again = runner.invoke(main, ["import", "toy", str(file), "--annotator", "z", *root])
    assert again.exit_code == 1 and "import.exists" in again.stdout
    suggested = tmp_path / "map.yaml"
    made = runner.invoke(main, ["import", "toy", str(file), "--suggest-map", str(suggested), *root])
    assert made.exit_code == 0, made.output
    assert "  institution/wto: institution/wto\n" in suggested.read_text(encoding="utf-8")
    assert runner.invoke(main, ["import", "toy", str(file), "--suggest-map", str(suggested), *root]).exit_code == 2


def test_documents_by_option_or_map_and_relations_of_every_kind(corpus: CorpusDir, essay: str, tmp_path: Path) -> None:
    evidence = "efforts to block a waiver of certain sections of the TRIPS Agreement"
    found = ForeignProject(
        FOREIGN,
        "test",
        {
            c.id: c
            for c in [
                code("claim/evaluative"),
                code("evidence/event"),
                code("actor/south-africa"),
                code("Speaks"),
                code("challenges"),
            ]
        },
        {"Essay.docx": essay},
        [
            select("s1", essay, CLAIM, ["claim/evaluative"], 10, document="Essay.docx", fields={"hedged": "true"}),
            select("s2", essay, "South Africa", ["actor/south-africa"], 11, document="Essay.docx"),
            select("s3", essay, evidence, ["evidence/event"], 12, document="Essay.docx", fields={"source": "WTO"}),
        ],
        [
            ForeignRelation("r1", "Speaks", "s1", "s2", at(20)),
            ForeignRelation("r2", "challenges", "s3", "s1", at(21)),
        ],
        [],
    )
    map_file = tmp_path / "map.yaml"
    map_file.write_text("codes:\n  Speaks: speaker\n", encoding="utf-8")
    with pytest.raises(SetupError):
        import_project(corpus.root, found, "z", document="no-such-document", map_file=map_file)
    result = import_project(corpus.root, found, "z", document=ESSAY, map_file=map_file)
    assert result.report.findings == []
    (file,) = [f for f in sscorpus.check(corpus.root).corpus.files if f.annotator == "z"]
    (claim,) = file.claims
    assert (claim.id, claim.hedged, claim.speaker and claim.speaker.id) == ("c1", True, "south-africa")
    (piece,) = file.evidence
    assert (piece.id, piece.cited, [r.id for r in piece.challenges]) == ("e1", "WTO", ["c1"])
    # without --document: the map's documents: names it
    corpus.path(f"annotations/z/{ESSAY}.yaml").unlink()
    map_file.write_text(f"codes:\n  Speaks: speaker\ndocuments:\n  Essay.docx: {ESSAY}\n", encoding="utf-8")
    assert import_project(corpus.root, found, "z", map_file=map_file).written == [
        corpus.path(f"annotations/z/{ESSAY}.yaml")
    ]


def test_a_text_that_cannot_be_read_and_a_folder_that_is_no_corpus(
    corpus: CorpusDir, essay: str, tmp_path: Path
) -> None:
    found = project(
        {ESSAY: essay},
        [code("institution/wto")],
        [select("s1", essay, "World Trade Organisation (WTO)", ["institution/wto"], 10)],
    )
    with pytest.raises(SetupError):
        import_project(tmp_path, found, "z")
    assert list(tmp_path.iterdir()) == [corpus.root]  # no lock file left beside it
    corpus.remove(f"texts/{ESSAY}.txt")
    result = import_project(corpus.root, found, "z")
    assert findings(result) == {("import.unknown-document", 10)} and result.written == []
